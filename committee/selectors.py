"""Reads for the committee app, scoped by community and carrying their joins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, Prefetch, Value, When

from .choices import CommitteeRole, GroupRole
from .models import GroupMembership, Meeting, Member, Membership, WorkingGroup

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Community


def members(community: Community) -> QuerySet[Member]:
    rank = Case(
        *[
            When(committee_role=value, then=Value(i))
            for i, value in enumerate(CommitteeRole.values)
        ],
        output_field=IntegerField(),
    )
    return Member.objects.filter(community=community).select_related("user").order_by(rank, "name")


def working_groups(community: Community) -> QuerySet[WorkingGroup]:
    leaders = GroupMembership.objects.filter(
        role__in=[GroupRole.LEADER, GroupRole.DEPUTY]
    ).select_related("member")
    return (
        WorkingGroup.objects.filter(community=community)
        .select_related("parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))
        .order_by("kind", "name")
    )


def meetings(community: Community) -> QuerySet[Meeting]:
    return Meeting.objects.filter(community=community).select_related("working_group")


def memberships(community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community).select_related("user")


def group_leader_users(group_ids: Iterable[int | None]) -> dict[int, list]:
    """{group id: [users]}: the active user accounts of the leaders and deputies (组长、副组长)
    of the groups, each user once per group; a group without any is left out."""
    leaders: dict[int, list] = {}
    rows = (
        GroupMembership.objects.filter(
            group_id__in={pk for pk in group_ids if pk},
            role__in=[GroupRole.LEADER, GroupRole.DEPUTY],
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .select_related("member__user")
        .order_by("group_id", "pk")
    )
    for row in rows:
        users = leaders.setdefault(row.group_id, [])
        if row.member.user not in users:
            users.append(row.member.user)
    return leaders
