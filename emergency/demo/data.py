"""Names and texts for the emergency demo data (Chinese street-level practice)."""

from ..choices import (
    Category,
    EmergencyType,
    PlanLevel,
    ProblemCategory,
    ShelterKind,
    SupplyKind,
    TeamKind,
)

# fmt: off

# (title, category, type, level, hazard safety areas it covers, owner unit)
PLANS = [
    ("突发事件总体应急预案", Category.ACCIDENT, EmergencyType.OTHER, PlanLevel.COMPREHENSIVE, [], "街道办事处"),
    ("防汛防台专项应急预案", Category.NATURAL, EmergencyType.FLOOD, PlanLevel.SPECIAL, ["disaster"], "街道应急办"),
    ("地震应急预案", Category.NATURAL, EmergencyType.EARTHQUAKE, PlanLevel.SPECIAL, ["disaster"], "街道应急办"),
    ("低温雨雪冰冻灾害应急预案", Category.NATURAL, EmergencyType.SNOW, PlanLevel.SPECIAL, ["disaster"], "街道城管科"),
    ("火灾事故应急预案", Category.ACCIDENT, EmergencyType.FIRE, PlanLevel.SPECIAL, ["fire"], "区消防救援大队"),
    ("燃气泄漏事故应急预案", Category.ACCIDENT, EmergencyType.GAS, PlanLevel.SPECIAL, ["home", "fire"], "街道安监办"),
    ("危险化学品事故应急预案", Category.ACCIDENT, EmergencyType.CHEMICAL, PlanLevel.SPECIAL, ["workplace"], "街道安监办"),
    ("道路交通事故应急预案", Category.ACCIDENT, EmergencyType.TRAFFIC, PlanLevel.SPECIAL, ["traffic"], "区交警大队中队"),
    ("电梯困人事故应急预案", Category.ACCIDENT, EmergencyType.ELEVATOR, PlanLevel.SPECIAL, ["public"], "区市场监管所"),
    ("防溺水应急预案", Category.ACCIDENT, EmergencyType.DROWNING, PlanLevel.SPECIAL, ["water", "children"], "中心小学"),
    ("突发传染病疫情应急预案", Category.PUBLIC_HEALTH, EmergencyType.EPIDEMIC, PlanLevel.SPECIAL, [], "社区卫生服务中心"),
    ("食物中毒事件应急预案", Category.PUBLIC_HEALTH, EmergencyType.FOOD, PlanLevel.SPECIAL, ["school"], "区市场监管所"),
    ("人员密集场所拥挤踩踏事件应急预案", Category.SOCIAL, EmergencyType.CROWD, PlanLevel.SPECIAL, ["public"], "区公安分局派出所"),
    ("群体性事件应急预案", Category.SOCIAL, EmergencyType.MASS, PlanLevel.SPECIAL, ["order"], "街道综治办"),
    ("高层住宅火灾现场处置方案", Category.ACCIDENT, EmergencyType.FIRE, PlanLevel.ONSITE, ["fire", "home"], "幸福家园物业"),
    ("中心小学紧急疏散现场处置方案", Category.ACCIDENT, EmergencyType.FIRE, PlanLevel.ONSITE, ["school", "children"], "中心小学"),
    ("养老院火灾现场处置方案", Category.ACCIDENT, EmergencyType.FIRE, PlanLevel.ONSITE, ["elderly", "fire"], "街道民政科"),
]

REVISIONS = [
    ("调整应急指挥部成员及联系方式；补充夜间值守安排。", "机构人员调整"),
    ("根据演练发现的问题，细化疏散路线和集合点，增加老年人、残疾人转移责任人。", "演练发现问题"),
    ("依据新修订的上级预案调整响应分级和启动条件。", "上级预案修订"),
    ("定期评审：更新物资储备清单和救援队伍名录。", "定期评审"),
]

