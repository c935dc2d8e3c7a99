"""Names, templates and small helpers of the hazards demo data (see hazards.demo)."""

import datetime

from django.utils import timezone

from safecommunity.elements import SafetyArea

from ..choices import PlaceKind

BATCH = 2000

PLACE_NAMES = {
    PlaceKind.ENTERPRISE: [
        "宏达机械厂",
        "鑫源五金加工厂",
        "恒丰纺织有限公司",
        "绿源食品厂",
        "金盾印刷厂",
    ],
    PlaceKind.SHOP: ["惠民超市", "百姓药房", "老街五金店", "便民早餐店", "阳光理发店"],
    PlaceKind.MARKET: ["城东农贸市场", "幸福商业广场"],
    PlaceKind.RESTAURANT: ["川味小厨", "老字号面馆", "江南酒家"],
    PlaceKind.SCHOOL: ["中心小学", "第二中学", "实验小学"],
    PlaceKind.KINDERGARTEN: ["阳光幼儿园", "小天使幼儿园"],
    PlaceKind.CONSTRUCTION: ["滨河花园三期工地", "地铁站配套工程工地"],
    PlaceKind.MULTI_USE: ["老街服装加工三合一场所", "东村电动车维修多合一场所"],
    PlaceKind.RENTAL: ["东村出租房屋集中区", "西巷群租房"],
    PlaceKind.HAZCHEM: ["城东加油站", "华泰化工经营部"],
    PlaceKind.FIREWORKS: ["节庆烟花爆竹零售点"],
    PlaceKind.ELDER_CARE: ["颐养院", "日间照料中心"],
    PlaceKind.MEDICAL: ["社区卫生服务中心"],
    PlaceKind.ENTERTAINMENT: ["星光KTV", "网络会所"],
    PlaceKind.RESIDENTIAL: ["幸福家园小区", "和平里老旧小区"],
    PlaceKind.ROAD: ["人民路与解放路交叉口", "学校门前路段", "城东快速路匝道"],
    PlaceKind.WATER: ["护城河段", "东湖公园水域", "村口池塘"],
    PlaceKind.PLAYGROUND: ["社区儿童游乐场"],
    PlaceKind.SPORTS: ["全民健身广场", "街道体育场"],
    PlaceKind.PARK: ["滨河公园", "文化广场"],
    PlaceKind.SHELTER: ["中心小学应急避难场所", "文化广场应急避难场所"],
}
STREETS = ["人民路", "解放路", "和平街", "建设路", "幸福大道", "东风路", "滨河路", "文化街"]
CONTACTS = ["张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄敏", "周杰", "吴霞"]
INSPECTORS = ["王丽华、赵敏", "孙海涛、冯立新", "周建华、刘洋", "网格员张伟", "安全员李娜、陈静"]

# (title, area, description, exposed groups, controls)
HAZARD_TEMPLATES = [
    (
        "电动自行车楼道充电",
        SafetyArea.FIRE,
        "楼道内停放、充电引发火灾，堵塞疏散通道",
        ["residents", "elderly"],
        "设置集中充电桩，开展楼道清理",
    ),
    (
        "老旧小区电气线路老化",
        SafetyArea.FIRE,
        "线路过载短路引发火灾",
        ["residents", "elderly"],
        "定期检查线路，推广漏电保护器",
    ),
    (
        "学校门前道路车速过快",
        SafetyArea.TRAFFIC,
        "上下学高峰学生被车辆撞伤",
        ["students", "children"],
        "设置减速带、护学岗",
    ),
    (
        "交叉口无信号灯",
        SafetyArea.TRAFFIC,
        "行人与车辆冲突导致交通事故",
        ["residents", "elderly"],
        "交警路面巡查，增设警示标志",
    ),
    (
        "河道无护栏",
        SafetyArea.WATER,
        "儿童戏水、行人失足落水溺亡",
        ["children", "left_behind"],
        "设置警示牌，汛期巡查",
    ),
    (
        "老年人居家浴室地面湿滑",
        SafetyArea.ELDERLY,
        "跌倒导致骨折",
        ["elderly"],
        "适老化改造，安装扶手和防滑垫",
    ),
    (
        "儿童游乐设施松动",
        SafetyArea.CHILDREN,
        "设施脱落致儿童坠落、夹伤",
        ["children"],
        "物业每月检查维护",
    ),
    (
        "建筑工地高处作业防护不足",
        SafetyArea.WORKPLACE,
        "高处坠落、物体打击",
        ["migrants", "workers"],
        "安全带、防护网，班前教育",
    ),
    (
        "企业机械设备防护罩缺失",
        SafetyArea.WORKPLACE,
        "机械伤害致手指离断",
        ["workers", "migrants"],
        "加装防护罩，岗前培训",
    ),
    (
        "三合一场所住人",
        SafetyArea.FIRE,
        "生产、仓储与住宿混设，火灾群死群伤",
        ["migrants"],
        "分离住宿，配置灭火器",
    ),
    (
        "燃气管道老化",
        SafetyArea.HOME,
        "燃气泄漏中毒、爆炸",
        ["residents", "elderly"],
        "燃气公司入户安检",
    ),
    (
        "农贸市场人员密集",
        SafetyArea.PUBLIC_PLACE,
        "拥挤踩踏、摔伤",
        ["residents", "elderly"],
        "疏导通道，值守巡查",
    ),
    (
        "健身器材缺少维护",
        SafetyArea.SPORTS,
        "器材损坏致运动伤害",
        ["elderly", "residents"],
        "登记台账，定期维护",
    ),
    (
        "夜间照明不足的背街小巷",
        SafetyArea.PUBLIC_ORDER,
        "抢夺、盗窃及夜行跌倒",
        ["residents"],
        "增设路灯、治安巡逻",
    ),
    (
        "低洼地带易积水",
        SafetyArea.DISASTER,
        "暴雨内涝导致财产损失与人员被困",
        ["residents", "elderly"],
        "汛前清淤，应急排涝",
    ),
    (
        "校园楼梯拥挤",
        SafetyArea.SCHOOL,
        "课间集中上下楼拥挤踩踏",
        ["students"],
        "错峰下课，教师值守",
    ),
    (
        "危化品经营点储存超量",
        SafetyArea.WORKPLACE,
        "泄漏、火灾、爆炸",
        ["workers", "residents"],
        "限量储存，专项检查",
    ),
    (
        "养老机构消防设施不足",
        SafetyArea.ELDERLY,
        "火灾时老人疏散困难",
        ["elderly", "disabled"],
        "配置喷淋和烟感，夜间值守",
    ),
]

