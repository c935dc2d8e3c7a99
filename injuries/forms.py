"""Forms: the injury card (phone-friendly, in the card's three sections), units, accidents."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from safecommunity.forms import (
    BoundedDateField,
    CommunityModelForm,
    DateRangeMixin,
    style_widgets,
)

from . import rules, selectors
from .choices import Intent, Outcome, Residence, Severity
from .models import Accident, InjuryCard, ReportingUnit

CARD_SECTIONS = (
    (
        _("报告单位"),
        ("reporting_unit", "card_no", "reported_on", "reporter_name"),
    ),
    (
        _("患者一般信息"),
        ("sex", "age", "residence", "education", "occupation"),
    ),
    (
        _("伤害事件"),
        (
            "injury_at",
            "visit_at",
            "cause",
            "cause_other",
            "place",
            "place_other",
            "activity",
            "activity_other",
            "intent",
            "alcohol",
            "address",
        ),
    ),
    (
        _("临床信息"),
        (
            "nature",
            "nature_secondary",
            "nature_other",
            "body_part",
            "body_part_other",
            "severity",
            "diagnosis",
            "icd10",
            "outcome",
            "outcome_other",
            "follow_up",
        ),
    ),
    (
        _("归类与经过"),
        ("safety_area", "accident", "narrative"),
    ),
    (
        _("个人身份信息（可选，仅办公室与填报人可见）"),
        ("name", "phone", "id_number", "birth_date"),
    ),
)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class InjuryCardForm(CommunityModelForm):
    """One form for office staff and reporters; a reporter chooses among his own units only.

    Unusual combinations (``rules.card_warnings``) do not block: the form shows them once and
    saves when the user ticks ``confirm_warnings``; the confirmed warnings go on the card."""

    confirm_warnings = forms.BooleanField(
        label=_("已核对以上提示，情况属实，确认保存"), required=False
    )

    class Meta:
        model = InjuryCard
        fields = [name for _title, names in CARD_SECTIONS for name in names]
        widgets = {
            "injury_at": forms.DateTimeInput(),
            "visit_at": forms.DateTimeInput(),
            "reported_on": forms.DateInput(),
            "birth_date": forms.DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 2}),
            "age": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 120}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.warnings = []
        for name in ("injury_at", "visit_at"):
            self.fields[name].input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H:%M:%S",
            ]
        if membership is not None and membership.role == Role.REPORTER:
            self.fields["reporting_unit"].queryset = selectors.units_for_reporter(
                self.community, membership.user
            )
            del self.fields["accident"]  # linking cards to accidents is the office's work
        else:
            current = getattr(self.instance, "reporting_unit_id", None)
            self.fields["reporting_unit"].queryset = selectors.units_of(self.community).filter(
                Q(is_active=True) | Q(pk=current)
            )
        if not self.instance.pk:
            now = _now_minute()
            self.initial.setdefault("injury_at", now)
            self.initial.setdefault("visit_at", now)
            self.initial.setdefault("reported_on", now.date())
            self.initial.setdefault("residence", Residence.LOCAL)
            self.initial.setdefault("intent", Intent.UNINTENTIONAL)
            self.initial.setdefault("severity", Severity.MILD)
            self.initial.setdefault("outcome", Outcome.DISCHARGED)
            units = list(self.fields["reporting_unit"].queryset[:2])
            if len(units) == 1:
                self.initial.setdefault("reporting_unit", units[0].pk)
        # Choice fields: drop Django's "---------" for required ones, keep a prompt.
        for field in self.fields.values():
            prompt = _("请选择") if field.required else _("（不填）")
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = prompt
            elif isinstance(field, forms.TypedChoiceField):
                field.choices = [("", prompt)] + [c for c in field.choices if c[0] != ""]
        style_widgets(self)

    def _post_clean(self):
        super()._post_clean()
        self.warnings = []
        if self.errors:
            return
        self.warnings = rules.card_warnings(self.instance)
        confirmed = self.cleaned_data.get("confirm_warnings")
        already = list(getattr(self.instance, "confirmed_warnings", None) or [])
        if self.warnings and not confirmed and sorted(self.warnings) != sorted(already):
            self.add_error("confirm_warnings", _("请核对上面的提示；情况属实时勾选确认后再保存。"))
        self.instance.confirmed_warnings = self.warnings

    def sections(self):
        """[(title, [bound fields])] for the sectioned template."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in CARD_SECTIONS
        ]


class ReportingUnitForm(CommunityModelForm):
    class Meta:
        model = ReportingUnit
        fields = [
            "name",
            "kind",
            "code",
            "address",
            "contact_person",
            "phone",
            "reporters",
            "is_active",
        ]
        widgets = {"reporters": forms.CheckboxSelectMultiple()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporters"].queryset = selectors.reporter_users(self.community)


class AccidentForm(CommunityModelForm):
    class Meta:
        model = Accident
        fields = [
            "kind",
            "title",
            "occurred_at",
            "place",
            "safety_area",
            "reported_by",
            "deaths",
            "injured",
            "missing",
            "loss",
            "description",
            "handling",
        ]
        widgets = {"occurred_at": forms.DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class StatsFilterForm(DateRangeMixin, forms.Form):
    """Filters of the statistics page. The period defaults to the last twelve months and is
    bounded (safecommunity.forms.DateRangeMixin)."""

    start = BoundedDateField(label=_("开始日期"), required=False, widget=forms.DateInput())
    end = BoundedDateField(label=_("结束日期"), required=False, widget=forms.DateInput())
    safety_area = forms.ChoiceField(label=_("安全领域"), required=False)
    reporting_unit = forms.ModelChoiceField(
        label=_("报告单位"),
        required=False,
        queryset=ReportingUnit.objects.none(),
        empty_label=_("全部"),
    )
    sex = forms.ChoiceField(label=_("性别"), required=False)
    age_group = forms.ChoiceField(label=_("年龄组"), required=False)
    residence = forms.ChoiceField(label=_("户籍"), required=False)

    def __init__(self, data=None, *, community, today=None):
        from committee.choices import AgeGroup, Sex
        from safecommunity.elements import SafetyArea

        super().__init__(data)
        self.today = today or timezone.localdate()
        blank = [("", _("全部"))]
        self.fields["safety_area"].choices = blank + list(SafetyArea.choices)
        self.fields["sex"].choices = blank + list(Sex.choices)
        self.fields["age_group"].choices = blank + list(AgeGroup.choices)
        self.fields["residence"].choices = blank + [(str(v), lbl) for v, lbl in Residence.choices]
        self.fields["reporting_unit"].queryset = selectors.units_of(community)
        self.fields["start"].initial, self.fields["end"].initial = self.default_period()
        style_widgets(self)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"

    def default_period(self):
        end = self.today
        year, month = (
            (end.year, end.month - 11) if end.month == 12 else (end.year - 1, end.month + 1)
        )
        return datetime.date(year, month, 1), end

    def criteria(self):
        """(start, end, {field: value}) from valid input, defaults where blank or invalid."""
        default_start, default_end = self.default_period()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        filters = {}
        for name in ("safety_area", "sex", "age_group", "residence"):
            if data.get(name):
                filters[name] = data[name]
        if data.get("reporting_unit"):
            filters["reporting_unit"] = data["reporting_unit"].pk
        return start, end, filters
