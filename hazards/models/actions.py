"""Preventive and corrective actions (element 11), from any source.

The source is a generic relation so that drills (emergency), management reviews (archive) and
injury analyses can be linked without this app importing them; ``source_kind`` says what kind of
source it is even when no record is linked.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url

from ..choices import OPEN_ACTION_STATUSES, ActionKind, ActionSource, ActionStatus


class CorrectiveAction(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    title = models.CharField(_("措施名称"), max_length=150)
    description = models.TextField(_("措施内容"), blank=True)
    cause = models.TextField(_("原因分析"), blank=True)
    kind = models.CharField(
        _("措施类型"), max_length=12, choices=ActionKind.choices, default=ActionKind.CORRECTIVE
    )
    source_kind = models.CharField(_("来源"), max_length=16, choices=ActionSource.choices)
    source_content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源记录类型"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    source_object_id = models.PositiveBigIntegerField(
        _("来源记录编号"), null=True, blank=True, editable=False
    )
    source = GenericForeignKey("source_content_type", "source_object_id")
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=60, blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrective_actions",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_at = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    completion_note = models.TextField(_("落实情况"), blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("落实填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateField(_("验证日期"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("验证人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verification_note = models.TextField(_("验证意见"), blank=True, editable=False)
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
        verbose_name = _("纠正与预防措施")
        verbose_name_plural = _("纠正与预防措施")
        ordering = ["community_id", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "due_date"]),
            models.Index(fields=["community", "source_kind"]),
            models.Index(fields=["community", "kind"]),
            models.Index(fields=["source_content_type", "source_object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source_content_type__isnull=True, source_object_id__isnull=True)
                | models.Q(source_content_type__isnull=False, source_object_id__isnull=False),
                name="hazards_action_source_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "verified"])
                | models.Q(completed_at__isnull=False),
                name="hazards_action_done_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "hazards:action_detail")

    def clean(self):
        source = self.source if self.source_content_type_id else None
        source_community = getattr(source, "community_id", None)
        if source_community is not None and source_community != self.community_id:
            raise ValidationError(_("来源记录必须属于本社区。"))

    def is_overdue(self, today):
        return bool(self.due_date and self.due_date < today and self.status in OPEN_ACTION_STATUSES)

    @property
    def source_url(self):
        source = self.source if self.source_content_type_id else None
        if source is None:
            return ""
        try:
            return source.get_absolute_url()
        except Exception:  # noqa: BLE001 - a source model may have no page
            return ""
