"""Emergency resources: supplies and equipment, shelters and assembly points, rescue teams."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url

from ..choices import EXPIRY_WARNING_DAYS, ShelterKind, SupplyKind, SupplyState, TeamKind


def next_check_date(last_checked_on, fallback, interval_days):
    """When the next check is due: a cycle after the last check, or after the fallback date
    (purchase or registration) for something never checked."""
    base = last_checked_on or fallback
    if base is None or not interval_days:
        return None
    return base + datetime.timedelta(days=interval_days)


class Checked(models.Model):
    """A resource checked on a cycle (物资检查、场所巡查); ``next_check_on`` is stored so the
    list filter and the daily reminder are a plain indexed comparison."""

    last_checked_on = models.DateField(_("最近检查日期"), null=True, blank=True)
    check_interval_days = models.PositiveSmallIntegerField(
        _("检查周期（天）"), default=90, validators=[MinValueValidator(1)]
    )
    next_check_on = models.DateField(_("下次检查日期"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.next_check_on = next_check_date(
            self.last_checked_on, self.check_fallback(), self.check_interval_days
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "last_checked_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "next_check_on"}
        super().save(*args, **kwargs)

    def check_fallback(self):
        created = getattr(self, "created_at", None)
        return timezone.localdate(created) if created else timezone.localdate()

    def check_overdue(self, today):
        return bool(self.next_check_on and self.next_check_on < today)


class Supply(Checked):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="emergency_supplies"
    )
    name = models.CharField(_("物资名称"), max_length=100)
    kind = models.CharField(_("物资类别"), max_length=12, choices=SupplyKind.choices)
    spec = models.CharField(_("规格型号"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("数量"))
    unit = models.CharField(_("计量单位"), max_length=10, default="件")
    min_quantity = models.PositiveIntegerField(
        _("储备定额"), null=True, blank=True, help_text=_("低于该数量时提示补充。")
    )
    location = models.CharField(_("存放地点"), max_length=150)
    custodian = models.CharField(_("保管人"), max_length=60, blank=True)
    custodian_phone = models.CharField(_("保管人电话"), max_length=30, blank=True)
    purchased_on = models.DateField(_("购置日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["next_check_on"])

    class Meta:
        verbose_name = _("应急物资与器材")
        verbose_name_plural = _("应急物资与器材")
        ordering = ["community_id", "kind", "name", "pk"]
        indexes = [
            models.Index(fields=["community", "kind"]),
            models.Index(fields=["community", "expires_on"]),
            models.Index(fields=["community", "next_check_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(purchased_on__isnull=True)
                | models.Q(expires_on__gte=models.F("purchased_on")),
                name="emergency_supply_expiry_after_purchase",
            ),
            models.CheckConstraint(
                condition=models.Q(check_interval_days__gte=1),
                name="emergency_supply_check_interval_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "emergency:supply_detail")

    def check_fallback(self):
        return self.purchased_on or super().check_fallback()

    def clean(self):
        if self.purchased_on and self.expires_on and self.expires_on < self.purchased_on:
            raise ValidationError({"expires_on": _("有效期不能早于购置日期。")})
        if self.last_checked_on and self.last_checked_on > timezone.localdate():
            raise ValidationError({"last_checked_on": _("检查日期不能晚于今天。")})

    def states(self, today):
        """The warning states that apply today (SupplyState values)."""
        states = []
        if self.expires_on:
            if self.expires_on < today:
                states.append(SupplyState.EXPIRED)
            elif self.expires_on <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
                states.append(SupplyState.EXPIRING)
        if self.check_overdue(today):
            states.append(SupplyState.CHECK_OVERDUE)
        if self.min_quantity is not None and self.quantity < self.min_quantity:
            states.append(SupplyState.BELOW_MINIMUM)
        return states


class Shelter(Checked):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="emergency_shelters"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=ShelterKind.choices)
    address = models.CharField(_("地址"), max_length=200)
    capacity = models.PositiveIntegerField(_("可容纳人数"))
    area_m2 = models.PositiveIntegerField(_("有效面积（平方米）"), null=True, blank=True)
    serves = models.CharField(_("服务范围"), max_length=200, blank=True)
    facilities = models.TextField(_("配套设施"), blank=True)
    manager = models.CharField(_("管理责任人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["next_check_on"])

    class Meta:
        verbose_name = _("避难场所与集合点")
        verbose_name_plural = _("避难场所与集合点")
        ordering = ["community_id", "kind", "name"]
        indexes = [
            models.Index(fields=["community", "kind"]),
            models.Index(fields=["community", "next_check_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="emergency_shelter_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(check_interval_days__gte=1),
                name="emergency_shelter_check_interval_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "emergency:shelter_detail")

    def validate_unique(self, exclude=None):
        if (
            self.community_id
            and Shelter.objects.filter(community_id=self.community_id, name=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": _("本社区已有同名的避难场所或集合点。")})
        super().validate_unique(exclude=exclude)


class RescueTeam(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="rescue_teams"
    )
    name = models.CharField(_("队伍名称"), max_length=100)
    kind = models.CharField(_("队伍类型"), max_length=12, choices=TeamKind.choices)
    size = models.PositiveIntegerField(_("队员人数"))
    leader = models.CharField(_("负责人"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=30)
    duty_phone = models.CharField(_("值班电话"), max_length=30, blank=True)
    base = models.CharField(_("驻地"), max_length=150, blank=True)
    coverage = models.CharField(_("服务范围"), max_length=200, blank=True)
    capability = models.TextField(_("专长与救援能力"), blank=True)
    equipment = models.TextField(_("主要装备"), blank=True)
    partner = models.ForeignKey(
        "committee.Partner",
        verbose_name=_("所属合作单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rescue_teams",
    )
    volunteers = models.ManyToManyField(
        "committee.Volunteer",
        verbose_name=_("志愿者队员"),
        blank=True,
        related_name="rescue_teams",
    )
    is_active = models.BooleanField(_("在编"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[volunteers])

    class Meta:
        verbose_name = _("应急救援队伍")
        verbose_name_plural = _("应急救援队伍")
        ordering = ["community_id", "kind", "name"]
        indexes = [models.Index(fields=["community", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="emergency_team_name_unique"
            ),
            models.CheckConstraint(condition=models.Q(size__gte=1), name="emergency_team_size"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "emergency:team_detail")

    def clean(self):
        if self.size is not None and self.size < 1:
            raise ValidationError({"size": _("队员人数至少为 1 人。")})

    def validate_unique(self, exclude=None):
        if (
            self.community_id
            and RescueTeam.objects.filter(community_id=self.community_id, name=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": _("本社区已有同名的救援队伍。")})
        super().validate_unique(exclude=exclude)
