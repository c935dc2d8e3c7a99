import django_filters
from django import forms

from hazards.choices import DangerStatus
from hazards.models import HiddenDanger, Inspection
from injuries.models import InjuryCard
from projects.models import Project, ProjectUpdate

# Ids as the database holds them (a 64-bit integer from 1): anything else is refused (400),
# never handed to the database (SQLite raises OverflowError past 64 bits; schemathesis found it).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class CardFilter(django_filters.FilterSet):
    injury_from = django_filters.DateFilter(
        field_name="injury_date", lookup_expr="gte", help_text="injury date on or after (local)"
    )
    injury_to = django_filters.DateFilter(
        field_name="injury_date", lookup_expr="lte", help_text="injury date on or before (local)"
    )
    reporting_unit = IdFilter(field_name="reporting_unit_id", help_text="reporting unit id")

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


class InspectionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="inspected on or after"
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="inspected on or before"
    )

    # By id, not a choice among every group in the database: a foreign group's id must answer
    # as an unknown one does (an empty list), not confirm that it exists.
    working_group = IdFilter(field_name="working_group_id")

    class Meta:
        model = Inspection
        fields = ("date_from", "date_to", "inspection_type", "method", "working_group")


class ProjectFilter(django_filters.FilterSet):
    active_on = django_filters.DateFilter(
        method="filter_active_on", help_text="projects running on that day (start ≤ day ≤ end)"
    )

    working_group = IdFilter(field_name="working_group_id")

    class Meta:
        model = Project
        fields = ("status", "safety_area", "working_group", "active_on")

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class ProjectUpdateFilter(django_filters.FilterSet):
    project = IdFilter(field_name="project_id", help_text="project id")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ProjectUpdate
        fields = ("project", "date_from", "date_to")
