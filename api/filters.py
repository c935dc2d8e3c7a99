import django_filters

from hazards.choices import DangerStatus
from hazards.models import HiddenDanger
from injuries.models import InjuryCard


class CardFilter(django_filters.FilterSet):
    injury_from = django_filters.DateFilter(
        field_name="injury_date", lookup_expr="gte", help_text="injury date on or after (local)"
    )
    injury_to = django_filters.DateFilter(
        field_name="injury_date", lookup_expr="lte", help_text="injury date on or before (local)"
    )
    reporting_unit = django_filters.NumberFilter(
        field_name="reporting_unit_id", help_text="reporting unit id"
    )

    class Meta:
        model = InjuryCard
        fields = ("injury_from", "injury_to", "reporting_unit")


class DangerFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DangerStatus.choices)
    found_from = django_filters.DateFilter(field_name="found_on", lookup_expr="gte")
    found_to = django_filters.DateFilter(field_name="found_on", lookup_expr="lte")

    class Meta:
        model = HiddenDanger
        fields = ("status", "grade", "safety_area", "found_from", "found_to")
