"""Element 4: the overall and annual plans, their tasks, and measurable objectives."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.choices import AgeGroup
from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.evidence import year_label
from safecommunity.models import record_url

from ..choices import (
    KIND_DIRECTIONS,
    KIND_UNITS,
    Direction,
    IndicatorKind,
    PlanKind,
    PlanStatus,
    TaskStatus,
)

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Plan(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="project_plans"
    )
    kind = models.CharField(_("计划类型"), max_length=10, choices=PlanKind.choices)
    title = models.CharField(_("计划名称"), max_length=150)
    start_year = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("截止年度"), validators=YEAR_VALIDATORS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属总体规划"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_plans",
        limit_choices_to={"kind": PlanKind.OVERALL},
    )
    goals = models.TextField(_("总体目标"))
    priorities = models.TextField(_("重点人群、环境与工作重点"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approved_by = models.CharField(_("批准机构/会议"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标与计划")
        verbose_name_plural = _("目标与计划")
        ordering = ["community_id", "kind", "-start_year", "title"]
        indexes = [models.Index(fields=["community", "kind", "start_year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_end_year_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "projects:plan_detail")

    @property
    def period_label(self):
        if self.start_year == self.end_year:
            return year_label(self.start_year)
        return gettext("%(start)s–%(end)s年") % {"start": self.start_year, "end": self.end_year}

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("截止年度不能早于起始年度。")
        if self.kind == PlanKind.ANNUAL and self.start_year and self.end_year:
            if self.start_year != self.end_year:
                errors["end_year"] = _("年度计划的起始年度和截止年度应为同一年。")
        if self.parent_id:
            parent = self.parent
            if parent.community_id != self.community_id:
                errors["parent"] = _("所属总体规划必须属于同一社区。")
            elif self.kind != PlanKind.ANNUAL:
                errors["parent"] = _("只有年度计划可以归属于总体规划。")
            elif self.start_year and not parent.start_year <= self.start_year <= parent.end_year:
                errors["parent"] = _("年度计划的年份应在总体规划的期限（%(period)s）之内。") % {
                    "period": parent.period_label
                }
        if self.status == PlanStatus.ACTIVE and not self.approved_on:
            errors["approved_on"] = _("计划进入实施前须填写批准日期。")
        if errors:
            raise ValidationError(errors)


class PlanTask(models.Model):
    """Who does what by when, within a plan."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="plan_tasks"
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("任务"), max_length=200)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_tasks",
    )
    owner = models.CharField(_("责任单位/责任人"), max_length=100, blank=True)
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计划任务")
        verbose_name_plural = _("计划任务")
        ordering = ["plan", "due_date", "pk"]
        indexes = [models.Index(fields=["community", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="plantask_done_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def clean(self):
        if self.status == TaskStatus.DONE and not self.done_on:
            raise ValidationError({"done_on": _("已完成的任务须填写完成日期。")})
        if self.working_group_id and self.working_group.community_id != self.community_id:
            raise ValidationError({"working_group": _("责任工作组必须属于同一社区。")})

    def is_overdue(self, today):
        return self.status != TaskStatus.DONE and self.due_date < today


class Objective(models.Model):
    """A measurable prevention objective: indicator, baseline, target and actual per year."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="objectives"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("所属计划"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
    )
    title = models.CharField(_("目标"), max_length=200)
    safety_area = models.CharField(
        _("安全领域"), max_length=20, choices=SafetyArea.choices, blank=True
    )
    target_group = models.CharField(
        _("重点人群"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    indicator = models.CharField(_("指标名称"), max_length=100)
    indicator_kind = models.CharField(
        _("指标来源"),
        max_length=20,
        choices=IndicatorKind.choices,
        default=IndicatorKind.MANUAL,
        help_text=_("伤害发生率、知晓率和调查覆盖率由系统根据伤害监测和知晓率调查记录自动计算。"),
    )
    age_group = models.CharField(
        _("年龄组（伤害发生率）"), max_length=8, choices=AgeGroup.choices, blank=True
    )
    injury_cause = models.PositiveSmallIntegerField(
        _("伤害原因（伤害发生率）"), null=True, blank=True
    )
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(_("基线值"), max_digits=10, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("基线年度"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("目标值"), max_digits=10, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("目标年度"), validators=YEAR_VALIDATORS)
    measures = models.TextField(_("主要措施"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预防目标")
        verbose_name_plural = _("预防目标")
        ordering = ["community_id", "safety_area", "title"]
        indexes = [
            models.Index(fields=["community", "safety_area"]),
            models.Index(fields=["community", "indicator_kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="objective_target_after_baseline",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "projects:objective_detail")

    @property
    def is_computed(self):
        return self.indicator_kind != IndicatorKind.MANUAL

    @property
    def lower_is_better(self):
        return self.direction == Direction.LOWER

    def injury_cause_label(self):
        if self.injury_cause is None:
            return ""
        try:
            from injuries.choices import Cause
        except ImportError:  # the injuries app is optional here
            return str(self.injury_cause)
        return Cause(self.injury_cause).label if self.injury_cause in Cause.values else ""

    def clean(self):
        errors = {}
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            errors["target_year"] = _("目标年度必须晚于基线年度。")
        if self.indicator_kind in KIND_DIRECTIONS:
            # Computed indicators have a fixed sense and unit: lower injury rates are better.
            self.direction = KIND_DIRECTIONS[self.indicator_kind]
            self.unit = KIND_UNITS[self.indicator_kind]
        if self.indicator_kind != IndicatorKind.INJURY_RATE and (
            self.age_group or self.injury_cause is not None
        ):
            errors["age_group"] = _("年龄组和伤害原因只适用于伤害发生率指标。")
        if self.plan_id and self.plan.community_id != self.community_id:
            errors["plan"] = _("所属计划必须属于同一社区。")
        if (
            self.baseline_value is not None
            and self.target_value is not None
            and self.baseline_value != self.target_value
        ):
            improves = (
                self.target_value < self.baseline_value
                if self.direction == Direction.LOWER
                else self.target_value > self.baseline_value
            )
            if not improves:
                errors["target_value"] = (
                    _("该指标越低越好，目标值应低于基线值。")
                    if self.direction == Direction.LOWER
                    else _("该指标越高越好，目标值应高于基线值。")
                )
        if errors:
            raise ValidationError(errors)


class ObjectiveValue(models.Model):
    """An actual value of a manually reported indicator for one year."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="objective_values"
    )
    objective = models.ForeignKey(
        Objective, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("实际值"), max_digits=10, decimal_places=2)
    source = models.CharField(_("数据来源"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标实际值")
        verbose_name_plural = _("目标实际值")
        ordering = ["objective", "year"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "year"], name="uniq_objective_year"),
        ]

    def __str__(self):
        return f"{self.objective} {self.year}: {self.value}"

    def get_absolute_url(self):
        return self.objective.get_absolute_url()

    def clean(self):
        if self.objective_id and self.year and self.year < self.objective.baseline_year:
            raise ValidationError({"year": _("实际值的年度不能早于基线年度。")})
