"""List filters of the emergency app (django-filter)."""

import datetime

import django_filters
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import WorkingGroup
from safecommunity.filters import yes_no_filter

from .choices import (
    EXPIRY_WARNING_DAYS,
    REVIEW_WARNING_DAYS,
    Category,
    DrillRating,
    DrillStatus,
    DrillType,
    EmergencyType,
    PlanLevel,
    PlanStatus,
    ShelterKind,
    SupplyKind,
    SupplyState,
    TeamKind,
)
from .models import (
    Drill,
    DrillProblem,
    EmergencyPlan,
    EmergencyResponse,
    RescueTeam,
    Shelter,
    Supply,
)
from .models.drills import CLOSED_ACTION_STATUSES

REVIEW_CHOICES = [
    ("overdue", _("逾期未评审")),
    ("due_soon", _("30天内到期")),
]


class PlanFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("事件类别"), choices=Category.choices)
    emergency_type = django_filters.ChoiceFilter(label=_("事件类型"), choices=EmergencyType.choices)
    level = django_filters.ChoiceFilter(label=_("预案层级"), choices=PlanLevel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PlanStatus.choices)
    review = django_filters.ChoiceFilter(
        label=_("评审"), choices=REVIEW_CHOICES, method="filter_review"
    )

    class Meta:
        model = EmergencyPlan
        fields = ["category", "emergency_type", "level", "status", "review"]

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        live = queryset.filter(status__in=[PlanStatus.IN_FORCE, PlanStatus.DRAFT])
        if value == "overdue":
            return live.filter(next_review__lt=today)
        horizon = today + datetime.timedelta(days=REVIEW_WARNING_DAYS)
        return live.filter(next_review__gte=today, next_review__lte=horizon)


class SupplyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("物资类别"), choices=SupplyKind.choices)
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=SupplyState.choices, method="filter_state"
    )

    class Meta:
        model = Supply
        fields = ["kind", "state"]

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == SupplyState.EXPIRED:
            return queryset.filter(expires_on__lt=today)
        if value == SupplyState.EXPIRING:
            return queryset.filter(
                expires_on__gte=today,
                expires_on__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
            )
        if value == SupplyState.CHECK_OVERDUE:
            return queryset.filter(next_check_on__lt=today)
        return queryset.filter(min_quantity__isnull=False, quantity__lt=F("min_quantity"))


class ShelterFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ShelterKind.choices)
    is_active = yes_no_filter(label=_("启用"))

    class Meta:
        model = Shelter
        fields = ["kind", "is_active"]


class TeamFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("队伍类型"), choices=TeamKind.choices)
    is_active = yes_no_filter(label=_("在编"))

    class Meta:
        model = RescueTeam
        fields = ["kind", "is_active"]


class DrillFilter(django_filters.FilterSet):
    takes_community = True

    drill_type = django_filters.ChoiceFilter(label=_("演练形式"), choices=DrillType.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DrillStatus.choices)
    rating = django_filters.ChoiceFilter(label=_("评估结论"), choices=DrillRating.choices)
    year = django_filters.NumberFilter(label=_("年份"), field_name="date", lookup_expr="year")
    working_group = django_filters.ModelChoiceFilter(
        label=_("牵头工作组"), queryset=WorkingGroup.objects.none()
    )
    open_problems = yes_no_filter(label=_("有未闭环问题"), method="filter_open_problems")

    class Meta:
        model = Drill
        fields = ["drill_type", "status", "rating", "year", "working_group", "open_problems"]

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["working_group"].queryset = WorkingGroup.objects.filter(community=community)

    def filter_open_problems(self, queryset, name, value):
        open_problem = Exists(
            DrillProblem.objects.filter(drill=OuterRef("pk")).exclude(
                action__status__in=CLOSED_ACTION_STATUSES
            )
        )
        return queryset.filter(open_problem if value else ~open_problem)


class ResponseFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("事件类别"), choices=Category.choices)
    emergency_type = django_filters.ChoiceFilter(label=_("事件类型"), choices=EmergencyType.choices)
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="occurred_at", lookup_expr="year"
    )

    class Meta:
        model = EmergencyResponse
        fields = ["category", "emergency_type", "year"]
