"""List filters for cards, accidents and units."""

import django_filters
from django.utils.translation import gettext_lazy as _

from committee.choices import AgeGroup, Sex
from safecommunity.elements import SafetyArea
from safecommunity.filters import DateFilter, YearFilter, yes_no_filter

from .choices import AccidentKind, Cause, Severity, UnitKind
from .models import Accident, InjuryCard, ReportingUnit

ALL = _("全部")


class CommunityFilterSet(django_filters.FilterSet):
    takes_community = True

    def __init__(self, *args, community=None, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)


class CardFilter(CommunityFilterSet):
    start = DateFilter(label=_("发生日期自"), field_name="injury_date", lookup_expr="gte")
    end = DateFilter(label=_("至"), field_name="injury_date", lookup_expr="lte")
    cause = django_filters.ChoiceFilter(label=_("原因"), choices=Cause.choices, empty_label=ALL)
    age_group = django_filters.ChoiceFilter(
        label=_("年龄组"), choices=AgeGroup.choices, empty_label=ALL
    )
    sex = django_filters.ChoiceFilter(label=_("性别"), choices=Sex.choices, empty_label=ALL)
    severity = django_filters.ChoiceFilter(
        label=_("严重程度"), choices=Severity.choices, empty_label=ALL
    )
    safety_area = django_filters.ChoiceFilter(
        label=_("安全领域"), choices=SafetyArea.choices, empty_label=ALL
    )
    reporting_unit = django_filters.ModelChoiceFilter(
        label=_("填报单位"), queryset=ReportingUnit.objects.none(), empty_label=ALL
    )
    is_duplicate = yes_no_filter(_("疑似重复"))

    class Meta:
        model = InjuryCard
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reporting_unit"].queryset = ReportingUnit.objects.filter(
            community=self.community
        )
        for name in ("start", "end"):
            self.filters[name].field.widget.input_type = "date"


class AccidentFilter(CommunityFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("事故类型"), choices=AccidentKind.choices, empty_label=ALL
    )
    safety_area = django_filters.ChoiceFilter(
        label=_("安全领域"), choices=SafetyArea.choices, empty_label=ALL
    )
    year = YearFilter(label=_("年份"), field_name="occurred_at", lookup_expr="year")

    class Meta:
        model = Accident
        fields = []


class UnitFilter(CommunityFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=UnitKind.choices, empty_label=ALL
    )
    is_active = yes_no_filter(_("在用"))

    class Meta:
        model = ReportingUnit
        fields = []
