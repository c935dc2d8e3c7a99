"""Content of the demo projects data, modelled on the seed's committee work plans."""

from safecommunity.elements import SafetyArea as A
from safecommunity.elements import TargetGroup as G

from ..choices import ActivityKind as K
from ..choices import Intervention as I

# Project working groups by area, for areas the demo committee has no group of their own.
AREA_FALLBACK = {
    A.HOME: A.ELDERLY,
    A.CHILDREN: A.SCHOOL,
    A.SPORTS: A.SCHOOL,
    A.WATER: A.SCHOOL,
    A.PUBLIC_PLACE: A.WORKPLACE,
    A.DISASTER: A.FIRE,
}

OVERALL_GOALS = (
    "按照“一年打基础、二年上台阶、三年见成效”的步骤，广泛宣传安全社区理念，"
    "营造全民关注、全民参与的氛围；建立跨部门的安全促进工作机制和伤害监测网络；"
    "针对高危人群、高风险环境和弱势群体实施安全促进项目，事故与伤害明显下降，"
    "通过全国安全社区评定。"
)
OVERALL_PRIORITIES = (
    "重点人群：老年人、儿童及学生、外来务工人员、残疾人。\n"
    "重点环境：老旧小区、学校周边道路、九小场所、农贸市场、河塘水域、建筑工地。"
)
OVERALL_TASKS = [
    # (title, area of the responsible group or "", owner, month offset from plan start, done)
    ("成立安全社区建设促进委员会和各项目工作组，召开动员大会", "", "街道办事处", 2, True),
    ("开展安全现状调查和社区诊断，建立伤害监测网络", "", "伤害统计与监测组", 4, True),
    ("制定安全促进项目实施方案和年度计划", "", "委员会办公室", 6, True),
    ("全面推进各安全促进项目，中期评估", "", "各项目工作组", 20, False),
    ("收集整理创建档案，撰写工作报告，申请评定", "", "委员会办公室", 30, False),
    ("开展项目评估与管理评审，持续改进", "", "效能督查组", 34, False),
]
ANNUAL_TASKS = [
    ("完成辖区危险源辨识与风险评价更新", A.WORKPLACE, "工作场所安全促进组", 3),
    ("学校周边道路交通设施改造", A.TRAFFIC, "交警中队、街道城管科", 5),
    ("老旧小区电动自行车集中充电点建设", A.FIRE, "消防救援大队、物业公司", 6),
    ("高龄独居老人居家适老化改造", A.ELDERLY, "街道民政科", 8),
    ("开展防溺水专题宣传和河塘巡查", A.SCHOOL, "中心小学、各村（社区）", 7),
    ("组织综合应急疏散演练", A.PUBLIC_ORDER, "派出所、各社区", 10),
    ("开展年度知晓率调查，调查覆盖面不低于50%", "", "宣传报道组", 11),
]

