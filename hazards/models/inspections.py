"""Inspection plans and inspections with their checklist results (element 8)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import TargetGroup
from safecommunity.files import ImageUploadField, UploadTo
from safecommunity.models import record_url

from ..choices import CheckResult, InspectionMethod, InspectionType, PlanStatus


class InspectionPlan(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="inspection_plans"
    )
    title = models.CharField(_("计划名称"), max_length=150)
    inspection_type = models.CharField(_("检查类型"), max_length=20, choices=InspectionType.choices)
    method = models.CharField(_("检查方式"), max_length=20, choices=InspectionMethod.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    places = models.ManyToManyField(
        "hazards.Place", verbose_name=_("检查场所/单位"), blank=True, related_name="plans"
    )
    target_groups = models.JSONField(_("重点人群"), default=list, blank=True)
    scope = models.TextField(_("检查范围与重点内容"), blank=True)
    inspectors = models.CharField(_("检查人员"), max_length=200, blank=True)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("牵头工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_plans",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[places])

    class Meta:
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")
        ordering = ["community_id", "-start_date", "-pk"]
        indexes = [models.Index(fields=["community", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="hazards_plan_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "hazards:plan_detail")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class Inspection(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="inspections"
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("所属计划"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    date = models.DateField(_("检查日期"))
    inspection_type = models.CharField(_("检查类型"), max_length=20, choices=InspectionType.choices)
    method = models.CharField(_("检查方式"), max_length=20, choices=InspectionMethod.choices)
    places = models.ManyToManyField(
        "hazards.Place", verbose_name=_("检查场所/单位"), blank=True, related_name="inspections"
    )
    target_groups = models.JSONField(_("重点人群"), default=list, blank=True)
    scope = models.CharField(_("检查范围"), max_length=200, blank=True)
    inspectors = models.CharField(_("检查人员"), max_length=200)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    summary = models.TextField(_("检查情况"), blank=True)
    photo = ImageUploadField(_("现场照片"), upload_to=UploadTo("hazards/inspections"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[places])

    class Meta:
        verbose_name = _("安全检查")
        verbose_name_plural = _("安全检查")
        ordering = ["community_id", "-date", "-pk"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "inspection_type"]),
            models.Index(fields=["community", "method"]),
        ]

    def __str__(self):
        return f"{self.date} {self.get_inspection_type_display()}"

    def get_absolute_url(self):
        return record_url(self, "hazards:inspection_detail")

    def clean(self):
        unknown = [g for g in self.target_groups or [] if g not in TargetGroup.values]
        if unknown:
            raise ValidationError({"target_groups": _("未知的人群：%s") % "、".join(unknown)})
        if self.plan_id and self.community_id and self.plan.community_id != self.community_id:
            raise ValidationError({"plan": _("检查计划必须属于本社区。")})


class InspectionItem(models.Model):
    """One line of an inspection's checklist and its result."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("检查项目"), max_length=150)
    result = models.CharField(
        _("结果"), max_length=4, choices=CheckResult.choices, default=CheckResult.PASS
    )
    note = models.CharField(_("情况说明"), max_length=300, blank=True)
    photo = ImageUploadField(
        _("照片"),
        upload_to=UploadTo("hazards/inspection-items", community="inspection__community"),
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("检查项目")
        verbose_name_plural = _("检查项目")
        ordering = ["inspection", "position", "pk"]

    def __str__(self):
        return f"{self.item}：{self.get_result_display()}"

    def clean(self):
        if self.result == CheckResult.FAIL and not self.note.strip():
            raise ValidationError({"note": _("不符合项须说明存在的问题。")})
