"""Emergency plans (应急预案) and their response organisation.

Each version of a plan is a row of its own. The versions of one plan share a ``lineage``; a
revision points at its ``predecessor`` and records what changed and why, and the predecessor
becomes history (``superseded``). A database constraint keeps exactly one live version per plan.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.files import DocumentUploadField, UploadTo
from safecommunity.models import record_url

from ..choices import (
    REVIEW_WARNING_DAYS,
    TYPE_CATEGORY,
    Category,
    EmergencyType,
    PlanLevel,
    PlanStatus,
    ReviewState,
)


class EmergencyPlan(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="emergency_plans"
    )
    title = models.CharField(_("预案名称"), max_length=150)
    code = models.CharField(_("预案编号"), max_length=40, blank=True)
    category = models.CharField(_("事件类别"), max_length=12, choices=Category.choices)
    emergency_type = models.CharField(_("事件类型"), max_length=12, choices=EmergencyType.choices)
    level = models.CharField(_("预案层级"), max_length=16, choices=PlanLevel.choices)
    scope = models.TextField(_("适用范围"), blank=True)
    owner_unit = models.CharField(_("编制（责任）单位"), max_length=100)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emergency_plans",
    )
    lineage = models.UUIDField(_("预案系列"), default=uuid.uuid4, editable=False)
    version_no = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("上一版本"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="successor",
        editable=False,
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.IN_FORCE
    )
    change_summary = models.TextField(_("修订内容"), blank=True, editable=False)
    change_reason = models.TextField(_("修订原因"), blank=True, editable=False)
    approved_on = models.DateField(_("批准发布日期"), null=True, blank=True)
    approved_by = models.CharField(_("批准单位"), max_length=100, blank=True)
    next_review = models.DateField(
        _("下次评审日期"), null=True, blank=True, help_text=_("一般每三年至少评审一次。")
    )
    commander = models.CharField(_("总指挥"), max_length=60, blank=True)
    commander_phone = models.CharField(_("总指挥电话"), max_length=30, blank=True)
    deputy_commander = models.CharField(_("副总指挥"), max_length=60, blank=True)
    command_post = models.CharField(_("指挥部设置地点"), max_length=150, blank=True)
    hotline = models.CharField(_("应急值守电话"), max_length=30, blank=True)
    hazards = models.ManyToManyField(
        "hazards.Hazard",
        verbose_name=_("涵盖的危险源"),
        blank=True,
        related_name="emergency_plans",
        help_text=_("本预案应对的风险辨识记录。"),
    )
    document = DocumentUploadField(
        _("预案文本"),
        upload_to=UploadTo("emergency/plans"),
        blank=True,
        help_text=_("PDF、Word、Excel 或 PowerPoint 文件。"),
    )
    document_name = models.CharField(_("原文件名"), max_length=200, blank=True, editable=False)
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
    history = HistoricalRecords(m2m_fields=[hazards])

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["community_id", "category", "title", "-version_no"]
        indexes = [
            models.Index(fields=["community", "status", "category"]),
            models.Index(fields=["community", "emergency_type"]),
            models.Index(fields=["community", "level"]),
            models.Index(fields=["community", "next_review"]),
            models.Index(fields=["lineage", "version_no"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lineage", "version_no"], name="emergency_plan_version_unique"
            ),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=~models.Q(status="superseded"),
                name="emergency_plan_one_live_version",
            ),
            models.CheckConstraint(
                condition=models.Q(version_no__gte=1), name="emergency_plan_version_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(next_review__isnull=True)
                | models.Q(approved_on__isnull=True)
                | models.Q(next_review__gte=models.F("approved_on")),
                name="emergency_plan_review_after_approval",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.version_label}）"

    def get_absolute_url(self):
        return record_url(self, "emergency:plan_detail")

    def clean(self):
        expected = TYPE_CATEGORY.get(self.emergency_type)
        if expected and self.category and self.category != expected:
            raise ValidationError(
                {
                    "emergency_type": _("“%(type)s”属于%(category)s，与所选类别不一致。")
                    % {
                        "type": self.get_emergency_type_display(),
                        "category": Category(expected).label,
                    }
                }
            )
        if self.approved_on and self.next_review and self.next_review < self.approved_on:
            raise ValidationError({"next_review": _("下次评审日期不能早于批准发布日期。")})
        if self.working_group_id and self.community_id:
            if self.working_group.community_id != self.community_id:
                raise ValidationError({"working_group": _("工作组必须属于本社区。")})

    @property
    def version_label(self):
        return _("第%(n)d版") % {"n": self.version_no}

    @property
    def is_history(self):
        return self.status == PlanStatus.SUPERSEDED

    def review_state(self, today):
        """Whether the plan is due for review; history versions are never due."""
        if self.status in (PlanStatus.SUPERSEDED, PlanStatus.ABOLISHED) or not self.next_review:
            return ReviewState.UNSET
        if self.next_review < today:
            return ReviewState.OVERDUE
        if self.next_review <= today + datetime.timedelta(days=REVIEW_WARNING_DAYS):
            return ReviewState.DUE_SOON
        return ReviewState.OK


class PlanGroup(models.Model):
    """One part of a plan's response organisation: a working group of the command with its
    duties and contacts (综合协调组、抢险救援组、医疗救护组 …)."""

    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("应急小组"), max_length=60)
    duties = models.TextField(_("职责"), blank=True)
    leader = models.CharField(_("组长"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    members = models.CharField(_("成员单位/人员"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("应急组织小组")
        verbose_name_plural = _("应急组织小组")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.plan.get_absolute_url()