# (title, area, target groups, environments, interventions, background, goals, details,
#  budget (万元), status, start months ago, duration months, updates)
PROJECTS = [
    (
        "学校周边道路交通安全综合治理",
        A.TRAFFIC,
        [G.STUDENTS, G.CHILDREN],
        "中心小学、实验幼儿园周边道路及上下学时段",
        [I.ENGINEERING, I.ENFORCEMENT, I.EDUCATION],
        "2024年监测显示5–14岁儿童交通伤害占同年龄组伤害的三成，学校门口上下学高峰人车混行、缺少减速设施。",
        "学校周边交通伤害两年内下降30%；上下学时段护学岗覆盖率100%。",
        "增设减速带、护栏和人行横道；设置护学岗；开展“小手拉大手”交通安全教育。",
        "42.0",
        "running",
        11,
        24,
        4,
    ),
    (
        "电动自行车骑行安全“戴帽行动”",
        A.TRAFFIC,
        [G.DRIVERS, G.WORKERS],
        "主干道、快递外卖集散点",
        [I.EDUCATION, I.ENFORCEMENT, I.ECONOMIC],
        "电动自行车事故在非机动车车祸中占比最高，骑行人头盔佩戴率不足四成。",
        "头盔佩戴率提高到90%以上，电动自行车伤害下降20%。",
        "路口劝导、头盔优惠发放、快递外卖企业骑手安全培训。",
        "8.5",
        "running",
        9,
        18,
        3,
    ),
    (
        "老旧小区电动自行车集中充电设施建设",
        A.FIRE,
        [G.RESIDENTS, G.ELDERLY],
        "幸福里、阳光苑等老旧小区楼道",
        [I.ENGINEERING, I.POLICY],
        "老旧小区楼道飞线充电、电动车入户现象突出，近两年发生电动车起火3起。",
        "建成集中充电点12处，楼道违规充电清零。",
        "建设智能充电棚，清理楼道堆物，物业每日巡查。",
        "65.0",
        "running",
        10,
        14,
        4,
    ),
    (
        "“九小场所”消防安全提升",
        A.FIRE,
        [G.WORKERS, G.MIGRANT_WORKERS],
        "小餐饮、小旅馆、小作坊及“三合一”场所",
        [I.ENFORCEMENT, I.EDUCATION],
        "辖区九小场所数量多、消防设施不全，“三合一”住人现象时有发生。",
        "九小场所消防器材配置率100%，“三合一”场所全部整改。",
        "联合检查、配置简易喷淋和灭火器、经营者消防培训。",
        "18.0",
        "completed",
        14,
        10,
        5,
    ),
    (
        "小微企业安全生产标准化帮扶",
        A.WORKPLACE,
        [G.WORKERS, G.MIGRANT_WORKERS],
        "工业园区小微企业车间",
        [I.SERVICE, I.EDUCATION, I.ENFORCEMENT],
        "小微企业安全管理薄弱，机械伤害和刀割伤多发。",
        "30家小微企业完成标准化自评，员工三级安全教育覆盖率100%。",
        "专家驻点帮扶、班组长安全培训、隐患排查治理台账。",
        "20.0",
        "evaluating",
        13,
        12,
        4,
    ),
    (
        "居家安全隐患入户排查与改造",
        A.HOME,
        [G.ELDERLY, G.DISABLED],
        "独居老人和残疾人家庭",
        [I.SERVICE, I.ENGINEERING],
        "入户调查发现燃气软管老化、电线私拉乱接等居家隐患较多。",
        "完成500户入户排查，重点户隐患整改率100%。",
        "网格员入户排查、更换燃气软管、安装烟感报警器。",
        "15.0",
        "running",
        8,
        12,
        3,
    ),
    (
        "老年人防跌倒干预项目",
        A.ELDERLY,
        [G.ELDERLY],
        "老旧小区楼道、老年活动中心、居家卫生间",
        [I.ENGINEERING, I.EDUCATION, I.SERVICE],
        "跌倒是65岁以上老年人伤害的首位原因，冬季尤甚。",
        "65岁以上老年人跌倒发生率两年内下降20%。",
        "楼道加装扶手和感应灯、卫生间防滑改造、平衡能力训练课程。",
        "36.0",
        "running",
        12,
        24,
        5,
    ),
    (
        "儿童烧烫伤与意外伤害预防",
        A.CHILDREN,
        [G.CHILDREN, G.LEFT_BEHIND],
        "有0–6岁儿童的家庭、幼儿园",
        [I.EDUCATION, I.SERVICE],
        "0–4岁儿童烧烫伤多发生在家中厨房和浴室，家长防范意识不足。",
        "儿童家长安全知识知晓率达到85%，烧烫伤发生率下降30%。",
        "家长课堂、发放防烫安全包、幼儿园安全教育。",
        "6.0",
        "running",
        7,
        12,
        3,
    ),
    (
        "校园安全“护学岗”与应急疏散演练",
        A.SCHOOL,
        [G.STUDENTS],
        "辖区中小学、幼儿园",
        [I.EDUCATION, I.EMERGENCY],
        "学生课间追逐打闹致伤较多，应急疏散演练不规范。",
        "每学期每校至少开展2次疏散演练，学生安全教育课时达标。",
        "护学岗、应急疏散演练、安全教育课。",
        "5.0",
        "completed",
        14,
        9,
        4,
    ),
    (
        "农贸市场及商业综合体公共场所安全",
        A.PUBLIC_PLACE,
        [G.RESIDENTS],
        "农贸市场、商业综合体、广场",
        [I.ENFORCEMENT, I.ENGINEERING],
        "节假日人员密集，存在踩踏和消防通道堵塞风险。",
        "重点公共场所安全检查每月全覆盖，消防通道畅通率100%。",
        "每月联合检查、人流监测、应急广播。",
        "12.0",
        "running",
        6,
        12,
        2,
    ),
    (
        "社区健身场所器材安全检查与科学健身指导",
        A.SPORTS,
        [G.RESIDENTS, G.ELDERLY],
        "社区健身广场、篮球场",
        [I.SERVICE, I.EDUCATION],
        "部分健身器材老化，老年人使用不当致伤。",
        "健身器材完好率95%以上，开展科学健身指导12次。",
        "器材巡检挂牌、社会体育指导员进社区。",
        "4.0",
        "planned",
        0,
        12,
        0,
    ),
    (
        "防溺水“六不”宣传与河塘警示设施",
        A.WATER,
        [G.CHILDREN, G.STUDENTS, G.LEFT_BEHIND],
        "和平村河塘、水库沿岸",
        [I.EDUCATION, I.ENGINEERING],
        "暑期中小学生私自下水游泳，曾发生溺水死亡事件。",
        "危险水域警示牌和救生设施全覆盖，学生溺水零发生。",
        "设置警示牌和救生圈、暑期巡河、致家长一封信。",
        "9.0",
        "running",
        6,
        8,
        3,
    ),
    (
        "平安楼道与智能安防进小区",
        A.PUBLIC_ORDER,
        [G.RESIDENTS, G.ELDERLY],
        "开放式老旧小区",
        [I.ENGINEERING, I.SERVICE],
        "开放式小区盗窃案件较多，居民安全感不高。",
        "重点小区视频监控全覆盖，入室盗窃下降40%。",
        "安装门禁和监控、组建楼道长和平安志愿者巡防队。",
        "48.0",
        "suspended",
        9,
        12,
        2,
    ),
    (
        "反电信诈骗宣传进社区",
        A.PUBLIC_ORDER,
        [G.ELDERLY, G.RESIDENTS],
        "社区广场、老年大学",
        [I.EDUCATION],
        "老年人遭遇保健品、养老投资类诈骗案件上升。",
        "反诈知识知晓率达到90%，电诈案件下降30%。",
        "反诈讲座、情景剧、国家反诈中心APP推广。",
        "3.0",
        "running",
        10,
        12,
        3,
    ),
    (
        "汛期内涝与地质灾害隐患点监测",
        A.DISASTER,
        [G.RESIDENTS],
        "低洼地段、地下车库、山体边坡",
        [I.ENGINEERING, I.EMERGENCY],
        "辖区有易涝点5处、边坡隐患点2处，汛期存在人员伤亡风险。",
        "隐患点监测责任人全覆盖，汛期人员零伤亡。",
        "安装水位监测、挡水板，落实“一点一案”和转移预案。",
        "25.0",
        "planned",
        0,
        6,
        0,
    ),
]

