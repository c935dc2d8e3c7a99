"""Element 9: reporting units, accident events and injury cards (全国伤害监测报告卡)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.choices import AgeGroup
from safecommunity.elements import SafetyArea
from safecommunity.models import record_url

from . import choices, rules
from .choices import AccidentKind, UnitKind
from .masking import mask_id_number, mask_name, mask_phone


class ReportingUnit(models.Model):
    """A source of injury cards: sentinel hospital, clinic, school, police, enterprise…"""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="reporting_units"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(_("监测单位编号"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告员"),
        blank=True,
        related_name="reporting_units",
        help_text=_("本单位负责填报伤害监测报告卡的用户（角色为伤害报告员）。"),
    )
    is_active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords(m2m_fields=[reporters])

    class Meta:
        verbose_name = _("报告单位")
        verbose_name_plural = _("报告单位")
        ordering = ["community_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="uniq_reporting_unit_name")
        ]
        indexes = [models.Index(fields=["community", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "injuries:unit_detail")

    @property
    def status_label(self):
        return _("在用") if self.is_active else _("停用")

    def validate_unique(self, exclude=None):
        # A friendly message instead of the generic constraint text.
        if (
            self.community_id
            and ReportingUnit.objects.filter(community_id=self.community_id, name=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": _("本社区已有同名的报告单位。")})
        super().validate_unique(exclude=exclude)


class Accident(models.Model):
    """An accident event (事故) that may group several injured people's cards."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="accidents"
    )
    kind = models.CharField(_("事故类型"), max_length=20, choices=AccidentKind.choices)
    title = models.CharField(_("事故名称"), max_length=150)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    safety_area = models.CharField(
        _("安全领域"), max_length=20, choices=SafetyArea.choices, blank=True
    )
    description = models.TextField(_("经过与初步原因"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    injured = models.PositiveIntegerField(_("受伤人数"), default=0)
    missing = models.PositiveIntegerField(_("失踪人数"), default=0)
    loss = models.DecimalField(
        _("直接经济损失（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    reported_by = models.ForeignKey(
        ReportingUnit,
        verbose_name=_("报告单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accidents",
    )
    handling = models.TextField(_("处置情况"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("事故")
        verbose_name_plural = _("事故")
        ordering = ["community_id", "-occurred_at"]
        indexes = [
            models.Index(fields=["community", "occurred_at"]),
            models.Index(fields=["community", "kind"]),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d} {self.title}"

    def save(self, *args, **kwargs):
        if not self.safety_area and self.kind:
            self.safety_area = choices.ACCIDENT_AREA.get(self.kind, "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url(self, "injuries:accident_detail")

    def clean(self):
        if self.occurred_at and self.occurred_at > timezone.now():
            raise ValidationError({"occurred_at": _("发生时间不能晚于当前时间。")})

    @property
    def casualties(self):
        return self.deaths + self.injured


# The column groups statistics.py aggregates together (one covering index each, see Meta), and
# the filters of the statistics page, which those indexes also carry.
STAT_FILTERS = ("sex", "age_group", "residence", "safety_area", "reporting_unit")
STAT_SCANS = (
    ("age", "sex", "cause"),
    ("occupation", "education", "residence"),
    ("place", "activity", "intent"),
    ("nature", "body_part", "severity"),
    ("outcome", "follow_up", "safety_area"),
)


class InjuryCard(models.Model):
    """One injured person's card, with the national card's fields and codes."""

    community = models.ForeignKey(
        "committee.Community",
        on_delete=models.CASCADE,
        related_name="injury_cards",
        db_index=False,  # every composite index below starts with it
    )
    card_no = models.CharField(
        _("卡片编号"), max_length=40, blank=True, help_text=_("医院原卡编号，可不填。")
    )
    reporting_unit = models.ForeignKey(
        ReportingUnit, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="cards"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="injury_cards",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accident = models.ForeignKey(
        Accident,
        verbose_name=_("所属事故"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
    )

    # Patient (personal identifiers are optional and protected: see masking.py)
    name = models.CharField(_("姓名"), max_length=60, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    sex = models.CharField(_("性别"), max_length=1, choices=choices.CardSex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    age = models.PositiveSmallIntegerField(_("年龄（岁）"))
    age_group = models.CharField(
        _("年龄组"), max_length=8, choices=AgeGroup.choices, editable=False
    )
    residence = models.PositiveSmallIntegerField(_("户籍"), choices=choices.Residence.choices)
    education = models.PositiveSmallIntegerField(_("文化程度"), choices=choices.Education.choices)
    occupation = models.PositiveSmallIntegerField(_("职业"), choices=choices.Occupation.choices)

    # Injury event
    injury_at = models.DateTimeField(_("伤害发生时间"))
    visit_at = models.DateTimeField(_("就诊时间"))
    reported_on = models.DateField(_("填报日期"), default=timezone.localdate)
    reporter_name = models.CharField(
        _("填报人"), max_length=60, blank=True, help_text=_("卡片上填写的填报人姓名。")
    )
    cause = models.PositiveSmallIntegerField(_("伤害发生原因"), choices=choices.Cause.choices)
    cause_other = models.CharField(_("其他原因（请注明）"), max_length=100, blank=True)
    place = models.PositiveSmallIntegerField(_("伤害发生地点"), choices=choices.Place.choices)
    place_other = models.CharField(_("其他地点（请注明）"), max_length=100, blank=True)
    activity = models.PositiveSmallIntegerField(
        _("伤害发生时活动"), choices=choices.Activity.choices
    )
    activity_other = models.CharField(_("其他活动（请注明）"), max_length=100, blank=True)
    intent = models.PositiveSmallIntegerField(_("意图"), choices=choices.Intent.choices)
    alcohol = models.PositiveSmallIntegerField(
        _("饮酒情况"), choices=choices.Alcohol.choices, null=True, blank=True
    )
    address = models.CharField(_("发生地址"), max_length=200, blank=True)

    # Clinical
    nature = models.PositiveSmallIntegerField(_("伤害性质"), choices=choices.Nature.choices)
    nature_secondary = models.PositiveSmallIntegerField(
        _("伤害性质（第二项）"), choices=choices.Nature.choices, null=True, blank=True
    )
    nature_other = models.CharField(_("其他伤害性质（请注明）"), max_length=100, blank=True)
    body_part = models.PositiveSmallIntegerField(_("伤害部位"), choices=choices.BodyPart.choices)
    body_part_other = models.CharField(_("其他部位（请注明）"), max_length=100, blank=True)
    severity = models.PositiveSmallIntegerField(_("严重程度"), choices=choices.Severity.choices)
    diagnosis = models.CharField(_("临床诊断"), max_length=200, blank=True)
    icd10 = models.CharField(
        _("ICD-10 编码"),
        max_length=10,
        blank=True,
        help_text=_("可不填，例如 S52.5（损伤）或 W01（外因）。"),
    )
    outcome = models.PositiveSmallIntegerField(_("结局"), choices=choices.Outcome.choices)
    outcome_other = models.CharField(_("其他结局（请注明）"), max_length=100, blank=True)
    follow_up = models.PositiveSmallIntegerField(
        _("随访转归"), choices=choices.FollowUp.choices, null=True, blank=True
    )

    safety_area = models.CharField(
        _("安全领域"),
        max_length=20,
        choices=SafetyArea.choices,
        blank=True,
        help_text=_("不填则按原因、地点和年龄自动归类。"),
    )
    narrative = models.TextField(_("简要经过"), blank=True)
    is_duplicate = models.BooleanField(_("疑似重复"), default=False, editable=False)
    confirmed_warnings = models.JSONField(
        _("已确认的提示"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("录入或导入时显示并经用户确认的逻辑提示（不常见但可能属实）。"),
    )

    # Derived, stored for GROUP BY statistics without date functions.
    injury_date = models.DateField(_("伤害发生日期"), editable=False)
    injury_year = models.PositiveSmallIntegerField(_("年份"), editable=False)
    injury_month = models.PositiveSmallIntegerField(_("月份"), editable=False)

    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("伤害监测报告卡")
        verbose_name_plural = _("伤害监测报告卡")
        ordering = ["community_id", "-injury_at", "-pk"]
        indexes = [
            # List page: newest first, its filters, the duplicate check.
            models.Index(fields=["community", "-injury_at"], name="injury_list"),
            models.Index(fields=["community", "reporting_unit"], name="injury_unit"),
            models.Index(fields=["community", "reporter"], name="injury_reporter"),
            models.Index(fields=["community", "name", "injury_at"], name="injury_person"),
            # Statistics (statistics.SCANS): one covering index per grouped scan: the grouped
            # columns first, then the date, then the page's filters. Each GROUP BY reads one
            # index in order, without a sort and without touching the table, for any period
            # and any combination of filters.
            *[
                models.Index(
                    fields=["community", *columns, "injury_date", *STAT_FILTERS],
                    name=f"injury_stat_{number}",
                )
                for number, columns in enumerate(STAT_SCANS, 1)
            ],
            models.Index(
                fields=["community", "injury_year", "injury_month", "injury_date", *STAT_FILTERS],
                name="injury_stat_month",
            ),
            models.Index(
                fields=["community", "injury_year", "age_group", "cause", *STAT_FILTERS],
                name="injury_stat_year",
            ),
            # Ranking pages (archive.ranking): does a community hold any card in a month? One
            # probe per community and month; narrow, so it stays in memory (34 MB for 5 million
            # cards, where injury_stat_month is 281 MB).
            models.Index(
                fields=["community", "injury_year", "injury_month"], name="injury_reporting_month"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(age__lte=120), name="injury_age_range"),
            models.CheckConstraint(
                condition=models.Q(visit_at__gte=models.F("injury_at")),
                name="injury_visit_after_injury",
            ),
        ]

    def __str__(self):
        # Cheap on purpose: imports call it for every row (Cause(...).label, not get_cause_display).
        if self.pk is None:
            return str(_("新报告卡"))
        when = timezone.localtime(self.injury_at) if self.injury_at else None
        try:
            cause = choices.Cause(self.cause).label
        except ValueError:
            cause = ""
        return f"{self.number} {when:%Y-%m-%d} {cause}".strip() if when else self.number

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return record_url(self, "injuries:card_detail")

    @property
    def number(self):
        """The card number shown to users: the hospital's, or one derived from our id."""
        return self.card_no or (f"SC{self.pk:07d}" if self.pk else "")

    # --- derived fields -------------------------------------------------------------------

    def derive(self):
        """Fill the stored derived fields; called by save() and by bulk paths before bulk_create."""
        if self.age is not None:
            self.age_group = AgeGroup.for_age(self.age)
        if self.injury_at:
            local = (
                timezone.localtime(self.injury_at)
                if timezone.is_aware(self.injury_at)
                else self.injury_at
            )
            self.injury_date = local.date()
            self.injury_year = local.year
            self.injury_month = local.month
        if not self.safety_area and self.cause:
            self.safety_area = rules.suggest_safety_area(self)
        if self.outcome == choices.Outcome.DIED and not self.follow_up:
            self.follow_up = choices.FollowUp.DIED

    def clean(self):
        errors = rules.card_errors(self, today=timezone.localdate(), now=timezone.now())
        if errors:
            raise ValidationError(errors)

    # --- personal data, masked for roles that may not see it ---------------------------------

    @property
    def masked_name(self):
        return mask_name(self.name)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def age_at(self):
        """Age in whole years on the day of injury, from the birth date (None without one)."""
        if not self.birth_date or not self.injury_at:
            return None
        day = self.injury_date if self.injury_date else self.injury_at.date()
        return rules.age_on(self.birth_date, day)


# Shown only to office staff and the reporter who entered the card; never in statistics or
# evidence. Address and narrative are free text that often names a home or a person.
PERSONAL_FIELDS = ("name", "id_number", "phone", "birth_date", "address", "narrative")
# The audit trail names a change of these but never shows their values (safecommunity.history).
InjuryCard.history_private_fields = PERSONAL_FIELDS
