"""Checklist templates and inspection schedules with their due inspections (element 8).

A schedule names places, a checklist and a team, and how often to inspect; the daily run
(``hazards.services.schedules``) materialises its due inspections (``ScheduledInspection``) for
the weeks ahead, one per place and due date, and marks those not done in time as missed.
"""

import datetime

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url

from ..choices import InspectionMethod, InspectionType, OccurrenceStatus, PlaceKind, Recurrence

# An RRULE repeating more often than daily would flood the calendar: refused.
SUB_DAILY = (rrule.HOURLY, rrule.MINUTELY, rrule.SECONDLY)


def parse_rrule(text, start):
    """The dateutil rule of an RFC 5545 RRULE string from ``start``; ValueError if invalid."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    rule = rrule.rrulestr(text, dtstart=datetime.datetime.combine(start, datetime.time()))
    if not isinstance(rule, rrule.rrule):
        raise ValueError("not a single RRULE")
    if rule._freq in SUB_DAILY:
        raise ValueError("more often than daily")
    return rule


def parse_dates(text):
    """The dates written one per line (or separated by commas/spaces), ISO format."""
    dates = []
    for token in text.replace(",", " ").replace("，", " ").split():
        dates.append(datetime.date.fromisoformat(token))
    return sorted(set(dates))


class ChecklistTemplate(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="checklist_templates"
    )
    name = models.CharField(_("模板名称"), max_length=100)
    place_kind = models.CharField(
        _("适用场所类型"), max_length=20, choices=PlaceKind.choices, blank=True
    )
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("检查表模板")
        verbose_name_plural = _("检查表模板")
        ordering = ["community_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="hazards_uniq_checklist_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "hazards:checklist_detail")


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="items"
    )
    text = models.CharField(_("检查项目"), max_length=150)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("检查表项目")
        verbose_name_plural = _("检查表项目")
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return self.text


class InspectionSchedule(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="inspection_schedules"
    )
    title = models.CharField(_("排程名称"), max_length=150)
    places = models.ManyToManyField(
        "hazards.Place", verbose_name=_("检查场所/单位"), related_name="schedules"
    )
    checklist = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("检查表模板"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="schedules",
    )
    inspection_type = models.CharField(
        _("检查类型"), max_length=20, choices=InspectionType.choices, default=InspectionType.DAILY
    )
    method = models.CharField(
        _("检查方式"),
        max_length=20,
        choices=InspectionMethod.choices,
        default=InspectionMethod.COMMUNITY,
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人员"),
        blank=True,
        related_name="inspection_schedules",
    )
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("负责工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_schedules",
    )
    recurrence = models.CharField(
        _("重复方式"), max_length=10, choices=Recurrence.choices, default=Recurrence.MONTHLY
    )
    rrule = models.CharField(
        _("重复规则（RRULE）"),
        max_length=300,
        blank=True,
        help_text=_("RFC 5545 规则，例如 FREQ=WEEKLY;BYDAY=MO,TH。仅“自定义规则”时使用。"),
    )
    holiday_dates = models.TextField(
        _("节假日日期"),
        blank=True,
        help_text=_(
            "每行一个日期（如 2027-02-06）；留空则用元旦、春节、清明、劳动节、端午、中秋、国庆。"
        ),
    )
    holiday_lead_days = models.PositiveSmallIntegerField(
        _("节前提前天数"), default=1, help_text=_("节假日排程：在节日前几天检查。")
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[places])

    class Meta:
        verbose_name = _("检查排程")
        verbose_name_plural = _("检查排程")
        ordering = ["community_id", "title", "pk"]
        indexes = [models.Index(fields=["community", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="hazards_schedule_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "hazards:schedule_detail")

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        if self.recurrence == Recurrence.RRULE:
            if not self.rrule.strip():
                errors["rrule"] = _("请填写重复规则。")
            elif self.start_date:
                try:
                    parse_rrule(self.rrule, self.start_date)
                except (ValueError, TypeError):
                    errors["rrule"] = _(
                        "无法识别的重复规则（须为 RFC 5545 RRULE，且不超过每天一次）。"
                    )
        if self.holiday_dates.strip():
            try:
                parse_dates(self.holiday_dates)
            except ValueError:
                errors["holiday_dates"] = _("日期格式应为 2027-02-06，每行一个。")
        if self.checklist_id and self.community_id:
            if self.checklist.community_id != self.community_id:
                errors["checklist"] = _("检查表模板必须属于本社区。")
        if errors:
            raise ValidationError(errors)


class ScheduledInspection(models.Model):
    """One due inspection of one place on one day (an occurrence of a schedule)."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="scheduled_inspections"
    )
    schedule = models.ForeignKey(
        InspectionSchedule,
        verbose_name=_("检查排程"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    place = models.ForeignKey(
        "hazards.Place",
        verbose_name=_("检查场所/单位"),
        on_delete=models.CASCADE,
        related_name="scheduled_inspections",
    )
    due_date = models.DateField(_("应检日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=OccurrenceStatus.choices, default=OccurrenceStatus.DUE
    )
    inspection = models.ForeignKey(
        "hazards.Inspection",
        verbose_name=_("检查记录"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    missed_on = models.DateField(_("记为逾期日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("待检查任务")
        verbose_name_plural = _("待检查任务")
        ordering = ["due_date", "schedule_id", "place_id"]
        indexes = [
            models.Index(fields=["community", "due_date"]),
            models.Index(fields=["community", "status", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "place", "due_date"], name="hazards_uniq_occurrence"
            )
        ]

    def __str__(self):
        return f"{self.due_date} {self.place}"

    def get_absolute_url(self):
        return record_url(self, "hazards:occurrence_do")

    @property
    def on_time(self):
        return (
            self.status == OccurrenceStatus.DONE and self.done_on and self.done_on <= self.due_date
        )