PLAN_GROUPS = [
    ("综合协调组", "街道党政办", "负责信息汇总上报、协调各组工作、传达指挥部指令。"),
    ("抢险救援组", "街道应急救援队", "负责现场抢险、人员搜救、排除险情。"),
    ("医疗救护组", "社区卫生服务中心", "负责伤员现场急救、转运和医疗信息统计。"),
    ("疏散安置组", "街道民政科", "负责群众疏散转移、避难场所开放和临时安置。"),
    ("后勤保障组", "街道财政所", "负责应急物资调拨、车辆和通信保障。"),
    ("治安警戒组", "派出所", "负责现场警戒、交通管制和秩序维护。"),
    ("宣传报道组", "街道宣传办", "负责信息发布、舆情引导和宣传报道。"),
]

PEOPLE = [
    "李建国",
    "陈志强",
    "王丽华",
    "赵敏",
    "刘洋",
    "孙海涛",
    "周建华",
    "吴秀英",
    "郑国强",
    "钱淑芬",
    "冯立新",
    "蒋红梅",
    "韩磊",
    "杨帆",
    "朱丽",
    "何平",
    "高明",
    "林静",
]

# (name, kind, unit, spec, shelf life in days or None, check cycle)
SUPPLIES = [
    ("干粉灭火器", SupplyKind.FIREFIGHTING, "具", "MFZ/ABC4", 5 * 365, 30),
    ("消防水带", SupplyKind.FIREFIGHTING, "盘", "DN65 20米", None, 90),
    ("消防战斗服", SupplyKind.FIREFIGHTING, "套", "", None, 180),
    ("过滤式消防自救呼吸器", SupplyKind.PROTECTIVE, "个", "TZL30", 3 * 365, 90),
    ("医用防护口罩", SupplyKind.PROTECTIVE, "箱", "N95", 3 * 365, 90),
    ("救生衣", SupplyKind.FLOOD, "件", "成人款", None, 180),
    ("救生圈", SupplyKind.FLOOD, "个", "", None, 180),
    ("防汛沙袋", SupplyKind.FLOOD, "条", "编织袋", None, 180),
    ("抽水泵", SupplyKind.FLOOD, "台", "潜水泵 3寸", None, 90),
    ("橡皮艇", SupplyKind.FLOOD, "艘", "6人", None, 180),
    ("柴油发电机", SupplyKind.POWER, "台", "10kW", None, 60),
    ("应急照明灯", SupplyKind.COMMS, "盏", "充电式", None, 90),
    ("对讲机", SupplyKind.COMMS, "部", "", None, 90),
    ("扩音喇叭", SupplyKind.COMMS, "个", "手持式", None, 90),
    ("急救箱", SupplyKind.MEDICAL, "个", "标准型", 2 * 365, 90),
    ("自动体外除颤器", SupplyKind.MEDICAL, "台", "AED", 4 * 365, 30),
    ("担架", SupplyKind.MEDICAL, "副", "折叠式", None, 180),
    ("医用消毒液", SupplyKind.MEDICAL, "桶", "5L", 2 * 365, 90),
    ("救灾帐篷", SupplyKind.LIVING, "顶", "12平方米", None, 180),
    ("折叠床", SupplyKind.LIVING, "张", "", None, 180),
    ("棉被", SupplyKind.LIVING, "床", "", None, 180),
    ("瓶装饮用水", SupplyKind.LIVING, "箱", "550ml×24", 365, 60),
    ("方便食品", SupplyKind.LIVING, "箱", "", 270, 60),
    ("破拆工具组", SupplyKind.RESCUE, "套", "液压", None, 90),
    ("铁锹", SupplyKind.RESCUE, "把", "", None, 180),
    ("安全绳", SupplyKind.RESCUE, "根", "30米", 5 * 365, 180),
    ("警戒带", SupplyKind.RESCUE, "卷", "", None, 180),
    ("微型消防站器材柜", SupplyKind.FACILITY, "个", "", None, 30),
    ("应急广播终端", SupplyKind.FACILITY, "套", "", None, 90),
]

LOCATIONS = [
    "街道应急物资储备库",
    "幸福家园微型消防站",
    "阳光社区居委会仓库",
    "中心小学器材室",
    "滨河社区防汛仓库",
    "街道综合执法中队",
    "和平里社区服务中心",
    "文化中心地下一层",
]

