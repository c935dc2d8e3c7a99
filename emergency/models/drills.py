"""Drills (应急演练): the plan exercised, who took part, the evaluation, the problems found
(each tracked to closure as a corrective action of element 11) and photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.files import ImageUploadField, UploadTo
from safecommunity.models import record_url

from ..choices import DrillRating, DrillStatus, DrillType, ProblemCategory

# Corrective action statuses that count a drill problem as closed (hazards.choices.ActionStatus).
CLOSED_ACTION_STATUSES = ("verified", "closed")


class Drill(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="emergency_drills"
    )
    title = models.CharField(_("演练名称"), max_length=150)
    plan = models.ForeignKey(
        "emergency.EmergencyPlan",
        verbose_name=_("演练的预案"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="drills",
    )
    drill_type = models.CharField(_("演练形式"), max_length=10, choices=DrillType.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=DrillStatus.choices, default=DrillStatus.HELD
    )
    date = models.DateField(_("演练日期"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("演练地点"), max_length=150)
    organiser = models.CharField(_("组织单位"), max_length=100)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("牵头工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emergency_drills",
    )
    objectives = models.TextField(_("演练目的"), blank=True)
    scenario = models.TextField(_("情景设置"))
    timeline = models.TextField(
        _("演练过程"), blank=True, help_text=_("每行一个环节，如“09:00 发出火警警报”。")
    )
    participants = models.PositiveIntegerField(
        _("参演人数"), default=0, editable=False, help_text=_("按参演单位合计。")
    )
    strengths = models.TextField(_("做得好的方面"), blank=True)
    evaluation = models.TextField(_("总体评价"), blank=True)
    rating = models.CharField(_("评估结论"), max_length=10, choices=DrillRating.choices, blank=True)
    evaluator = models.CharField(_("评估人"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["community_id", "-date", "-pk"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "drill_type", "date"]),
            models.Index(fields=["community", "status", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gte=models.F("start_time")),
                name="emergency_drill_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status="held") | models.Q(rating=""),
                name="emergency_drill_rating_only_when_held",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return record_url(self, "emergency:drill_detail")

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("结束时间不能早于开始时间。")
        if self.status == DrillStatus.HELD and self.date and self.date > timezone.localdate():
            errors["date"] = _("已实施的演练日期不能晚于今天；尚未举行的演练请选择“计划中”。")
        if self.status != DrillStatus.HELD and self.rating:
            errors["rating"] = _("只有已实施的演练才能填写评估结论。")
        if self.plan_id and self.community_id and self.plan.community_id != self.community_id:
            errors["plan"] = _("预案必须属于本社区。")
        if (
            self.working_group_id
            and self.community_id
            and self.working_group.community_id != self.community_id
        ):
            errors["working_group"] = _("工作组必须属于本社区。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_held(self):
        return self.status == DrillStatus.HELD


class DrillParticipant(models.Model):
    """Participants of a drill by group (参演单位或人群) with their number."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="participant_groups")
    group = models.CharField(_("参演单位/人群"), max_length=100)
    count = models.PositiveIntegerField(_("人数"))
    task = models.CharField(_("承担任务"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参演单位")
        verbose_name_plural = _("参演单位")
        ordering = ["drill", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1), name="emergency_participant_count"
            )
        ]

    def __str__(self):
        return f"{self.group}（{self.count}）"

    def get_absolute_url(self):
        return self.drill.get_absolute_url()


class DrillProblem(models.Model):
    """A problem the evaluation found. It becomes a corrective action (hazards app) and counts as
    closed when that action is verified or closed."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="drill_problems"
    )
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("发现的问题"))
    category = models.CharField(_("问题类别"), max_length=12, choices=ProblemCategory.choices)
    cause = models.TextField(_("原因分析"), blank=True)
    suggestion = models.TextField(_("改进建议"), blank=True)
    responsible_unit = models.CharField(_("整改责任单位"), max_length=100, blank=True)
    due_date = models.DateField(_("整改期限"), null=True, blank=True)
    action = models.OneToOneField(
        "hazards.CorrectiveAction",
        verbose_name=_("纠正措施"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drill_problem",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("演练发现的问题")
        verbose_name_plural = _("演练发现的问题")
        ordering = ["drill", "pk"]
        indexes = [models.Index(fields=["community", "category"])]

    def __str__(self):
        first_line = (self.description or "").strip().splitlines()[0:1]
        return first_line[0][:60] if first_line else str(_("演练问题"))

    def get_absolute_url(self):
        return f"{self.drill.get_absolute_url()}#problem-{self.pk}"

    def clean(self):
        if self.drill_id and self.community_id and self.drill.community_id != self.community_id:
            raise ValidationError(_("问题必须属于本社区的演练。"))

    @property
    def is_closed(self):
        return bool(self.action_id and self.action.status in CLOSED_ACTION_STATUSES)


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="photos")
    image = ImageUploadField(
        _("照片"), upload_to=UploadTo("emergency/drills", community="drill__community")
    )
    thumbnail = models.ImageField(
        _("缩略图"),
        upload_to=UploadTo("emergency/drills/thumbs", community="drill__community"),
        blank=True,
        editable=False,
    )
    caption = models.CharField(_("说明"), max_length=150, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("演练照片")
        verbose_name_plural = _("演练照片")
        ordering = ["drill", "pk"]

    def __str__(self):
        return self.caption or str(_("演练照片"))

    def get_absolute_url(self):
        return self.drill.get_absolute_url()
