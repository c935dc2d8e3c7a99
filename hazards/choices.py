"""Code lists of the hazards app (element 3, 8 and 11).

Kept as choices so they read the same in forms, filters, imports and reports. Where a list comes
from practice rather than a national code list, it can be extended without touching records.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    """Four-colour risk levels (安委办〔2016〕11号), from the highest down."""

    RED = "red", _("重大")
    ORANGE = "orange", _("较大")
    YELLOW = "yellow", _("一般")
    BLUE = "blue", _("低")

    @classmethod
    def rank(cls, value):
        """0 for red … 3 for blue, 4 for unassessed: sorts the worst first."""
        order = [cls.RED, cls.ORANGE, cls.YELLOW, cls.BLUE]
        return order.index(value) if value in order else len(order)

    @classmethod
    def colour_label(cls, value):
        return {
            cls.RED: _("红"),
            cls.ORANGE: _("橙"),
            cls.YELLOW: _("黄"),
            cls.BLUE: _("蓝"),
        }.get(value, "")


HIGH_RISK_LEVELS = (RiskLevel.RED, RiskLevel.ORANGE)


class PlaceCategory(models.TextChoices):
    SOCIAL_UNIT = "unit", _("社会单位")
    PUBLIC_FACILITY = "facility", _("公共设施")


class PlaceKind(models.TextChoices):
    # social units
    ENTERPRISE = "enterprise", _("企业")
    SHOP = "shop", _("商铺/门店")
    MARKET = "market", _("商场/农贸市场")
    RESTAURANT = "restaurant", _("餐饮场所")
    SCHOOL = "school", _("学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    CONSTRUCTION = "construction", _("建筑工地")
    MULTI_USE = "multi_use", _("三合一/多合一场所")
    RENTAL = "rental", _("出租房屋")
    HAZCHEM = "hazchem", _("危险化学品经营单位")
    FIREWORKS = "fireworks", _("烟花爆竹经营点")
    ELDER_CARE = "elder_care", _("养老机构")
    MEDICAL = "medical", _("医疗机构")
    ENTERTAINMENT = "entertainment", _("娱乐场所")
    RESIDENTIAL = "residential", _("住宅小区")
    # public facilities
    ROAD = "road", _("道路/路口")
    WATER = "water", _("水域/河道")
    PLAYGROUND = "playground", _("儿童游乐场")
    SPORTS = "sports", _("体育场地")
    PARK = "park", _("公园/广场")
    SHELTER = "shelter", _("应急避难场所")
    OTHER_FACILITY = "facility_other", _("其他公共设施")
    OTHER_UNIT = "unit_other", _("其他单位")


PUBLIC_FACILITY_KINDS = frozenset(
    {
        PlaceKind.ROAD,
        PlaceKind.WATER,
        PlaceKind.PLAYGROUND,
        PlaceKind.SPORTS,
        PlaceKind.PARK,
        PlaceKind.SHELTER,
        PlaceKind.OTHER_FACILITY,
    }
)


def category_for_kind(kind):
    if kind in PUBLIC_FACILITY_KINDS:
        return PlaceCategory.PUBLIC_FACILITY
    return PlaceCategory.SOCIAL_UNIT


class HazardStatus(models.TextChoices):
    ACTIVE = "active", _("管控中")
    ELIMINATED = "eliminated", _("已消除")
    ARCHIVED = "archived", _("已归档")


class IdentificationSource(models.TextChoices):
    SURVEY = "survey", _("安全现状调查")
    INSPECTION = "inspection", _("检查发现")
    INJURY_DATA = "injury_data", _("伤害数据分析")
    RESIDENT_REPORT = "resident_report", _("居民报告")
    OTHER = "other", _("其他")


class AssessmentMethod(models.TextChoices):
    MATRIX = "matrix", _("风险矩阵法（L×S）")
    LEC = "lec", _("作业条件危险性评价法（LEC）")


class InspectionType(models.TextChoices):
    DAILY = "daily", _("日常检查")
    HOLIDAY = "holiday", _("节假日检查")
    KEY_EVENT = "key_event", _("重点活动日检查")
    SEASONAL = "seasonal", _("季节性检查")
    SPECIAL = "special", _("专项检查")
    PROJECT_ONGOING = "project_ongoing", _("项目进行过程中的检查")
    PROJECT_END = "project_end", _("项目结束后的检查")


PROJECT_INSPECTION_TYPES = (InspectionType.PROJECT_ONGOING, InspectionType.PROJECT_END)


class InspectionMethod(models.TextChoices):
    SELF = "self", _("自查")
    COMMUNITY = "community", _("社（居）组织的检查")
    JOINT = "joint", _("各小组联合交叉检查")


class CheckResult(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")


# The content of an inspection (seed 第3篇): the default checklist of a new inspection.
DEFAULT_CHECKLIST = (
    _("安全规章制度执行情况"),
    _("安全措施落实情况"),
    _("重点部位、场所控制情况"),
    _("人员安全意识与行为"),
    _("安全绩效情况"),
    _("存在的隐患及整改情况"),
)


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    ONGOING = "ongoing", _("执行中")
    DONE = "done", _("已完成")


class DangerGrade(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class DangerSource(models.TextChoices):
    INSPECTION = "inspection", _("检查发现")
    REPORT = "report", _("群众举报/报告")
    MONITORING = "monitoring", _("监测发现")
    OTHER = "other", _("其他")


class DangerStatus(models.TextChoices):
    REPORTED = "reported", _("已登记")
    ORDERED = "ordered", _("整改中")
    RECTIFIED = "rectified", _("已整改待复查")
    VERIFIED = "verified", _("复查合格")
    CLOSED = "closed", _("已销号")


OPEN_DANGER_STATUSES = (DangerStatus.REPORTED, DangerStatus.ORDERED, DangerStatus.RECTIFIED)
# A deadline runs while the unit is expected to act.
DEADLINE_RUNNING_STATUSES = (DangerStatus.REPORTED, DangerStatus.ORDERED)


class DangerAction(models.TextChoices):
    REPORT = "report", _("登记隐患")
    ORDER = "order", _("下达整改通知")
    RECTIFY = "rectify", _("提交整改情况")
    REINSPECT_PASS = "reinspect_pass", _("复查合格")
    REINSPECT_FAIL = "reinspect_fail", _("复查不合格，退回整改")
    CLOSE = "close", _("销号")
    # Escalation steps (状态不变, recorded in the same history)
    ESCALATE_OFFICE = "escalate_office", _("逾期升级：委员会办公室督促")
    ESCALATE_LEADERSHIP = "escalate_leadership", _("逾期升级：委员会领导督办")
    REPORT_UPWARD = "report_upward", _("重大隐患上报")
    LIST_SUPERVISION = "list_supervision", _("挂牌督办")
    LIFT_SUPERVISION = "lift_supervision", _("摘牌（解除挂牌督办）")
    # A 重大隐患 past its rectification deadline, recorded once (the overdue webhook's trace);
    # an overdue 一般隐患 leaves its trace as ESCALATE_OFFICE / ESCALATE_LEADERSHIP instead.
    MAJOR_OVERDUE = "major_overdue", _("重大隐患整改逾期")


class EscalationLevel(models.IntegerChoices):
    """How far up a hidden danger has gone, lowest first (隐患排查治理 as practised).

    An overdue 一般隐患 goes to the office, then to the committee leadership (督办); a 重大隐患 is
    reported upward at once and may be put under listed supervision (挂牌督办).
    """

    NONE = 0, _("未升级")
    OFFICE = 1, _("办公室督促")
    LEADERSHIP = 2, _("委员会领导督办")
    REPORTED = 3, _("已上报上级")
    LISTED = 4, _("挂牌督办")


ESCALATION_ACTIONS = (
    DangerAction.ESCALATE_OFFICE,
    DangerAction.ESCALATE_LEADERSHIP,
    DangerAction.REPORT_UPWARD,
    DangerAction.LIST_SUPERVISION,
    DangerAction.LIFT_SUPERVISION,
)


class ActionSource(models.TextChoices):
    INSPECTION = "inspection", _("检查")
    HIDDEN_DANGER = "hidden_danger", _("隐患")
    DRILL = "drill", _("演练")
    REVIEW = "review", _("评审")
    MONITORING = "monitoring", _("监测")
    INJURY = "injury", _("伤害分析")
    OTHER = "other", _("其他")


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("纠正措施")
    PREVENTIVE = "preventive", _("预防措施")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("待落实")
    IN_PROGRESS = "in_progress", _("落实中")
    DONE = "done", _("已完成")
    VERIFIED = "verified", _("已验证")
    CLOSED = "closed", _("已关闭")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Recurrence(models.TextChoices):
    """How an inspection schedule repeats (检查排程)."""

    DAILY = "daily", _("每天")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    SEASONAL = "seasonal", _("每季度")
    HOLIDAY = "holiday", _("节假日前")
    RRULE = "rrule", _("自定义规则（RRULE）")


class OccurrenceStatus(models.TextChoices):
    DUE = "due", _("待检查")
    DONE = "done", _("已完成")
    MISSED = "missed", _("已逾期")


# The built-in checklist templates by kind of place (an office copies them and edits its own).
BUILTIN_CHECKLISTS = {
    "market": (
        _("集贸市场安全检查表"),
        (
            _("消防通道、安全出口畅通，无占道经营"),
            _("灭火器、消火栓完好有效，在检验期内"),
            _("电气线路规范敷设，无私拉乱接"),
            _("燃气瓶存放规范，使用场所通风良好"),
            _("摊位间距与疏散通道符合要求"),
            _("安全管理制度与值班巡查记录齐全"),
        ),
    ),
    "school": (
        _("学校安全检查表"),
        (
            _("校门安保与来访登记落实"),
            _("教学楼疏散通道、楼梯间畅通"),
            _("消防设施完好，应急照明有效"),
            _("食堂食品安全与燃气使用规范"),
            _("校舍与运动器材无安全隐患"),
            _("上下学交通安全与护学岗落实"),
        ),
    ),
    "construction": (
        _("建筑工地安全检查表"),
        (
            _("施工人员佩戴安全帽、系安全带"),
            _("临边、洞口防护到位"),
            _("脚手架搭设与验收合格"),
            _("临时用电三级配电、两级保护"),
            _("起重机械检验合格、持证操作"),
            _("围挡封闭与夜间警示灯设置"),
        ),
    ),
    "elder_care": (
        _("养老机构安全检查表"),
        (
            _("消防设施与自动报警系统有效"),
            _("疏散通道畅通，夜间值班到位"),
            _("防跌倒设施（扶手、防滑）完好"),
            _("用电用气安全，无违规电器"),
            _("食品留样与卫生管理规范"),
            _("老人健康档案与应急联络齐全"),
        ),
    ),
    "water": (
        _("水域安全检查表"),
        (
            _("危险水域警示牌设置完好"),
            _("防护栏杆完好无缺损"),
            _("救生圈、救生杆等救生器材到位"),
            _("巡查看护人员在岗"),
            _("防溺水宣传到位"),
        ),
    ),
}

# The fixed Chinese holidays (first day) used by a holiday schedule that names no dates of its own:
# the solar ones every year, the lunar ones as published for these years.
SOLAR_HOLIDAYS = ((1, 1), (5, 1), (10, 1))  # 元旦、劳动节、国庆节
LUNAR_HOLIDAYS = {
    # 春节, 清明节, 端午节, 中秋节
    2025: ((1, 29), (4, 4), (5, 31), (10, 6)),
    2026: ((2, 17), (4, 5), (6, 19), (9, 25)),
    2027: ((2, 6), (4, 5), (6, 9), (9, 15)),
    2028: ((1, 26), (4, 4), (5, 28), (10, 3)),
}