UPDATE_TEXTS = [
    ("召开项目启动会，明确分工和时间表，完成现场勘查。", "编制实施方案，报委员会审定。", ""),
    (
        "完成基线调查，走访居民和单位共计{n}户（家）。",
        "按方案落实第一批干预措施。",
        "部分居民配合度不高。",
    ),
    (
        "第一批干预措施落实到位，开展宣传活动{k}场。",
        "跟踪效果，收集监测数据。",
        "资金拨付进度偏慢。",
    ),
    ("组织中期检查，整改发现的问题{k}项。", "推进第二批措施，准备中期评估。", ""),
    (
        "完成主要建设内容，组织居民满意度回访。",
        "整理项目档案，开展效果评估。",
        "个别点位施工受天气影响。",
    ),
]

ACTIVITY_TITLES = {
    A.TRAFFIC: ["交通安全进校园", "文明骑行 戴好头盔", "“小手拉大手”交通安全宣传"],
    A.FIRE: ["消防安全知识讲座", "灭火器使用培训", "电动车安全充电宣传"],
    A.WORKPLACE: ["企业员工安全生产培训", "安全生产月咨询日", "班组长安全管理培训"],
    A.HOME: ["居家燃气安全入户宣传", "居家安全隐患入户走访"],
    A.ELDERLY: ["老年人防跌倒健康讲座", "平衡能力训练课", "高龄老人入户走访"],
    A.CHILDREN: ["儿童防烫伤家长课堂", "儿童安全绘本共读"],
    A.SCHOOL: ["校园应急疏散演练观摩", "开学第一课安全教育"],
    A.PUBLIC_PLACE: ["农贸市场安全检查进社区", "公共场所防踩踏宣传"],
    A.SPORTS: ["科学健身指导进社区"],
    A.WATER: ["防溺水安全教育", "暑期防溺水“六不”宣传"],
    A.PUBLIC_ORDER: ["反诈宣传进社区", "平安志愿者巡防培训"],
    A.DISASTER: ["防灾减灾日宣传", "汛期避险转移演练观摩"],
}
KIND_BY_WORD = [
    ("演练", K.DRILL_VISIT),
    ("讲座", K.LECTURE),
    ("课堂", K.LECTURE),
    ("培训", K.TRAINING),
    ("课", K.TRAINING),
    ("走访", K.HOME_VISIT),
    ("入户", K.HOME_VISIT),
    ("检查", K.INSPECTION),
    ("咨询", K.CONSULTATION),
]
PLACES = [
    "阳光社区文化广场",
    "和平村村委会",
    "中心小学操场",
    "街道三楼会议室",
    "幸福里小区",
    "农贸市场",
    "老年活动中心",
    "实验幼儿园",
    "工业园区培训室",
    "滨河公园",
]
ORGANISERS = ["街道安监办", "街道妇联", "派出所", "消防救援站", "社区卫生服务中心", "中心小学"]
MATERIALS = ["宣传折页", "安全知识手册", "宣传海报", "防滑垫和夜灯", "反诈宣传册", "儿童安全包"]

