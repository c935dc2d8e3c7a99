"""Periodic evaluation reports (element 12): one per community, kind and period, filed as a PDF."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.evidence import Period, span_label
from safecommunity.models import record_url

from ..choices import JobState, ReportKind


class Report(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=20, choices=JobState.choices, default=JobState.PENDING
    )
    message = models.CharField(_("说明"), max_length=500, blank=True)
    document = models.OneToOneField(
        "archive.Document",
        verbose_name=_("归档文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
    )
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["summary"])

    class Meta:
        verbose_name = _("评估报告")
        verbose_name_plural = _("评估报告")
        ordering = ["-period_end", "kind", "-id"]
        indexes = [models.Index(fields=["community", "kind", "period_end"])]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "period_start", "period_end"],
                name="uniq_report_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "archive:report_detail")

    def get_status_url(self):
        return record_url(self, "archive:report_status")

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("期间结束日期不能早于开始日期。")})

    @property
    def period(self):
        return Period(self.period_start, self.period_end, self.period_label)

    @property
    def period_label(self):
        start, end = self.period_start, self.period_end
        if self.kind == ReportKind.MONTHLY:
            return Period.month(start.year, start.month).label
        if self.kind == ReportKind.QUARTERLY:
            return Period.quarter(start.year, (start.month - 1) // 3 + 1).label
        if self.kind == ReportKind.HALF_YEARLY:
            return Period.half(start.year, 1 if start.month <= 6 else 2).label
        if self.kind == ReportKind.ANNUAL:
            return Period.year(start.year).label
        return span_label(start, end)

    @property
    def is_finished(self):
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def problems(self):
        return self.summary.get("problems", [])

    @property
    def as_of(self):
        """The last day of data when the report was built before its period ended, else None."""
        value = self.summary.get("as_of")
        return datetime.date.fromisoformat(value) if value else None
