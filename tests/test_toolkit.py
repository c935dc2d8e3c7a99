"""The shared toolkit in safecommunity: one rule for the groups a member may file under, one
group-scoped form base, one detail formatter, one import-problem reporter."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from guardian.shortcuts import assign_perm

from committee.choices import GroupRole, Role
from committee.models import GroupMembership, Membership
from committee.selectors import group_leader_users
from committee.services import remove_group_member
from hazards.forms import HazardForm
from safecommunity.forms import GroupScopedForm
from safecommunity.tenancy import editable_group_ids, editable_groups, group_permission
from safecommunity.views import display_value

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def membership(cast, role):
    return Membership.objects.get(community=cast.community, user=cast.users[role])


def test_the_office_may_file_under_every_group_of_its_community_only(cast):
    office = membership(cast, Role.OFFICE)
    assert set(editable_groups(office)) == {cast.group, cast.other_group}
    assert editable_group_ids(office) is None


def test_a_leader_files_under_the_groups_he_holds_the_permission_on(cast):
    leader = membership(cast, Role.LEADER)
    assert list(editable_groups(leader)) == [cast.group]
    assert editable_group_ids(leader) == {cast.group.pk}


def test_the_rule_follows_guardian_not_a_stale_membership_row(cast):
    """The permission is what can_edit checks afterwards: a leader whose member record is no
    longer in office keeps the row but loses the permission, and with it the choice."""
    leader = membership(cast, Role.LEADER)
    member = cast.group.memberships.get(role=GroupRole.LEADER).member
    member.is_active = False
    member.save()
    from committee.services import sync_group_permissions

    sync_group_permissions(cast.group)
    assert GroupMembership.objects.filter(group=cast.group, member=member).exists()
    assert not editable_groups(leader).exists()
    remove_group_member(group=cast.group, member=member)
    assert editable_group_ids(leader) == set()


def test_a_global_permission_gives_a_leader_no_group(cast):
    leader = membership(cast, Role.LEADER)
    app, codename = group_permission().split(".")
    leader.user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app, codename=codename)
    )
    assign_perm(group_permission(), leader.user, cast.foreign_group)  # another community's group
    assert list(editable_groups(leader)) == [cast.group]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.GROUP_MEMBER, Role.REVIEWER])
def test_other_roles_may_file_under_no_group(cast, role):
    assert editable_group_ids(membership(cast, role)) == set()


def test_every_group_scoped_form_narrows_the_leaders_choice_and_requires_it(cast):
    assert issubclass(HazardForm, GroupScopedForm)
    form = HazardForm(community=cast.community, membership=membership(cast, Role.LEADER))
    field = form.fields["working_group"]
    assert list(field.queryset) == [cast.group]
    assert field.required and field.empty_label is None
    office = HazardForm(community=cast.community, membership=membership(cast, Role.OFFICE))
    assert not office.fields["working_group"].required


def test_group_leader_users_names_each_leader_once_per_group(cast):
    deputy = MemberFactory(community=cast.community, user=cast.users[Role.MEMBER])
    GroupMembership.objects.create(group=cast.group, member=deputy, role=GroupRole.DEPUTY)
    leaders = group_leader_users([cast.group.pk, cast.other_group.pk, None])
    assert sorted(u.pk for u in leaders[cast.group.pk]) == sorted(
        [cast.users[Role.LEADER].pk, cast.users[Role.MEMBER].pk]
    )
    assert cast.other_group.pk not in leaders


def test_detail_values_are_written_plainly():
    assert display_value(True) == "是"
    assert display_value(False) == "否"
    assert display_value(Decimal("4000.00")) == "4000"
    assert display_value(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert display_value(datetime.time(8, 5)) == "08:05"
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    assert display_value(moment) == "2026-03-01 09:30"
    assert display_value("文本") == "文本"
