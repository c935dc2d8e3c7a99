"""Code lists of the projects app (elements 4–6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The seed's survey targets (第3篇): reach at least 50 % of residents, awareness at least 80 %.
DEFAULT_COVERAGE_THRESHOLD = 50
DEFAULT_AWARENESS_THRESHOLD = 80

# A running project with no progress update for this many days is "stale" (daily reminder).
STALE_AFTER_DAYS = 30


class PlanKind(models.TextChoices):
    OVERALL = "overall", _("总体规划")
    ANNUAL = "annual", _("年度计划")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    ACTIVE = "active", _("实施中")
    CLOSED = "closed", _("已完成")


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")


class IndicatorKind(models.TextChoices):
    MANUAL = "manual", _("手工填报")
    INJURY_RATE = "injury_rate", _("伤害发生率（‰，来自伤害监测）")
    AWARENESS_RATE = "awareness_rate", _("安全知识知晓率（%，来自知晓率调查）")
    SURVEY_COVERAGE = "survey_coverage", _("调查覆盖率（%，来自知晓率调查）")


COMPUTED_KINDS = (
    IndicatorKind.INJURY_RATE,
    IndicatorKind.AWARENESS_RATE,
    IndicatorKind.SURVEY_COVERAGE,
)

# Units the computed indicators are expressed in.
KIND_UNITS = {
    IndicatorKind.INJURY_RATE: "‰",
    IndicatorKind.AWARENESS_RATE: "%",
    IndicatorKind.SURVEY_COVERAGE: "%",
}


class Direction(models.TextChoices):
    LOWER = "lower", _("越低越好")
    HIGHER = "higher", _("越高越好")


KIND_DIRECTIONS = {
    IndicatorKind.INJURY_RATE: Direction.LOWER,
    IndicatorKind.AWARENESS_RATE: Direction.HIGHER,
    IndicatorKind.SURVEY_COVERAGE: Direction.HIGHER,
}


class Progress(models.TextChoices):
    """Where an objective stands against its target."""

    ACHIEVED = "achieved", _("已达标")
    ON_TRACK = "on_track", _("按计划推进")
    BEHIND = "behind", _("滞后")
    NO_DATA = "no_data", _("暂无数据")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    RUNNING = "running", _("实施中")
    EVALUATING = "evaluating", _("评估中")
    COMPLETED = "completed", _("已完成")
    SUSPENDED = "suspended", _("已暂停")


# Allowed status changes of a project (from → {to}).
PROJECT_TRANSITIONS = {
    ProjectStatus.PLANNED: {ProjectStatus.RUNNING, ProjectStatus.SUSPENDED},
    ProjectStatus.RUNNING: {ProjectStatus.EVALUATING, ProjectStatus.SUSPENDED},
    ProjectStatus.EVALUATING: {ProjectStatus.COMPLETED, ProjectStatus.RUNNING},
    ProjectStatus.SUSPENDED: {ProjectStatus.RUNNING},
    ProjectStatus.COMPLETED: set(),
}

ACTIVE_PROJECT_STATUSES = (ProjectStatus.PLANNED, ProjectStatus.RUNNING, ProjectStatus.EVALUATING)


class Intervention(models.TextChoices):
    """Intervention strategies (the "E"s of injury prevention plus the standard's list)."""

    EDUCATION = "education", _("教育")
    ENGINEERING = "engineering", _("工程")
    ENFORCEMENT = "enforcement", _("强制")
    ECONOMIC = "economic", _("经济")
    EMERGENCY = "emergency", _("急救与应急")
    POLICY = "policy", _("政策与管理")
    SERVICE = "service", _("服务")
    ENVIRONMENT = "environment", _("环境改善")


class ActivityKind(models.TextChoices):
    PUBLICITY = "publicity", _("宣传")
    TRAINING = "training", _("培训")
    LECTURE = "lecture", _("讲座")
    DRILL_VISIT = "drill_visit", _("演练观摩")
    HOME_VISIT = "home_visit", _("入户走访")
    INSPECTION = "inspection", _("安全检查进社区")
    CONSULTATION = "consultation", _("咨询与展览")
    CONTEST = "contest", _("知识竞赛")
    OTHER = "other", _("其他")


class SurveyMethod(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    HOME = "home", _("入户调查")
    ONLINE = "online", _("网络问卷")
    INTERVIEW = "interview", _("访谈")