DANGER_TEMPLATES = [
    ("灭火器过期", SafetyArea.FIRE, "现场灭火器压力不足、超过有效期"),
    ("疏散通道堆放杂物", SafetyArea.FIRE, "安全出口被货物堵塞"),
    ("电动车在楼道充电", SafetyArea.FIRE, "一楼楼道有电动车飞线充电"),
    ("临水区域警示牌缺失", SafetyArea.WATER, "河道边警示标识损毁"),
    ("减速带损坏", SafetyArea.TRAFFIC, "学校门前减速带断裂"),
    ("配电箱未上锁", SafetyArea.WORKPLACE, "配电箱门敞开，线路裸露"),
    ("脚手架连墙件缺失", SafetyArea.WORKPLACE, "工地外脚手架连墙件不足"),
    ("健身器材螺栓松动", SafetyArea.SPORTS, "广场健身器材底座螺栓松动"),
    ("燃气软管老化", SafetyArea.HOME, "餐饮场所燃气软管龟裂"),
    ("游乐设施地面缓冲层破损", SafetyArea.CHILDREN, "滑梯下方地垫破损"),
]


# Where each area's hazards and findings are typically found.
AREA_PLACE_KINDS = {
    SafetyArea.FIRE: [
        "multi_use",
        "rental",
        "residential",
        "elder_care",
        "entertainment",
        "restaurant",
        "market",
        "shop",
    ],
    SafetyArea.TRAFFIC: ["road", "school"],
    SafetyArea.WATER: ["water", "park"],
    SafetyArea.ELDERLY: ["residential", "elder_care"],
    SafetyArea.CHILDREN: ["playground", "kindergarten", "park"],
    SafetyArea.WORKPLACE: ["enterprise", "construction", "hazchem"],
    SafetyArea.HOME: ["residential", "rental", "restaurant"],
    SafetyArea.PUBLIC_PLACE: ["market", "park", "entertainment"],
    SafetyArea.SPORTS: ["sports", "park"],
    SafetyArea.PUBLIC_ORDER: ["road", "residential"],
    SafetyArea.DISASTER: ["residential", "shelter", "water"],
    SafetyArea.SCHOOL: ["school", "kindergarten"],
}


def place_for(rng, places_by_kind, area):
    candidates = [
        p for kind in AREA_PLACE_KINDS.get(area, []) for p in places_by_kind.get(kind, [])
    ]
    return rng.choice(candidates) if candidates else None


def by_kind(places):
    grouped = {}
    for place in places:
        grouped.setdefault(place.kind, []).append(place)
    return grouped


def date_between(rng, start, end):
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def pick_group(rng, groups, area):
    matching = [g for g in groups if g.safety_area == area]
    if matching:
        return matching[0]
    return rng.choice(groups) if groups and rng.random() < 0.5 else None


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