# (name, kind, capacity, area, serves)
SHELTERS = [
    ("幸福公园应急避难场所", ShelterKind.SHELTER, 8000, 24000, "幸福、阳光、和平里社区"),
    ("中心小学操场", ShelterKind.SHELTER, 2500, 7500, "中心小学师生及周边居民"),
    ("街道文化中心", ShelterKind.INDOOR, 600, 1800, "全街道（恶劣天气临时安置）"),
    ("滨河绿地", ShelterKind.SHELTER, 3000, 9000, "滨河社区"),
    ("幸福家园小区中心广场", ShelterKind.ASSEMBLY, 800, 1200, "幸福家园小区"),
    ("阳光花园北门空地", ShelterKind.ASSEMBLY, 500, 800, "阳光花园小区"),
    ("和平里社区篮球场", ShelterKind.ASSEMBLY, 400, 600, "和平里社区"),
    ("工业园区消防通道广场", ShelterKind.ASSEMBLY, 1200, 2000, "园区企业职工"),
]

# (name, kind, size, base, capability)
TEAMS = [
    ("街道应急救援队", TeamKind.PROFESSIONAL, 30, "街道综合执法中队", "防汛抢险、火灾扑救初期处置、人员搜救"),
    ("幸福家园微型消防站", TeamKind.MICRO_FIRE, 8, "幸福家园小区", "初起火灾扑救，3分钟到场"),
    ("阳光社区微型消防站", TeamKind.MICRO_FIRE, 6, "阳光社区居委会", "初起火灾扑救、疏散引导"),
    ("社区卫生服务中心医疗救护队", TeamKind.MEDICAL, 12, "社区卫生服务中心", "现场急救、伤员分拣与转运"),
    ("物业应急抢修队", TeamKind.PROPERTY, 15, "各小区物业", "水电气抢修、电梯困人解救"),
    ("民兵应急分队", TeamKind.MILITIA, 40, "街道武装部", "抢险救灾、巡逻警戒"),
    ("平安志愿者服务队", TeamKind.VOLUNTEER, 60, "街道新时代文明实践所", "疏散引导、物资搬运、心理疏导"),
    ("应急管理专家组", TeamKind.EXPERT, 7, "区应急管理局", "风险研判、技术指导、演练评估"),
]

DRILL_PLACES = [
    "幸福家园小区",
    "中心小学",
    "阳光花园",
    "街道文化中心",
    "滨河社区",
    "和平里社区",
    "幸福养老院",
    "工业园区",
    "幸福商场",
    "街道办事处大楼",
]

PARTICIPANT_GROUPS = [
    ("居民", "疏散撤离"),
    ("学校师生", "紧急疏散"),
    ("微型消防站队员", "初起火灾扑救"),
    ("物业工作人员", "疏散引导、关闭燃气总阀"),
    ("社区卫生服务中心", "伤员急救"),
    ("平安志愿者", "秩序维护"),
    ("派出所民警", "现场警戒"),
    ("街道机关干部", "综合协调"),
]

SCENARIOS = {
    EmergencyType.FIRE: "高层住宅12楼住户厨房油锅起火，火势蔓延，楼道烟雾弥漫，有老人被困。",
    EmergencyType.GAS: "小区地下燃气管道被施工挖断，燃气大量泄漏，需紧急疏散周边300米内居民。",
    EmergencyType.FLOOD: "持续强降雨导致低洼小区积水超过40厘米，地下车库进水，部分老人行动不便需转移。",
    EmergencyType.EARTHQUAKE: "发生4.5级有感地震，学校、小区需立即组织避险并疏散至避难场所。",
    EmergencyType.ELEVATOR: "住宅电梯运行中突然停梯，轿厢内困有老人和儿童各一名。",
    EmergencyType.CROWD: "节日灯会人流密集，出口处有人摔倒，可能引发拥挤踩踏。",
    EmergencyType.EPIDEMIC: "辖区学校出现多例发热病例，疑似聚集性疫情。",
    EmergencyType.FOOD: "学校食堂午餐后多名学生出现呕吐腹痛症状。",
}
DEFAULT_SCENARIO = "辖区内发生突发事件，需按预案启动应急响应，组织先期处置和人员疏散。"

