"""Self-assessment against an evaluation indicator sheet (national by default, editable as data).

Scheme → first-level indicators (one per element) → second-level indicators of ``points`` each,
split into 有无 / 痕迹 / 效果 parts by the scheme's weights and graded a/b/c/d.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import Element
from safecommunity.models import record_url

from ..choices import AssessmentPart, Decision, Grade

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class IndicatorScheme(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("评定表名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    is_default = models.BooleanField(_("默认评定表"), default=False)
    presence_weight = models.DecimalField(
        _("有无权重"), max_digits=4, decimal_places=2, default=Decimal("0.8")
    )
    trace_weight = models.DecimalField(
        _("痕迹权重"), max_digits=4, decimal_places=2, default=Decimal("1.0")
    )
    effect_weight = models.DecimalField(
        _("效果权重"), max_digits=4, decimal_places=2, default=Decimal("1.2")
    )
    grade_a = models.PositiveSmallIntegerField(
        _("a 档得分率（%）"), default=100, validators=PERCENT
    )
    grade_b = models.PositiveSmallIntegerField(_("b 档得分率（%）"), default=70, validators=PERCENT)
    grade_c = models.PositiveSmallIntegerField(_("c 档得分率（%）"), default=30, validators=PERCENT)
    grade_d = models.PositiveSmallIntegerField(_("d 档得分率（%）"), default=0, validators=PERCENT)
    pass_score = models.DecimalField(
        _("通过分数"), max_digits=6, decimal_places=1, default=Decimal("100")
    )
    rectify_score = models.DecimalField(
        _("限期整改分数线"), max_digits=6, decimal_places=1, default=Decimal("75")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评定表")
        verbose_name_plural = _("评定表")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_scheme",
            ),
            models.CheckConstraint(
                condition=models.Q(rectify_score__lte=models.F("pass_score")),
                name="scheme_thresholds_order",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.rectify_score is not None
            and self.pass_score is not None
            and self.rectify_score > self.pass_score
        ):
            raise ValidationError({"rectify_score": _("限期整改分数线不能高于通过分数。")})
        if self.weight_total <= 0:
            raise ValidationError(_("有无、痕迹、效果的权重之和必须大于零。"))

    @property
    def weight_total(self):
        return (self.presence_weight or 0) + (self.trace_weight or 0) + (self.effect_weight or 0)

    def weights(self):
        return {
            AssessmentPart.PRESENCE: self.presence_weight,
            AssessmentPart.TRACE: self.trace_weight,
            AssessmentPart.EFFECT: self.effect_weight,
        }

    def grade_share(self, grade):
        """The share (0..1) of a part's points that a grade earns; None if not graded."""
        percent = {
            Grade.A: self.grade_a,
            Grade.B: self.grade_b,
            Grade.C: self.grade_c,
            Grade.D: self.grade_d,
        }
        if grade not in percent:
            return None
        return Decimal(percent[grade]) / 100


class IndicatorL1(models.Model):
    scheme = models.ForeignKey(
        IndicatorScheme, verbose_name=_("评定表"), on_delete=models.CASCADE, related_name="sections"
    )
    element = models.PositiveSmallIntegerField(_("要素"), choices=Element.choices)
    title = models.CharField(_("一级指标"), max_length=120)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering = ["scheme", "order", "element"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "element"], name="uniq_l1_element")
        ]

    def __str__(self):
        return f"{self.element}. {self.title}"


class IndicatorL2(models.Model):
    section = models.ForeignKey(
        IndicatorL1, verbose_name=_("一级指标"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("编号"), max_length=10)
    title = models.CharField(_("二级指标"), max_length=200)
    guidance = models.TextField(_("评定要点"), blank=True)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, default=Decimal("3"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")
        ordering = ["section", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="uniq_l2_code"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="l2_points_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Assessment(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="assessments"
    )
    scheme = models.ForeignKey(
        IndicatorScheme,
        verbose_name=_("评定表"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    title = models.CharField(_("名称"), max_length=150)
    date = models.DateField(_("自评日期"), default=timezone.localdate)
    notes = models.TextField(_("总体说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("自评")
        verbose_name_plural = _("自评")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "archive:assessment_detail")


class AssessmentItem(models.Model):
    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("自评"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        IndicatorL2, verbose_name=_("二级指标"), on_delete=models.PROTECT, related_name="+"
    )
    presence = models.CharField(_("有无"), max_length=1, choices=Grade.choices, blank=True)
    trace = models.CharField(_("痕迹"), max_length=1, choices=Grade.choices, blank=True)
    effect = models.CharField(_("效果"), max_length=1, choices=Grade.choices, blank=True)
    comment = models.TextField(_("自评说明"), blank=True)
    decision = models.CharField(
        _("建议的处理"), max_length=12, choices=Decision.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("自评条目")
        verbose_name_plural = _("自评条目")
        ordering = [
            "assessment",
            "indicator__section__order",
            "indicator__order",
            "indicator__code",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="uniq_assessment_indicator"
            )
        ]

    def __str__(self):
        return f"{self.assessment} · {self.indicator}"

    def grades(self):
        return {
            AssessmentPart.PRESENCE: self.presence,
            AssessmentPart.TRACE: self.trace,
            AssessmentPart.EFFECT: self.effect,
        }

    @property
    def is_graded(self):
        return all(self.grades().values())

    def score(self, scheme):
        """Points earned: Σ points × weight / Σ weights × grade share; None until all parts graded."""
        if not self.is_graded:
            return None
        return score_of(self.indicator.points, scheme, self.grades())


def score_of(points, scheme, grades):
    """Points earned by an indicator of ``points`` with ``grades`` ({part: grade}, all graded):
    Σ points × weight / Σ weights × grade share."""
    weights = scheme.weights()
    total = scheme.weight_total
    earned = Decimal(0)
    for part, grade in grades.items():
        earned += points * weights[part] / total * scheme.grade_share(grade)
    return earned.quantize(Decimal("0.01"))


class IndicatorJudgement(models.Model):
    """One confirmation or override of a proposed grade, kept as the history of an item.

    The grades written here are also copied onto the item, which is what scores, reports and the
    dossier read; these rows record who decided, against which proposal, and why.
    """

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        AssessmentItem,
        verbose_name=_("自评条目"),
        on_delete=models.CASCADE,
        related_name="judgements",
    )
    decision = models.CharField(_("处理"), max_length=12, choices=Decision.choices)
    presence = models.CharField(_("有无"), max_length=1, choices=Grade.choices)
    trace = models.CharField(_("痕迹"), max_length=1, choices=Grade.choices)
    effect = models.CharField(_("效果"), max_length=1, choices=Grade.choices)
    proposed = models.CharField(_("系统建议"), max_length=3, blank=True)
    proposal_reason = models.TextField(_("建议依据"), blank=True)
    reason = models.TextField(_("改判理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), default=timezone.now)

    class Meta:
        verbose_name = _("指标评定记录")
        verbose_name_plural = _("指标评定记录")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["community", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="overridden") | ~models.Q(reason=""),
                name="override_needs_reason",
            )
        ]

    def __str__(self):
        return f"{self.item} · {self.get_decision_display()}"

    def clean(self):
        if self.decision == Decision.OVERRIDDEN and not self.reason.strip():
            raise ValidationError({"reason": _("改判必须写明理由。")})

    @property
    def grades_text(self):
        return f"{self.presence}{self.trace}{self.effect}"
