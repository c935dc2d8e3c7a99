"""Code lists of the emergency app (element 7).

Categories follow 《突发事件应对法》; plan levels the national guideline for emergency plans
(综合应急预案 · 专项应急预案 · 现场处置方案). The types are common practice, kept as data here so a
community can be given more without touching the records that use them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

EXPIRY_WARNING_DAYS = 30
REVIEW_WARNING_DAYS = 30


class Category(models.TextChoices):
    NATURAL = "natural", _("自然灾害")
    ACCIDENT = "accident", _("事故灾难")
    PUBLIC_HEALTH = "health", _("公共卫生事件")
    SOCIAL = "social", _("社会安全事件")


class EmergencyType(models.TextChoices):
    FLOOD = "flood", _("洪涝与城市内涝")
    TYPHOON = "typhoon", _("台风与强对流天气")
    EARTHQUAKE = "earthquake", _("地震")
    GEOLOGICAL = "geological", _("地质灾害")
    SNOW = "snow", _("低温雨雪冰冻")
    FIRE = "fire", _("火灾")
    GAS = "gas", _("燃气泄漏与爆炸")
    CHEMICAL = "chemical", _("危险化学品事故")
    TRAFFIC = "traffic", _("道路交通事故")
    COLLAPSE = "collapse", _("建筑物坍塌")
    ELEVATOR = "elevator", _("特种设备事故（电梯困人等）")
    UTILITY = "utility", _("停水停电等公共设施事故")
    DROWNING = "drowning", _("溺水")
    EPIDEMIC = "epidemic", _("传染病疫情")
    FOOD = "food", _("食物中毒")
    CROWD = "crowd", _("人员密集场所拥挤踩踏")
    MASS = "mass", _("群体性事件")
    PUBLIC_ORDER = "order", _("治安与恐怖袭击事件")
    OTHER = "other", _("其他")


# The category each type belongs to; "other" may go with any category.
TYPE_CATEGORY = {
    EmergencyType.FLOOD: Category.NATURAL,
    EmergencyType.TYPHOON: Category.NATURAL,
    EmergencyType.EARTHQUAKE: Category.NATURAL,
    EmergencyType.GEOLOGICAL: Category.NATURAL,
    EmergencyType.SNOW: Category.NATURAL,
    EmergencyType.FIRE: Category.ACCIDENT,
    EmergencyType.GAS: Category.ACCIDENT,
    EmergencyType.CHEMICAL: Category.ACCIDENT,
    EmergencyType.TRAFFIC: Category.ACCIDENT,
    EmergencyType.COLLAPSE: Category.ACCIDENT,
    EmergencyType.ELEVATOR: Category.ACCIDENT,
    EmergencyType.UTILITY: Category.ACCIDENT,
    EmergencyType.DROWNING: Category.ACCIDENT,
    EmergencyType.EPIDEMIC: Category.PUBLIC_HEALTH,
    EmergencyType.FOOD: Category.PUBLIC_HEALTH,
    EmergencyType.CROWD: Category.SOCIAL,
    EmergencyType.MASS: Category.SOCIAL,
    EmergencyType.PUBLIC_ORDER: Category.SOCIAL,
}


class PlanLevel(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合（总体）应急预案")
    SPECIAL = "special", _("专项应急预案")
    ONSITE = "onsite", _("现场处置方案")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    IN_FORCE = "in_force", _("现行有效")
    SUPERSEDED = "superseded", _("已修订（历史版本）")
    ABOLISHED = "abolished", _("已废止")


# Statuses of the one live version of a plan (all others are history).
LIVE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.IN_FORCE, PlanStatus.ABOLISHED)


class ReviewState(models.TextChoices):
    OVERDUE = "overdue", _("逾期未评审")
    DUE_SOON = "due_soon", _("即将到期")
    OK = "ok", _("正常")
    UNSET = "unset", _("未设定")


class SupplyKind(models.TextChoices):
    RESCUE = "rescue", _("抢险救援器材")
    FIREFIGHTING = "firefighting", _("消防器材")
    FLOOD = "flood", _("防汛物资")
    MEDICAL = "medical", _("医疗急救物资")
    LIVING = "living", _("生活保障物资")
    PROTECTIVE = "protective", _("个人防护用品")
    COMMS = "comms", _("通信与照明设备")
    POWER = "power", _("发电与动力设备")
    FACILITY = "facility", _("应急设施")
    OTHER = "other", _("其他")


class SupplyState(models.TextChoices):
    """What the supply list filters by and the reminders report."""

    EXPIRED = "expired", _("已过期")
    EXPIRING = "expiring", _("30天内到期")
    CHECK_OVERDUE = "check_overdue", _("检查逾期")
    BELOW_MINIMUM = "below_minimum", _("低于储备定额")


class ShelterKind(models.TextChoices):
    SHELTER = "shelter", _("应急避难场所")
    INDOOR = "indoor", _("室内避难点")
    ASSEMBLY = "assembly", _("应急集合点")


class TeamKind(models.TextChoices):
    PROFESSIONAL = "professional", _("专业救援队伍")
    MICRO_FIRE = "micro_fire", _("微型消防站")
    MEDICAL = "medical", _("医疗救护队")
    PROPERTY = "property", _("物业/企业应急队")
    MILITIA = "militia", _("民兵应急分队")
    VOLUNTEER = "volunteer", _("志愿者队伍")
    EXPERT = "expert", _("应急专家组")


class DrillType(models.TextChoices):
    TABLETOP = "tabletop", _("桌面演练")
    FIELD = "field", _("实战演练")
    COMBINED = "combined", _("综合演练")


class DrillStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    HELD = "held", _("已实施")
    CANCELLED = "cancelled", _("已取消")


class DrillRating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    IMPROVE = "improve", _("需改进")


class ProblemCategory(models.TextChoices):
    PLAN = "plan", _("预案内容")
    COMMAND = "command", _("组织指挥")
    COMMS = "comms", _("通讯联络")
    EQUIPMENT = "equipment", _("物资装备")
    SKILLS = "skills", _("人员技能")
    EVACUATION = "evacuation", _("疏散引导")
    COORDINATION = "coordination", _("部门协同")
    OTHER = "other", _("其他")


class ResponseLevel(models.TextChoices):
    I = "1", _("Ⅰ级（特别重大）")  # noqa: E741 - the national level's own name
    II = "2", _("Ⅱ级（重大）")
    III = "3", _("Ⅲ级（较大）")
    IV = "4", _("Ⅳ级（一般）")
