from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles are core's (the tenancy rules in safecommunity.tenancy are written in terms of them);
# Membership.role stores one, and the apps import them from here with the other code lists.
from safecommunity.roles import Role

# Roles whose home is their own to-do lists (我的任务) rather than the twelve-element overview.
TASK_HOME_ROLES = frozenset({Role.LEADER, Role.GROUP_MEMBER, Role.REPORTER})


class RegionLevel(models.TextChoices):
    """Levels of the administrative region tree (GB/T 2260 for the first three, town/street below)."""

    PROVINCE = "province", _("省级")
    CITY = "city", _("地市级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡镇街道")


class CommunityKind(models.TextChoices):
    STREET = "street", _("街道")
    TOWN = "town", _("乡镇")
    INDUSTRIAL_PARK = "park", _("工业园区")
    ENTERPRISE = "enterprise", _("企业主导型")


class AccreditationLevel(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")
    INTERNATIONAL = "international", _("国际")


class Phase(models.IntegerChoices):
    START = 1, _("前期启动")
    MOBILISE = 2, _("宣传发动")
    IMPLEMENT = 3, _("全面推进实施")
    APPLY = 4, _("申请验收")
    IMPROVE = 5, _("持续改进")


class Sex(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class AgeGroup(models.TextChoices):
    """WHO age groups, used for population bases and injury rates."""

    A0_4 = "0-4", _("0–4岁")
    A5_14 = "5-14", _("5–14岁")
    A15_24 = "15-24", _("15–24岁")
    A25_44 = "25-44", _("25–44岁")
    A45_64 = "45-64", _("45–64岁")
    A65 = "65+", _("65岁及以上")

    @classmethod
    def for_age(cls, age):
        if age is None:
            return None
        for upper, group in (
            (4, cls.A0_4),
            (14, cls.A5_14),
            (24, cls.A15_24),
            (44, cls.A25_44),
            (64, cls.A45_64),
        ):
            if age <= upper:
                return group
        return cls.A65


class CommitteeRole(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY = "deputy", _("副主任")
    MEMBER = "member", _("委员")
    OFFICE_HEAD = "office_head", _("办公室主任")
    OFFICE_STAFF = "office_staff", _("办公室成员")
    NONE = "none", _("非委员会成员")


class GroupKind(models.TextChoices):
    PROJECT = "project", _("项目工作组")
    PUBLICITY = "publicity", _("宣传报道组")
    SUPERVISION = "supervision", _("效能督查组")
    SURVEILLANCE = "surveillance", _("伤害统计与监测组")
    SUBGROUP = "subgroup", _("村/社区工作小组")
    OTHER = "other", _("其他")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")


class PartnerKind(models.TextChoices):
    POLICE = "police", _("公安")
    FIRE = "fire", _("消防")
    TRAFFIC_POLICE = "traffic", _("交警")
    CIVIL_AFFAIRS = "civil", _("民政")
    HEALTH = "health", _("卫生健康")
    EDUCATION = "education", _("教育")
    CONSTRUCTION = "construction", _("住建")
    MARKET = "market", _("市场监管")
    EMERGENCY = "emergency", _("应急管理")
    UNION = "union", _("工会")
    WOMEN = "women", _("妇联")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    ENTERPRISE = "enterprise", _("企业")
    NGO = "ngo", _("社会组织")
    OTHER = "other", _("其他")


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", _("委员会会议")
    GROUP = "group", _("工作组会议")
    MOBILISATION = "mobilisation", _("动员大会")
    OFFICE = "office", _("办公室例会")
    SEMINAR = "seminar", _("专题研讨会")
    REVIEW = "review", _("评审会议")
    RESIDENTS = "residents", _("居民议事会")


class ParticipationKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("志愿服务")
    PATROL = "patrol", _("巡查巡防")
    PUBLICITY = "publicity", _("宣传活动")
    TRAINING = "training", _("培训")
    DRILL = "drill", _("演练")
    SURVEY = "survey", _("调查走访")
    OTHER = "other", _("其他")


# Alerts to the office's group chats and phones (committee.alerts) ----------------------------


class AlertKind(models.TextChoices):
    """The reminders and escalations that may go to a robot or SMS channel."""

    OVERDUE_RECTIFICATION = "overdue_rectification", _("隐患整改与措施逾期")
    REINSPECTION_DUE = "reinspection_due", _("隐患待复查")
    ESCALATION = "escalation", _("隐患升级督办")
    MISSED_INSPECTION = "missed_inspection", _("重点场所逾期未检查")
    SILENT_UNIT = "silent_unit", _("报告单位未报告")
    DRILL_DUE = "drill_due", _("应急演练到期")
    PLAN_REVIEW_DUE = "plan_review_due", _("应急预案到期评审")
    SUPPLY_EXPIRING = "supply_expiring", _("应急物资到期与检查")
    STALE_PROJECT = "stale_project", _("项目长期未更新")


class ChannelType(models.TextChoices):
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    SMS = "sms", _("短信")


class AlertFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown（企业微信内显示格式）")
    TEXT = "text", _("纯文本（微信插件中也能看）")


class AlertStatus(models.TextChoices):
    PENDING = "pending", _("发送中")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("失败")
