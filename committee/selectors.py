"""Reads for the committee app, scoped by community and carrying their joins."""

from django.db.models import Count, Prefetch, Q

from .choices import GroupRole
from .models import GroupMembership, Meeting, Member, Membership, WorkingGroup


def members(community):
    return Member.objects.filter(community=community).select_related("user")


def working_groups(community):
    leaders = GroupMembership.objects.filter(role__in=[GroupRole.LEADER, GroupRole.DEPUTY]).select_related("member")
    return (
        WorkingGroup.objects.filter(community=community)
        .select_related("parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))
    )


def meetings(community):
    return Meeting.objects.filter(community=community).select_related("working_group")


def memberships(community):
    return Membership.objects.filter(community=community).select_related("user")


def groups_led_by(user, community):
    return WorkingGroup.objects.filter(
        community=community,
        memberships__member__user=user,
        memberships__role__in=[GroupRole.LEADER, GroupRole.DEPUTY],
    ).distinct()


def organisation_counts(community):
    return {
        "members": Member.objects.filter(community=community, is_active=True).count(),
        "groups": WorkingGroup.objects.filter(community=community).count(),
        "groups_without_duties": WorkingGroup.objects.filter(community=community).filter(Q(duties="")).count(),
    }
