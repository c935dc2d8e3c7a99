"""Code lists of the national injury surveillance report card (全国伤害监测报告卡).

Values are the national codes (standards.md §4.2). The numbering of the current national edition
is marked *verify* there, so the lists live here as data: correcting a label or adding a code is an
edit of this module; the cards that use the codes need no data migration (Django records a
choices change as a state-only AlterField, which runs no SQL). Statistics, import and forms all
read the lists from here.

Edition differences kept as data:
- 结局 (outcome): some editions have no 留观 (observation); we keep it (code 2).
- 饮酒 (alcohol): on the product-injury card, uncertain on the national card; optional here.
- 伤害发生原因 (cause): some versions merge 13 其他 and 14 不清楚; we keep both.
- community follow-up outcome (治愈 · 好转 · 致残 · 死亡 · 未知) is not on the hospital card; the
  seed's cure and death rates need it (domain README §4).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.elements import SafetyArea


class CardSex(models.TextChoices):
    """性别 as on the card (GB/T 2261.1: 1 男, 2 女, 0 未知的性别 — the card's 不详). The
    committee's ``Sex`` (population bases) has no unknown; a card may."""

    MALE = "1", _("男")
    FEMALE = "2", _("女")
    UNKNOWN = "0", _("不详")


class Residence(models.IntegerChoices):
    """户籍."""

    LOCAL = 1, _("本市/县")
    PROVINCE = 2, _("本省外地")
    OTHER_PROVINCE = 3, _("外省")
    FOREIGN = 4, _("外籍")


class Education(models.IntegerChoices):
    """文化程度 (GB/T 4658 summary as on the card)."""

    PRESCHOOL = 1, _("未上学儿童")
    ILLITERATE = 2, _("文盲、半文盲")
    PRIMARY = 3, _("小学")
    JUNIOR = 4, _("初中")
    SENIOR = 5, _("高中或中专")
    COLLEGE = 6, _("大专")
    UNIVERSITY = 7, _("大学及以上")


class Occupation(models.IntegerChoices):
    """职业 (GB/T 6565 summary as on the card)."""

    PRESCHOOL = 1, _("学龄前儿童")
    STUDENT = 2, _("在校学生")
    HOUSEWORK = 3, _("家务")
    UNEMPLOYED = 4, _("待业")
    RETIRED = 5, _("离退休人员")
    PROFESSIONAL = 6, _("专业技术人员")
    CLERK = 7, _("办事人员和有关人员")
    SERVICE = 8, _("商业、服务业人员")
    FARMING = 9, _("农牧渔水利业生产人员")
    OPERATOR = 10, _("生产运输设备操作人员及有关人员")
    MILITARY = 11, _("军人")
    OTHER = 12, _("其他/不清楚")


class Cause(models.IntegerChoices):
    """伤害发生原因 (CV04.01.003)."""

    MOTOR_VEHICLE = 1, _("机动车车祸")
    NON_MOTOR_VEHICLE = 2, _("非机动车车祸")
    FALL = 3, _("跌倒/坠落")
    BLUNT = 4, _("钝器伤")
    FIREARM = 5, _("火器伤")
    CUT = 6, _("刀/锐器伤")
    BURN = 7, _("烧烫伤")
    SUFFOCATION = 8, _("窒息/悬吊")
    DROWNING = 9, _("溺水")
    POISONING = 10, _("中毒")
    ANIMAL = 11, _("动物伤")
    SEXUAL_ASSAULT = 12, _("性侵犯")
    OTHER = 13, _("其他")
    UNKNOWN = 14, _("不清楚")


class Place(models.IntegerChoices):
    """伤害发生地点 (CV04.01.005)."""

    HOME = 1, _("家中")
    RESIDENTIAL = 2, _("公共居住场所")
    SCHOOL_PUBLIC = 3, _("学校与公共场所")
    SPORTS = 4, _("体育和运动场所")
    ROAD = 5, _("公路/街道")
    TRADE = 6, _("贸易和服务场所")
    INDUSTRIAL = 7, _("工业和建筑场所")
    FARM = 8, _("农场/农田")
    OTHER = 9, _("其他")
    UNKNOWN = 10, _("不清楚")


class Activity(models.IntegerChoices):
    """伤害发生时活动."""

    WORK = 1, _("工作")
    HOUSEWORK = 2, _("家务")
    STUDY = 3, _("学习")
    SPORTS = 4, _("体育活动")
    LEISURE = 5, _("休闲活动")
    VITAL = 6, _("生命活动")
    DRIVING = 7, _("驾乘交通工具")
    WALKING = 8, _("步行")
    OTHER = 9, _("其他")
    UNKNOWN = 10, _("不清楚")


class Intent(models.IntegerChoices):
    """意图 (CV04.01.004)."""

    UNINTENTIONAL = 1, _("非故意（意外事故）")
    SELF_HARM = 2, _("自残/自杀")
    ASSAULT = 3, _("故意（暴力、攻击）")
    UNKNOWN = 4, _("不清楚")
    OTHER = 5, _("其他")


class Nature(models.IntegerChoices):
    """伤害性质 (up to two on the card)."""

    FRACTURE = 1, _("骨折")
    SPRAIN = 2, _("扭伤/拉伤")
    OPEN_WOUND = 3, _("锐器伤、咬伤、开放伤")
    CONTUSION = 4, _("挫伤、擦伤")
    BURN = 5, _("烧烫伤")
    BRAIN = 6, _("脑震荡、脑挫裂伤")
    ORGAN = 7, _("内脏器官伤")
    OTHER = 8, _("其他")
    UNKNOWN = 9, _("不清楚")


class BodyPart(models.IntegerChoices):
    """伤害部位."""

    HEAD = 1, _("头部")
    UPPER_LIMB = 2, _("上肢")
    LOWER_LIMB = 3, _("下肢")
    TRUNK = 4, _("躯干")
    MULTIPLE = 5, _("多部位")
    WHOLE_BODY = 6, _("全身广泛受伤")
    OTHER = 7, _("其他")
    UNKNOWN = 8, _("不清楚")


class Severity(models.IntegerChoices):
    """严重程度."""

    MILD = 1, _("轻度")
    MODERATE = 2, _("中度")
    SEVERE = 3, _("重度")


class Outcome(models.IntegerChoices):
    """结局 (clinical outcome at the hospital)."""

    DISCHARGED = 1, _("处理后离院")
    OBSERVATION = 2, _("留观")
    TRANSFERRED = 3, _("转院")
    ADMITTED = 4, _("住院")
    DIED = 5, _("死亡")
    OTHER = 6, _("其他")


class FollowUp(models.IntegerChoices):
    """转归 (community follow-up) — what the cure and death rates are computed from."""

    CURED = 1, _("治愈")
    IMPROVED = 2, _("好转")
    DISABLED = 3, _("致残")
    DIED = 4, _("死亡")
    UNKNOWN = 5, _("未知")


class Alcohol(models.IntegerChoices):
    """饮酒 (product-injury card; whether on the national card is to verify)."""

    YES = 1, _("饮用")
    NO = 2, _("未饮用")
    UNKNOWN = 3, _("不清楚")


class UnitKind(models.TextChoices):
    SENTINEL_HOSPITAL = "hospital", _("哨点医院")
    CLINIC = "clinic", _("社区卫生服务中心/诊所")
    SCHOOL = "school", _("学校")
    POLICE = "police", _("派出所")
    TRAFFIC_POLICE = "traffic_police", _("交警")
    FIRE = "fire", _("消防救援")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class AccidentKind(models.TextChoices):
    TRAFFIC = "traffic", _("道路交通事故")
    FIRE = "fire", _("火灾")
    WORKPLACE = "workplace", _("生产安全事故")
    CONSTRUCTION = "construction", _("建筑施工事故")
    GAS = "gas", _("燃气事故")
    DROWNING = "drowning", _("溺水事故")
    POISONING = "poisoning", _("中毒事故")
    PUBLIC_PLACE = "public", _("公共场所事故（踩踏等）")
    VIOLENCE = "violence", _("治安/暴力事件")
    DISASTER = "disaster", _("自然灾害")
    OTHER = "other", _("其他")


# Accident kind → the safety area it belongs to (for cutting accident counts by area).
ACCIDENT_AREA = {
    AccidentKind.TRAFFIC: SafetyArea.TRAFFIC,
    AccidentKind.FIRE: SafetyArea.FIRE,
    AccidentKind.WORKPLACE: SafetyArea.WORKPLACE,
    AccidentKind.CONSTRUCTION: SafetyArea.WORKPLACE,
    AccidentKind.GAS: SafetyArea.HOME,
    AccidentKind.DROWNING: SafetyArea.WATER,
    AccidentKind.POISONING: SafetyArea.PUBLIC_PLACE,
    AccidentKind.PUBLIC_PLACE: SafetyArea.PUBLIC_PLACE,
    AccidentKind.VIOLENCE: SafetyArea.PUBLIC_ORDER,
    AccidentKind.DISASTER: SafetyArea.DISASTER,
}

TRAFFIC_CAUSES = frozenset({Cause.MOTOR_VEHICLE, Cause.NON_MOTOR_VEHICLE})

# Card cause → ICD-10 chapter XX block (approximate, standards.md §4.3, confidence M).
CAUSE_ICD10 = {
    Cause.MOTOR_VEHICLE: "V01–V89",
    Cause.NON_MOTOR_VEHICLE: "V01–V89",
    Cause.FALL: "W00–W19",
    Cause.BLUNT: "W20–W22, W50–W52",
    Cause.FIREARM: "W32–W34 (X72–X74, X93–X95)",
    Cause.CUT: "W25–W29 (X78, X99)",
    Cause.BURN: "X00–X19",
    Cause.SUFFOCATION: "W75–W84 (X70)",
    Cause.DROWNING: "W65–W74",
    Cause.POISONING: "X40–X49 (X60–X69)",
    Cause.ANIMAL: "W53–W59, X20–X29",
    Cause.SEXUAL_ASSAULT: "Y05",
}

# Coded items whose "其他（请注明）" option has a write-in on the card: field → (其他 code,
# write-in field).
WRITE_INS = {
    "cause": (Cause.OTHER, "cause_other"),
    "place": (Place.OTHER, "place_other"),
    "activity": (Activity.OTHER, "activity_other"),
    "nature": (Nature.OTHER, "nature_other"),
    "body_part": (BodyPart.OTHER, "body_part_other"),
    "outcome": (Outcome.OTHER, "outcome_other"),
}

# Codes meaning "not known" or "other" per coded field: what the data-quality page counts.
UNKNOWN_CODES = {
    "sex": (CardSex.UNKNOWN,),
    "occupation": (Occupation.OTHER,),
    "cause": (Cause.OTHER, Cause.UNKNOWN),
    "place": (Place.OTHER, Place.UNKNOWN),
    "activity": (Activity.OTHER, Activity.UNKNOWN),
    "intent": (Intent.UNKNOWN, Intent.OTHER),
    "nature": (Nature.OTHER, Nature.UNKNOWN),
    "body_part": (BodyPart.OTHER, BodyPart.UNKNOWN),
    "outcome": (Outcome.OTHER,),
}


# Intent → ICD-10 block the intent column selects.
INTENT_ICD10 = {
    Intent.UNINTENTIONAL: "V01–X59",
    Intent.SELF_HARM: "X60–X84",
    Intent.ASSAULT: "X85–Y09",
    Intent.UNKNOWN: "Y10–Y34",
}
