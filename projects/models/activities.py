"""Element 6: publicity, education and training activities, and awareness surveys."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from injuries.masking import mask_phone
from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.models import record_url

from ..choices import (
    DEFAULT_AWARENESS_THRESHOLD,
    DEFAULT_COVERAGE_THRESHOLD,
    ActivityKind,
    SurveyMethod,
)

# Participant counts by group: (field name, label). Their sum may not exceed the total.
PARTICIPANT_GROUPS = (
    ("elderly_count", _("老年人")),
    ("children_count", _("儿童及学生")),
    ("disabled_count", _("残疾人")),
    ("migrant_count", _("外来务工人员")),
)


def percent(part, whole):
    """part / whole as a percentage with one decimal, or None when whole is zero."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Activity(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("活动名称"), max_length=150)
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=150)
    organiser = models.CharField(_("主办/承办单位"), max_length=150, blank=True)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("所属项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    safety_area = models.CharField(_("安全领域"), max_length=20, choices=SafetyArea.choices)
    audience = models.CharField(_("对象"), max_length=150, blank=True)
    target_group = models.CharField(
        _("重点人群"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    participants = models.PositiveIntegerField(_("参加人数"))
    elderly_count = models.PositiveIntegerField(_("其中老年人"), default=0)
    children_count = models.PositiveIntegerField(_("其中儿童及学生"), default=0)
    disabled_count = models.PositiveIntegerField(_("其中残疾人"), default=0)
    migrant_count = models.PositiveIntegerField(_("其中外来务工人员"), default=0)
    materials = models.CharField(_("发放资料"), max_length=200, blank=True)
    materials_count = models.PositiveIntegerField(_("发放资料（份）"), default=0)
    content = models.TextField(_("活动内容"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("宣传教育培训活动")
        verbose_name_plural = _("宣传教育培训活动")
        ordering = ["community_id", "-date", "-pk"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "kind", "date"]),
            models.Index(fields=["community", "safety_area", "date"]),
            models.Index(fields=["community", "working_group"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    participants__gte=models.F("elderly_count")
                    + models.F("children_count")
                    + models.F("disabled_count")
                    + models.F("migrant_count")
                ),
                name="activity_groups_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def save(self, *args, **kwargs):
        # An activity held under a project belongs to the project's group unless told otherwise.
        if self.project_id and not self.working_group_id:
            self.working_group_id = self.project.working_group_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url(self, "projects:activity_detail")

    @property
    def group_counts(self):
        return [(label, getattr(self, name)) for name, label in PARTICIPANT_GROUPS]

    def clean(self):
        errors = {}
        by_group = sum(getattr(self, name) or 0 for name, _label in PARTICIPANT_GROUPS)
        if self.participants is not None and by_group > self.participants:
            errors["participants"] = _("各人群人数之和（%(sum)d）超过参加人数（%(total)d）。") % {
                "sum": by_group,
                "total": self.participants,
            }
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("活动日期不能晚于今天；计划中的活动请列入年度计划。")
        if self.project_id and self.project.community_id != self.community_id:
            errors["project"] = _("所属项目必须属于同一社区。")
        if self.working_group_id and self.working_group.community_id != self.community_id:
            errors["working_group"] = _("工作组必须属于同一社区。")
        if errors:
            raise ValidationError(errors)


class AwarenessSurvey(models.Model):
    """知晓率调查: sample against population gives coverage, respondents aware give awareness."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="awareness_surveys"
    )
    title = models.CharField(_("调查名称"), max_length=150)
    date = models.DateField(_("调查日期"))
    safety_area = models.CharField(
        _("安全领域"),
        max_length=20,
        choices=SafetyArea.choices,
        blank=True,
        help_text=_("留空表示综合安全知识调查。"),
    )
    method = models.CharField(
        _("调查方式"),
        max_length=20,
        choices=SurveyMethod.choices,
        default=SurveyMethod.QUESTIONNAIRE,
    )
    population = models.PositiveIntegerField(
        _("调查对象总人数"), help_text=_("通常为常住人口，或该项调查针对的人群总数。")
    )
    sample_size = models.PositiveIntegerField(_("调查人数"))
    aware_count = models.PositiveIntegerField(_("知晓人数"))
    coverage_threshold = models.PositiveSmallIntegerField(
        _("覆盖率目标（%）"),
        default=DEFAULT_COVERAGE_THRESHOLD,
        validators=[MaxValueValidator(100)],
    )
    awareness_threshold = models.PositiveSmallIntegerField(
        _("知晓率目标（%）"),
        default=DEFAULT_AWARENESS_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    conducted_by = models.CharField(_("实施单位"), max_length=100, blank=True)
    findings = models.TextField(_("主要发现"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("知晓率调查")
        verbose_name_plural = _("知晓率调查")
        ordering = ["community_id", "-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aware_count__lte=models.F("sample_size")),
                name="survey_aware_within_sample",
            ),
            models.CheckConstraint(
                condition=models.Q(sample_size__lte=models.F("population")),
                name="survey_sample_within_population",
            ),
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="survey_population_positive"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def get_absolute_url(self):
        return record_url(self, "projects:survey_detail")

    @property
    def coverage(self):
        return percent(self.sample_size, self.population)

    @property
    def awareness_rate(self):
        return percent(self.aware_count, self.sample_size)

    @property
    def meets_coverage(self):
        return self.coverage is not None and self.coverage >= self.coverage_threshold

    @property
    def meets_awareness(self):
        return self.awareness_rate is not None and self.awareness_rate >= self.awareness_threshold

    def clean(self):
        errors = {}
        if self.population is not None and self.population <= 0:
            errors["population"] = _("调查对象总人数必须大于 0。")
        if None not in (self.sample_size, self.population) and self.sample_size > self.population:
            errors["sample_size"] = _("调查人数不能超过调查对象总人数。")
        if None not in (self.aware_count, self.sample_size) and self.aware_count > self.sample_size:
            errors["aware_count"] = _("知晓人数不能超过调查人数。")
        if errors:
            raise ValidationError(errors)


class SignInGroup(models.TextChoices):
    """The group a participant counts in (活动签到): the activity's four counted groups, or none."""

    GENERAL = "", _("其他居民")
    ELDERLY = "elderly_count", _("老年人")
    CHILDREN = "children_count", _("儿童及学生")
    DISABLED = "disabled_count", _("残疾人")
    MIGRANT = "migrant_count", _("外来务工人员")


class ActivitySignIn(models.Model):
    """One participant signing in at an activity (现场签到), often on the organiser's phone with no
    signal: the sign-in form works offline (``safecommunity.offline``). The sign-ins can then
    set the activity's participant figures (``services.apply_sign_ins``)."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="activity_sign_ins"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("活动")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    unit = models.CharField(_("单位/住址"), max_length=100, blank=True)
    group = models.CharField(
        _("人群"), max_length=20, choices=SignInGroup.choices, blank=True, default=""
    )
    signed_at = models.DateTimeField(_("签到时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("活动签到")
        verbose_name_plural = _("活动签到")
        ordering = ["activity_id", "signed_at", "pk"]
        indexes = [models.Index(fields=["community", "activity"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.activity.get_absolute_url()

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
