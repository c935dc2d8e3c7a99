"""Hidden dangers (事故隐患) and their rectification workflow (element 11).

reported → ordered (整改通知) → rectified (with evidence) → verified (re-inspected) → closed;
a failed re-inspection sends the danger back to ``ordered``. Transitions live in
``hazards.services.dangers``; every one leaves a ``DangerEvent`` with who, when and what.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import SafetyArea
from safecommunity.files import ImageUploadField, UploadTo
from safecommunity.models import record_url

from ..choices import (
    DEADLINE_RUNNING_STATUSES,
    DangerAction,
    DangerGrade,
    DangerSource,
    DangerStatus,
    EscalationLevel,
)

# The six required parts of a 重大隐患's 治理方案, as field names.
PLAN_PARTS = (
    "plan_objectives",
    "plan_methods",
    "plan_funds_materials",
    "plan_organisation",
    "plan_timeline",
    "plan_safety_measures",
)


class HiddenDanger(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="hidden_dangers"
    )
    title = models.CharField(_("隐患名称"), max_length=150)
    description = models.TextField(_("隐患描述"))
    grade = models.CharField(
        _("隐患等级"), max_length=10, choices=DangerGrade.choices, default=DangerGrade.GENERAL
    )
    safety_area = models.CharField(_("安全领域"), max_length=20, choices=SafetyArea.choices)
    place = models.ForeignKey(
        "hazards.Place",
        verbose_name=_("场所/单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dangers",
    )
    location = models.CharField(_("具体位置"), max_length=150, blank=True)
    source = models.CharField(
        _("发现途径"), max_length=12, choices=DangerSource.choices, default=DangerSource.INSPECTION
    )
    inspection = models.ForeignKey(
        "hazards.Inspection",
        verbose_name=_("来源检查"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dangers",
    )
    hazard = models.ForeignKey(
        "hazards.Hazard",
        verbose_name=_("相关危险源"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dangers",
    )
    found_on = models.DateField(_("发现日期"))
    found_by = models.CharField(_("发现人/报告人"), max_length=60, blank=True)
    photo = ImageUploadField(_("隐患照片"), upload_to=UploadTo("hazards/dangers"), blank=True)
    is_general = models.BooleanField(
        _("普遍性问题"),
        default=False,
        help_text=_("多处存在的问题：销号前须登记防止再发生的预防措施。"),
    )
    # The rectification order (整改通知)
    unit_notified = models.CharField(_("被通知单位"), max_length=100, blank=True)
    measures_required = models.TextField(_("整改措施要求"), blank=True)
    responsible_department = models.CharField(_("责任部门"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=60, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    target = models.CharField(_("整改目标"), max_length=200, blank=True)
    # The 治理方案 of a 重大隐患, one field per part the rules require (16号令; standards.md
    # §5.1). Before 0003_escalation it was one free-text field; that text now sits in 目标任务.
    plan_objectives = models.TextField(_("目标和任务"), blank=True)
    plan_methods = models.TextField(_("方法和措施"), blank=True)
    plan_funds_materials = models.TextField(_("经费和物资"), blank=True)
    plan_organisation = models.TextField(_("负责治理的机构和人员"), blank=True)
    plan_timeline = models.TextField(_("治理的时限和要求"), blank=True)
    plan_safety_measures = models.TextField(_("安全措施和应急预案"), blank=True)
    funds = models.DecimalField(
        _("整改资金（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hidden_dangers",
    )
    # Who is to re-inspect (optional): anyone of the community, in addition to the office,
    # the committee members and the leaders of the working group (services.dangers).
    reinspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指定复查人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("可选：除办公室、委员会成员和责任工作组组长外，另可复查本隐患的人员。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=DangerStatus.choices, default=DangerStatus.REPORTED
    )
    ordered_on = models.DateField(_("通知日期"), null=True, blank=True, editable=False)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True, editable=False)
    rectification_note = models.TextField(_("整改情况"), blank=True, editable=False)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_on = models.DateField(_("复查日期"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    sent_back_count = models.PositiveSmallIntegerField(_("退回次数"), default=0, editable=False)
    # Escalation (hazards.services.escalation); each step is also a DangerEvent.
    escalation_level = models.PositiveSmallIntegerField(
        _("升级层级"),
        choices=EscalationLevel.choices,
        default=EscalationLevel.NONE,
        editable=False,
    )
    escalated_on = models.DateField(_("最近升级日期"), null=True, blank=True, editable=False)
    reported_upward_on = models.DateField(_("上报日期"), null=True, blank=True, editable=False)
    reported_to = models.CharField(_("上报单位"), max_length=100, blank=True, editable=False)
    # Listed supervision (挂牌督办) of a 重大隐患: its own timeline.
    listed_on = models.DateField(_("挂牌日期"), null=True, blank=True, editable=False)
    supervised_by = models.CharField(_("督办单位"), max_length=100, blank=True, editable=False)
    supervision_deadline = models.DateField(_("督办期限"), null=True, blank=True, editable=False)
    lifted_on = models.DateField(_("摘牌日期"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患整改")
        ordering = ["community_id", "-found_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "deadline"]),
            models.Index(fields=["community", "grade"]),
            models.Index(fields=["community", "safety_area"]),
            models.Index(fields=["community", "found_on"]),
            models.Index(fields=["community", "closed_on"]),
            models.Index(fields=["community", "escalation_level"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("found_on")),
                name="hazards_danger_deadline_after_found",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="hazards_danger_closed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_on__isnull=True)
                | models.Q(listed_on__isnull=False, lifted_on__gte=models.F("listed_on")),
                name="hazards_danger_lifted_after_listed",
            ),
            models.CheckConstraint(
                condition=models.Q(supervision_deadline__isnull=True)
                | models.Q(
                    listed_on__isnull=False, supervision_deadline__gte=models.F("listed_on")
                ),
                name="hazards_danger_supervision_deadline_after_listed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "hazards:danger_detail")

    def clean(self):
        if self.deadline and self.found_on and self.deadline < self.found_on:
            raise ValidationError({"deadline": _("整改期限不能早于发现日期。")})
        for name in ("place", "inspection", "hazard"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and related.community_id != self.community_id:
                raise ValidationError({name: _("关联记录必须属于本社区。")})

    def is_overdue(self, today):
        """Past its deadline while the unit is still expected to act."""
        return bool(
            self.deadline and self.deadline < today and self.status in DEADLINE_RUNNING_STATUSES
        )

    @property
    def is_listed(self):
        """Under listed supervision (挂牌督办) now: listed and not yet lifted."""
        return self.listed_on is not None and self.lifted_on is None

    def supervision_overdue(self, today):
        return bool(
            self.is_listed and self.supervision_deadline and self.supervision_deadline < today
        )

    @property
    def plan_parts(self):
        """(label, text) of the six parts of the 治理方案, in the order the rules list them."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in PLAN_PARTS
        ]

    @property
    def is_open(self):
        return self.status != DangerStatus.CLOSED

    @property
    def days_to_close(self):
        if self.closed_on and self.found_on:
            return (self.closed_on - self.found_on).days
        return None


class DangerEvent(models.Model):
    """One step of a hidden danger's workflow: who did what, when, with which note and photo."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="danger_events"
    )
    danger = models.ForeignKey(
        HiddenDanger, verbose_name=_("隐患"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20, choices=DangerAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=10, choices=DangerStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=10, choices=DangerStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)
    photo = ImageUploadField(_("照片"), upload_to=UploadTo("hazards/evidence"), blank=True)

    class Meta:
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")
        ordering = ["danger", "at", "pk"]
        indexes = [models.Index(fields=["community", "at"])]

    def __str__(self):
        return f"{self.danger} · {self.get_action_display()}"
