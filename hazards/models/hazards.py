"""The risk register (element 3): hazards and risk points, and the history of their evaluations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.files import ImageUploadField, UploadTo
from safecommunity.models import record_url

from .. import risk
from ..choices import AssessmentMethod, HazardStatus, IdentificationSource, RiskLevel


class Hazard(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="hazards"
    )
    code = models.CharField(_("编号"), max_length=30, blank=True)
    title = models.CharField(_("危险源/风险点"), max_length=150)
    place = models.ForeignKey(
        "hazards.Place",
        verbose_name=_("场所/单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
    )
    location = models.CharField(_("具体位置"), max_length=150, blank=True)
    safety_area = models.CharField(_("安全领域"), max_length=20, choices=SafetyArea.choices)
    description = models.TextField(_("可能发生的事故与伤害"))
    exposed_groups = models.JSONField(
        _("暴露人群"),
        default=list,
        blank=True,
        help_text=_("高危人群与脆弱群体，如老年人、儿童、残疾人、外来务工人员。"),
    )
    exposure_note = models.CharField(_("暴露人群与环境说明"), max_length=200, blank=True)
    source = models.CharField(
        _("辨识来源"),
        max_length=20,
        choices=IdentificationSource.choices,
        default=IdentificationSource.SURVEY,
    )
    identified_on = models.DateField(_("辨识日期"))
    controls = models.TextField(_("现有管控措施"), blank=True)
    level = models.CharField(
        _("风险等级"),
        max_length=10,
        choices=RiskLevel.choices,
        blank=True,
        help_text=_("由最近一次评价得出。"),
    )
    score = models.DecimalField(
        _("风险值"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    last_assessed_on = models.DateField(_("最近评价日期"), null=True, blank=True, editable=False)
    likelihood = models.PositiveSmallIntegerField(
        _("可能性（矩阵）"), null=True, blank=True, editable=False
    )
    severity = models.PositiveSmallIntegerField(
        _("严重程度（矩阵）"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=HazardStatus.choices, default=HazardStatus.ACTIVE
    )
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
    )
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=60, blank=True)
    review_date = models.DateField(_("复评日期"), null=True, blank=True)
    photo = ImageUploadField(_("照片"), upload_to=UploadTo("hazards/hazards"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("危险源与风险点")
        verbose_name_plural = _("风险辨识与评价")
        ordering = ["community_id", "-identified_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "safety_area"]),
            models.Index(fields=["community", "level"]),
            models.Index(fields=["community", "status"]),
            models.Index(fields=["community", "identified_on"]),
            models.Index(fields=["community", "review_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=["", *RiskLevel.values]),
                name="hazards_hazard_level_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "hazards:hazard_detail")

    def clean(self):
        if self.place_id and self.community_id and self.place.community_id != self.community_id:
            raise ValidationError({"place": _("场所必须属于本社区。")})
        unknown = [g for g in self.exposed_groups or [] if g not in TargetGroup.values]
        if unknown:
            raise ValidationError({"exposed_groups": _("未知的人群：%s") % "、".join(unknown)})
        if self.review_date and self.identified_on and self.review_date < self.identified_on:
            raise ValidationError({"review_date": _("复评日期不能早于辨识日期。")})

    @property
    def score_text(self):
        return risk.plain(self.score)

    @property
    def exposed_group_labels(self):
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.exposed_groups or []]

    def review_overdue(self, today):
        return bool(
            self.review_date and self.review_date < today and self.status == HazardStatus.ACTIVE
        )


class Assessment(models.Model):
    """One evaluation of a hazard. The latest one sets the hazard's level; all are kept."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="hazard_assessments"
    )
    hazard = models.ForeignKey(
        Hazard, verbose_name=_("危险源"), on_delete=models.CASCADE, related_name="assessments"
    )
    method = models.CharField(_("评价方法"), max_length=10, choices=AssessmentMethod.choices)
    likelihood = models.PositiveSmallIntegerField(
        _("可能性 L"),
        choices=risk.LIKELIHOOD_SCALE,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    severity = models.PositiveSmallIntegerField(
        _("严重程度 S"),
        choices=risk.SEVERITY_SCALE,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    lec_l = models.DecimalField(
        _("事故发生的可能性 L"),
        max_digits=5,
        decimal_places=1,
        choices=risk.LEC_L_SCALE,
        null=True,
        blank=True,
    )
    lec_e = models.DecimalField(
        _("暴露于危险环境的频繁程度 E"),
        max_digits=5,
        decimal_places=1,
        choices=risk.LEC_E_SCALE,
        null=True,
        blank=True,
    )
    lec_c = models.DecimalField(
        _("发生事故产生的后果 C"),
        max_digits=5,
        decimal_places=1,
        choices=risk.LEC_C_SCALE,
        null=True,
        blank=True,
    )
    score = models.DecimalField(_("风险值（R 或 D）"), max_digits=8, decimal_places=2)
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    assessed_on = models.DateField(_("评价日期"))
    assessor = models.CharField(_("评价人"), max_length=100)
    note = models.TextField(_("评价说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("风险评价")
        verbose_name_plural = _("风险评价")
        ordering = ["hazard", "-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "assessed_on"]),
            models.Index(fields=["hazard", "assessed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(method="matrix")
                | (
                    models.Q(likelihood__gte=1, likelihood__lte=5)
                    & models.Q(severity__gte=1, severity__lte=5)
                ),
                name="hazards_matrix_inputs",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="lec")
                | models.Q(lec_l__isnull=False, lec_e__isnull=False, lec_c__isnull=False),
                name="hazards_lec_inputs",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=RiskLevel.values), name="hazards_assessment_level"
            ),
        ]

    def __str__(self):
        return f"{self.hazard} · {self.assessed_on} · {self.get_level_display()}"

    def get_absolute_url(self):
        return self.hazard.get_absolute_url()

    def clean(self):
        errors = {}
        if self.method == AssessmentMethod.MATRIX:
            for name in ("likelihood", "severity"):
                if getattr(self, name) is None:
                    errors[name] = _("风险矩阵法须填写可能性和严重程度。")
        elif self.method == AssessmentMethod.LEC:
            for name in ("lec_l", "lec_e", "lec_c"):
                if getattr(self, name) is None:
                    errors[name] = _("LEC 法须填写 L、E、C 三项。")
        if self.hazard_id and self.community_id and self.hazard.community_id != self.community_id:
            errors["hazard"] = _("危险源必须属于本社区。")
        if errors:
            raise ValidationError(errors)

    def compute(self):
        """Fill score and level from the inputs of the chosen method."""
        self.score, self.level = risk.evaluate(
            self.method,
            likelihood=self.likelihood,
            severity=self.severity,
            lec_l=self.lec_l,
            lec_e=self.lec_e,
            lec_c=self.lec_c,
        )
        return self

    @property
    def score_text(self):
        return risk.plain(self.score)

    @property
    def inputs_display(self):
        if self.method == AssessmentMethod.MATRIX:
            return f"L={self.likelihood} × S={self.severity}"
        return (
            f"L={risk.plain(self.lec_l)} × E={risk.plain(self.lec_e)} × C={risk.plain(self.lec_c)}"
        )

    @property
    def danger_class(self):
        if self.method == AssessmentMethod.LEC:
            return risk.lec_danger_class(self.score)
        return ""
