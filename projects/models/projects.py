"""Element 5: safety promotion projects and the progress updates their group leaders post."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.models import record_url

from ..choices import STALE_AFTER_DAYS, Direction, Intervention, ProjectStatus


def _labels(values, choices):
    names = dict(choices)
    return "、".join(str(names.get(v, v)) for v in values or [])


class Project(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="projects"
    )
    code = models.CharField(_("项目编号"), max_length=30, blank=True)
    title = models.CharField(_("项目名称"), max_length=150)
    safety_area = models.CharField(_("安全领域"), max_length=20, choices=SafetyArea.choices)
    target_groups = models.JSONField(
        _("目标人群"),
        default=list,
        blank=True,
        help_text=_("高危人群与脆弱群体，如老年人、儿童、外来务工人员。"),
    )
    target_environments = models.CharField(_("高风险环境/场所"), max_length=200, blank=True)
    background = models.TextField(_("项目背景与针对的问题"))
    hazards = models.ManyToManyField(
        "hazards.Hazard", verbose_name=_("针对的风险"), blank=True, related_name="projects"
    )
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    leader = models.ForeignKey(
        "committee.Member",
        verbose_name=_("项目负责人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    partners = models.ManyToManyField(
        "committee.Partner", verbose_name=_("合作单位"), blank=True, related_name="projects"
    )
    objectives = models.ManyToManyField(
        "projects.Objective", verbose_name=_("服务的预防目标"), blank=True, related_name="projects"
    )
    goals = models.TextField(_("项目目标"))
    interventions = models.JSONField(_("干预策略"), default=list, blank=True)
    intervention_details = models.TextField(_("干预措施"), blank=True)
    budget = models.DecimalField(
        _("预算（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    # Evaluation: process and effect (an indicator measured before and after).
    process_evaluation = models.TextField(_("过程评估"), blank=True)
    effect_evaluation = models.TextField(_("效果评估"), blank=True)
    indicator_name = models.CharField(_("评估指标"), max_length=100, blank=True)
    indicator_unit = models.CharField(_("指标单位"), max_length=20, blank=True)
    indicator_direction = models.CharField(
        _("指标方向"), max_length=10, choices=Direction.choices, default=Direction.LOWER
    )
    indicator_before = models.DecimalField(
        _("干预前"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    indicator_after = models.DecimalField(
        _("干预后"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Kept by services.post_update so lists and the stale-project reminder need no subquery.
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0, editable=False)
    last_update_on = models.DateField(_("最近更新"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安全促进项目")
        verbose_name_plural = _("安全促进项目")
        ordering = ["community_id", "-start_date", "title"]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["community", "safety_area"]),
            models.Index(fields=["community", "working_group"]),
            models.Index(fields=["community", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="project_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "projects:project_detail")

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        if self.working_group_id and self.working_group.community_id != self.community_id:
            errors["working_group"] = _("责任工作组必须属于同一社区。")
        unknown = set(self.target_groups or []) - set(TargetGroup.values)
        if unknown:
            errors["target_groups"] = _("未知的目标人群：%(v)s") % {"v": "、".join(sorted(unknown))}
        unknown = set(self.interventions or []) - set(Intervention.values)
        if unknown:
            errors["interventions"] = _("未知的干预策略：%(v)s") % {"v": "、".join(sorted(unknown))}
        if self.status == ProjectStatus.COMPLETED and not (
            self.process_evaluation.strip() and self.effect_evaluation.strip()
        ):
            errors["effect_evaluation"] = _("项目完成前须填写过程评估和效果评估。")
        if errors:
            raise ValidationError(errors)

    @property
    def target_groups_display(self):
        return _labels(self.target_groups, TargetGroup.choices)

    @property
    def interventions_display(self):
        return _labels(self.interventions, Intervention.choices)

    @property
    def last_activity_on(self):
        """The day the project last showed life: its latest update, else its start."""
        return self.last_update_on or self.start_date

    def is_stale(self, today=None):
        today = today or timezone.localdate()
        return self.status == ProjectStatus.RUNNING and self.last_activity_on <= today - (
            datetime.timedelta(days=STALE_AFTER_DAYS)
        )

    @property
    def effect_change(self):
        """Relative change of the evaluation indicator in per cent, or None."""
        if self.indicator_before in (None, 0) or self.indicator_after is None:
            return None
        return round(
            float((self.indicator_after - self.indicator_before) / self.indicator_before * 100), 1
        )

    @property
    def effect_improved(self):
        if self.indicator_before is None or self.indicator_after is None:
            return None
        if self.indicator_direction == Direction.LOWER:
            return self.indicator_after < self.indicator_before
        return self.indicator_after > self.indicator_before


class ProjectUpdate(models.Model):
    """A progress report on a project; photos and documents attach through the archive."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="project_updates"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("日期"))
    done = models.TextField(_("本期完成的工作"))
    percent = models.PositiveSmallIntegerField(
        _("完成进度（%）"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    next_steps = models.TextField(_("下一步工作"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    previous_percent = models.PositiveSmallIntegerField(
        _("上次进度（%）"), null=True, blank=True, editable=False
    )
    drop_reason = models.TextField(_("进度下降原因"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_updates",
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["project", "date"]),
            models.Index(fields=["community", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="projectupdate_percent_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.date}"

    def get_absolute_url(self):
        return record_url(self, "projects:update_detail")

    @property
    def working_group(self):
        """The owning group, so leaders' permissions (and attachments) follow the project."""
        return self.project.working_group

    @property
    def is_drop(self):
        """The update lowered the project's progress (kept, with its reason)."""
        return self.previous_percent is not None and self.percent < self.previous_percent

    def clean(self):
        errors = {}
        if self.percent is not None and self.percent > 100:
            errors["percent"] = _("完成进度不能超过 100%。")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("进展日期不能晚于今天。")
        if self.project_id and self.date and self.date < self.project.start_date:
            errors["date"] = _("进展日期不能早于项目开始日期（%(d)s）。") % {
                "d": self.project.start_date.isoformat()
            }
        if errors:
            raise ValidationError(errors)
