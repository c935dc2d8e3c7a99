import django_filters
from django.utils.translation import gettext_lazy as _

from safecommunity.elements import SafetyArea
from safecommunity.filters import YearFilter, yes_no_filter

from . import models
from .choices import CommitteeRole, GroupKind, MeetingKind, PartnerKind


class MemberFilter(django_filters.FilterSet):
    committee_role = django_filters.ChoiceFilter(
        label=_("委员会职务"), choices=CommitteeRole.choices
    )
    is_active = yes_no_filter(label=_("在任"))

    class Meta:
        model = models.Member
        fields = ["committee_role", "is_active"]


class WorkingGroupFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=GroupKind.choices)
    safety_area = django_filters.ChoiceFilter(label=_("安全领域"), choices=SafetyArea.choices)

    class Meta:
        model = models.WorkingGroup
        fields = ["kind", "safety_area"]


class PartnerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=PartnerKind.choices)

    class Meta:
        model = models.Partner
        fields = ["kind"]


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("会议类型"), choices=MeetingKind.choices)
    year = YearFilter(label=_("年份"), field_name="date", lookup_expr="year")

    class Meta:
        model = models.Meeting
        fields = ["kind", "year"]
