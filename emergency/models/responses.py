"""Real emergency responses (应急响应记录), linked to the accidents and injury cards they produced.

The response page shows linked cards by number, date and cause only; injured people's names never
appear here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url

from ..choices import TYPE_CATEGORY, Category, EmergencyType, ResponseLevel


class EmergencyResponse(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="emergency_responses"
    )
    title = models.CharField(_("事件名称"), max_length=150)
    category = models.CharField(_("事件类别"), max_length=12, choices=Category.choices)
    emergency_type = models.CharField(_("事件类型"), max_length=12, choices=EmergencyType.choices)
    response_level = models.CharField(
        _("响应级别"), max_length=2, choices=ResponseLevel.choices, blank=True
    )
    plan = models.ForeignKey(
        "emergency.EmergencyPlan",
        verbose_name=_("启动的预案"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    occurred_at = models.DateTimeField(_("发生时间"))
    ended_at = models.DateTimeField(_("响应结束时间"), null=True, blank=True)
    place = models.CharField(_("发生地点"), max_length=200)
    commander = models.CharField(_("现场指挥"), max_length=60, blank=True)
    description = models.TextField(_("事件概况"))
    actions_taken = models.TextField(_("采取的处置措施"))
    teams = models.ManyToManyField(
        "emergency.RescueTeam",
        verbose_name=_("参与处置的队伍"),
        blank=True,
        related_name="responses",
    )
    evacuated = models.PositiveIntegerField(_("转移疏散人数"), default=0)
    outcome = models.TextField(_("处置结果"), blank=True)
    lessons = models.TextField(_("经验教训与改进"), blank=True)
    accidents = models.ManyToManyField(
        "injuries.Accident",
        verbose_name=_("关联事故"),
        blank=True,
        related_name="emergency_responses",
    )
    injury_cards = models.ManyToManyField(
        "injuries.InjuryCard",
        verbose_name=_("关联伤害报告卡"),
        blank=True,
        related_name="emergency_responses",
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
    history = HistoricalRecords(m2m_fields=[teams, accidents])

    class Meta:
        verbose_name = _("应急响应记录")
        verbose_name_plural = _("应急响应记录")
        ordering = ["community_id", "-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "occurred_at"]),
            models.Index(fields=["community", "category", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("occurred_at")),
                name="emergency_response_end_after_start",
            )
        ]

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return record_url(self, "emergency:response_detail")

    def clean(self):
        errors = {}
        expected = TYPE_CATEGORY.get(self.emergency_type)
        if expected and self.category and self.category != expected:
            errors["emergency_type"] = _("“%(type)s”属于%(category)s，与所选类别不一致。") % {
                "type": self.get_emergency_type_display(),
                "category": Category(expected).label,
            }
        if self.occurred_at and self.occurred_at > timezone.now():
            errors["occurred_at"] = _("发生时间不能晚于当前时间。")
        if self.occurred_at and self.ended_at and self.ended_at < self.occurred_at:
            errors["ended_at"] = _("响应结束时间不能早于发生时间。")
        if self.plan_id and self.community_id and self.plan.community_id != self.community_id:
            errors["plan"] = _("预案必须属于本社区。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_ongoing(self):
        return self.ended_at is None
