"""The community's registers of social units and public facilities (社会单位库、公共设施库)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url

from ..choices import HIGH_RISK_LEVELS, PlaceCategory, PlaceKind, RiskLevel, category_for_kind

# How often a place should be inspected when no interval is set on it, by its risk level.
DEFAULT_INSPECTION_INTERVAL_DAYS = {
    RiskLevel.RED: 30,
    RiskLevel.ORANGE: 60,
    RiskLevel.YELLOW: 90,
    RiskLevel.BLUE: 180,
}

# Rough bounds of China for a sanity warning on coordinates (never a refusal).
CHINA_LONGITUDE = (Decimal("73"), Decimal("136"))
CHINA_LATITUDE = (Decimal("3"), Decimal("54"))


def _fraction_field(label):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("占图片宽/高的比例，0 至 1。"),
    )


class Place(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="hazard_places"
    )
    name = models.CharField(_("名称"), max_length=120)
    category = models.CharField(
        _("类别"), max_length=10, choices=PlaceCategory.choices, editable=False
    )
    kind = models.CharField(_("类型"), max_length=20, choices=PlaceKind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人/负责人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    is_key_place = models.BooleanField(
        _("重点监管场所"), default=False, help_text=_("高风险环境、重点单位与部位，列入监测。")
    )
    inspection_interval_days = models.PositiveSmallIntegerField(
        _("检查周期（天）"),
        null=True,
        blank=True,
        help_text=_("留空则按风险等级：重大30天、较大60天、一般90天、低180天。"),
    )
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("责任工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazard_places",
    )
    employees = models.PositiveIntegerField(_("从业人员/容纳人数"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    # Where it is: a pin on one of the community's site plans, and/or geographic coordinates.
    site_plan = models.ForeignKey(
        "hazards.SitePlan",
        verbose_name=_("平面图"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places",
    )
    plan_x = _fraction_field(_("平面图横向位置"))
    plan_y = _fraction_field(_("平面图纵向位置"))
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("场所与单位")
        verbose_name_plural = _("场所与单位")
        ordering = ["community_id", "name"]
        indexes = [
            models.Index(fields=["community", "category", "kind"]),
            models.Index(fields=["community", "risk_level"]),
            models.Index(fields=["community", "is_key_place"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="hazards_uniq_place_name"),
            models.CheckConstraint(
                condition=models.Q(inspection_interval_days__isnull=True)
                | models.Q(inspection_interval_days__gte=1),
                name="hazards_place_interval_positive",
            ),
            # Both fractions or neither (a pin whose plan was deleted is simply not shown).
            models.CheckConstraint(
                condition=models.Q(plan_x__isnull=True, plan_y__isnull=True)
                | models.Q(plan_x__isnull=False, plan_y__isnull=False),
                name="hazards_place_pin_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True, latitude__isnull=True)
                | models.Q(longitude__isnull=False, latitude__isnull=False),
                name="hazards_place_coordinates_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.category = category_for_kind(self.kind)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url(self, "hazards:place_detail")

    def clean(self):
        if self.inspection_interval_days == 0:
            raise ValidationError({"inspection_interval_days": _("检查周期至少为 1 天。")})
        if (
            self.community_id
            and self.name
            and Place.objects.filter(community_id=self.community_id, name=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": _("本社区已登记同名的场所或单位。")})
        self.clean_location()

    def clean_location(self):
        """A pin needs a plan of the same community and both fractions; coordinates come in
        pairs."""
        pinned = [self.site_plan_id is not None, self.plan_x is not None, self.plan_y is not None]
        if any(pinned) and not all(pinned):
            raise ValidationError(_("平面图位置需同时填写平面图、横向和纵向位置。"))
        if self.site_plan_id and self.site_plan.community_id != self.community_id:
            raise ValidationError({"site_plan": _("只能标注在本社区的平面图上。")})
        if (self.longitude is None) != (self.latitude is None):
            raise ValidationError(_("经度和纬度需同时填写。"))

    @property
    def is_pinned(self):
        return self.site_plan_id is not None and self.plan_x is not None and self.plan_y is not None

    @property
    def has_coordinates(self):
        return self.longitude is not None and self.latitude is not None

    def outside_china(self):
        """True when the coordinates lie outside China's rough bounds (a typo, or swapped)."""
        if not self.has_coordinates:
            return False
        lon_lo, lon_hi = CHINA_LONGITUDE
        lat_lo, lat_hi = CHINA_LATITUDE
        return not (lon_lo <= self.longitude <= lon_hi and lat_lo <= self.latitude <= lat_hi)

    @property
    def is_high_risk(self):
        return self.is_key_place or self.risk_level in HIGH_RISK_LEVELS

    @property
    def interval_days(self):
        """The inspection interval in force: the place's own, else the default of its level."""
        if self.inspection_interval_days:
            return self.inspection_interval_days
        return DEFAULT_INSPECTION_INTERVAL_DAYS.get(self.risk_level, 180)