TIMELINE = [
    "09:00 发现险情，拨打119/110并向街道应急值班室报告",
    "09:02 微型消防站接警出动，物业关闭燃气总阀",
    "09:05 启动应急预案，成立现场指挥部",
    "09:06 楼栋长、志愿者引导居民沿安全通道疏散",
    "09:12 居民到达应急集合点，清点人数",
    "09:15 医疗救护组对“伤员”进行现场急救",
    "09:25 专业救援力量到场，移交现场指挥",
    "09:40 演练结束，专家点评",
]

# (description, category, suggestion)
PROBLEMS = [
    ("部分楼层应急照明灯不亮，疏散通道照度不足。", ProblemCategory.EQUIPMENT, "全面检查应急照明并建立月检制度。"),
    ("对讲机频道不统一，现场指挥指令传达滞后。", ProblemCategory.COMMS, "统一应急通信频道并开展通信联络专项训练。"),
    ("疏散时居民携带物品，楼道拥堵，疏散用时超出预定目标。", ProblemCategory.EVACUATION, "加强宣传，疏散时不携带大件物品；增设疏散引导员。"),
    ("微型消防站队员佩戴呼吸器不熟练。", ProblemCategory.SKILLS, "每月组织一次器材操作训练并考核。"),
    ("行动不便老人的转移责任人未落实到人。", ProblemCategory.PLAN, "修订预案，建立独居、失能老人转移责任清单。"),
    ("集合点清点人数无名册，统计不准确。", ProblemCategory.COMMAND, "各楼栋准备住户名册，集合后由楼栋长清点上报。"),
    ("物业与消防站衔接不畅，消防车通道被私家车占用。", ProblemCategory.COORDINATION, "开展消防通道专项整治，明确物业清障责任。"),
    ("应急物资库钥匙仅一人保管，取用延误约10分钟。", ProblemCategory.EQUIPMENT, "物资库实行双人保管，钥匙放置值班室。"),
    ("广播系统覆盖不到地下车库。", ProblemCategory.COMMS, "在地下车库加装应急广播终端。"),
    ("部分学生不清楚集合点位置。", ProblemCategory.EVACUATION, "在教学楼各层张贴疏散示意图，开学初组织认路。"),
]

RESPONSES = [
    ("7·18强降雨城市内涝", EmergencyType.FLOOD, "disaster", "滨河社区低洼小区", 120, "启动防汛Ⅳ级应急响应，开放街道文化中心临时安置点，转移群众，抽排积水。", "积水于当晚退去，无人员伤亡。"),
    ("幸福家园12幢住宅火灾", EmergencyType.FIRE, "fire", "幸福家园12幢", 86, "微型消防站3分钟到场处置，物业切断电源，疏散整栋居民，消防救援站到场扑灭。", "火灾扑灭，1人轻度烟雾吸入送医。"),
    ("阳光花园燃气管道泄漏", EmergencyType.GAS, "gas", "阳光花园东门", 300, "燃气公司关阀抢修，派出所设置警戒区，疏散周边居民和商铺。", "4小时后恢复供气，无人员伤亡。"),
    ("和平里3号楼电梯困人", EmergencyType.ELEVATOR, "", "和平里社区3号楼", 0, "物业应急抢修队到场，按程序手动盘车救出被困人员。", "被困2人20分钟内获救，无人受伤。"),
    ("幸福路与人民路交叉口多车相撞", EmergencyType.TRAFFIC, "traffic", "幸福路与人民路交叉口", 0, "交警现场管制，医疗救护队现场急救，伤员送医。", "3人受伤送医救治。"),
    ("中心小学学生疑似食物中毒", EmergencyType.FOOD, "poisoning", "中心小学", 0, "学校启动现场处置方案，停止供餐、封存留样，市场监管和卫生部门调查。", "12名学生经治疗当日出院。"),
]
# fmt: on
