"""List filters of the projects app (django-filter). Choices of related records are scoped."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import WorkingGroup
from safecommunity.elements import SafetyArea
from safecommunity.evidence import year_label

from .choices import ActivityKind, IndicatorKind, PlanKind, PlanStatus, ProjectStatus
from .models import Activity, AwarenessSurvey, Objective, Plan, Project


def year_choices():
    this_year = timezone.localdate().year
    return [(year, year_label(year)) for year in range(this_year, this_year - 8, -1)]


class CommunityFilterSet(django_filters.FilterSet):
    """Receives the community so the working-group choices list only its groups."""

    takes_community = True

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "working_group" in self.filters:
            self.filters["working_group"].queryset = WorkingGroup.objects.filter(
                community=community
            )


def _group_filter():
    return django_filters.ModelChoiceFilter(label=_("工作组"), queryset=WorkingGroup.objects.none())


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("计划类型"), choices=PlanKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = ["kind", "status"]


class ObjectiveFilter(django_filters.FilterSet):
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)
    indicator_kind = django_filters.ChoiceFilter(label=_("指标来源"), choices=IndicatorKind.choices)

    class Meta:
        model = Objective
        fields = ["safety_area", "indicator_kind"]


class ProjectFilter(CommunityFilterSet):
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectStatus.choices)
    working_group = _group_filter()

    class Meta:
        model = Project
        fields = ["safety_area", "status", "working_group"]


class ActivityFilter(CommunityFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年度"), field_name="date__year", choices=year_choices
    )
    kind = django_filters.ChoiceFilter(label=_("活动类型"), choices=ActivityKind.choices)
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)
    working_group = _group_filter()

    class Meta:
        model = Activity
        fields = ["year", "kind", "safety_area", "working_group"]


class SurveyFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年度"), field_name="date__year", choices=year_choices
    )
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)

    class Meta:
        model = AwarenessSurvey
        fields = ["year", "safety_area"]