# (title, month offset before today, area, sample, aware share)
SURVEYS = [
    ("安全社区基线调查（安全知识知晓率）", 13, "", 0.35, 0.62),
    ("消防安全知识知晓率调查", 6, A.FIRE, 0.46, 0.78),
    ("居民安全知识知晓率年度调查", 1, "", 0.55, 0.84),
]

# title | area | target group | indicator | kind | age group | injury cause | unit | direction |
# baseline | target. Injury causes are injuries.choices.Cause codes (3 跌倒/坠落, 7 烧烫伤).
OBJECTIVES = [
    "65岁及以上老年人跌倒伤害发生率下降20%|elderly|elderly|65岁以上跌倒伤害发生率|injury_rate|65+|3|||9.20|7.20",
    "道路交通伤害发生率下降|traffic||道路交通伤害发生率|injury_rate|||||1.60|1.20",
    "0–4岁儿童烧烫伤发生率下降30%|children|children|0–4岁儿童烧烫伤发生率|injury_rate|0-4|7|||3.10|2.10",
    "居民伤害总发生率下降|||伤害发生率|injury_rate|||||5.20|4.50",
    "居民安全知识知晓率达到85%||residents|安全知识知晓率|awareness_rate|||||62.00|85.00",
    "安全知识调查覆盖面达到55%||residents|调查覆盖率|survey_coverage|||||35.00|55.00",
    "消防安全知识知晓率达到85%|fire||消防安全知识知晓率|awareness_rate|||||58.00|85.00",
    "楼道电动自行车违规充电隐患清零|fire||楼道违规充电隐患|manual|||处|lower|126|0",
    "老旧小区楼道照明和扶手改造全覆盖|elderly|elderly|楼道改造完成率|manual|||%|higher|40|100",
    "企业员工三级安全教育覆盖率达到95%|workplace|workers|三级安全教育覆盖率|manual|||%|higher|70|95",
]
# This year's entered values of the manual objectives, by indicator.
OBJECTIVE_VALUES = {"楼道违规充电隐患": "58", "楼道改造完成率": "62", "三级安全教育覆盖率": "88"}
