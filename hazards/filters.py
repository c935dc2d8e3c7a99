"""List filters of the hazards app (django-filter). Choices of related records are scoped."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import WorkingGroup
from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.filters import YearFilter, yes_no_filter

from .choices import (
    DEADLINE_RUNNING_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionKind,
    ActionSource,
    ActionStatus,
    DangerGrade,
    DangerStatus,
    EscalationLevel,
    HazardStatus,
    InspectionMethod,
    InspectionType,
    PlaceCategory,
    PlaceKind,
    RiskLevel,
)
from .models import CorrectiveAction, Hazard, HiddenDanger, Inspection, Place

LEVEL_CHOICES = [*RiskLevel.choices, ("none", _("未评价"))]


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


class PlaceFilter(CommunityFilterSet):
    category = django_filters.ChoiceFilter(label=_("类别"), choices=PlaceCategory.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=PlaceKind.choices)
    risk_level = django_filters.ChoiceFilter(label=_("风险等级"), choices=RiskLevel.choices)
    is_key_place = yes_no_filter(label=_("重点监管"))
    working_group = _group_filter()

    class Meta:
        model = Place
        fields = ["category", "kind", "risk_level", "is_key_place", "working_group"]


class HazardFilter(CommunityFilterSet):
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)
    level = django_filters.ChoiceFilter(
        label=_("风险等级"), choices=LEVEL_CHOICES, method="filter_level"
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=HazardStatus.choices)
    working_group = _group_filter()
    exposed = django_filters.ChoiceFilter(
        label=_("暴露人群"), choices=TargetGroup.choices, method="filter_exposed"
    )

    class Meta:
        model = Hazard
        fields = ["safety_area", "level", "status", "working_group", "exposed"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(level="" if value == "none" else value)

    def filter_exposed(self, queryset, name, value):
        # JSON list stored as text on every backend: match the quoted code.
        return queryset.filter(exposed_groups__icontains=f'"{value}"')


class InspectionFilter(CommunityFilterSet):
    inspection_type = django_filters.ChoiceFilter(
        label=_("检查类型"), choices=InspectionType.choices
    )
    method = django_filters.ChoiceFilter(label=_("检查方式"), choices=InspectionMethod.choices)
    year = YearFilter(label=_("年份"), field_name="date", lookup_expr="year")
    working_group = _group_filter()

    class Meta:
        model = Inspection
        fields = ["inspection_type", "method", "year", "working_group"]


class DangerFilter(CommunityFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DangerStatus.choices)
    grade = django_filters.ChoiceFilter(label=_("等级"), choices=DangerGrade.choices)
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)
    overdue = yes_no_filter(label=_("逾期"), method="filter_overdue")
    escalation_level = django_filters.TypedChoiceFilter(
        label=_("升级层级"), choices=EscalationLevel.choices, coerce=int
    )
    working_group = _group_filter()

    class Meta:
        model = HiddenDanger
        fields = ["status", "grade", "safety_area", "overdue", "escalation_level", "working_group"]

    def filter_overdue(self, queryset, name, value):
        late = {"deadline__lt": timezone.localdate(), "status__in": DEADLINE_RUNNING_STATUSES}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class ActionFilter(CommunityFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ActionStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ActionKind.choices)
    source_kind = django_filters.ChoiceFilter(label=_("来源"), choices=ActionSource.choices)
    overdue = yes_no_filter(label=_("逾期"), method="filter_overdue")
    working_group = _group_filter()

    class Meta:
        model = CorrectiveAction
        fields = ["status", "kind", "source_kind", "overdue", "working_group"]

    def filter_overdue(self, queryset, name, value):
        late = {"due_date__lt": timezone.localdate(), "status__in": OPEN_ACTION_STATUSES}
        return queryset.filter(**late) if value else queryset.exclude(**late)
