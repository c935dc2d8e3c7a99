"""The demo community: a user per role, a committee, groups with leaders who may edit their group."""

import datetime
import random

import pytest
from django.urls import reverse

from committee import demo
from committee.choices import Role
from committee.models import GroupMembership, Meeting, Member
from safecommunity.tenancy import leads_group

pytestmark = pytest.mark.django_db


def test_seed_community_is_complete_and_browsable(client):
    today = datetime.date(2026, 6, 30)
    community, users, groups = demo.seed_community(
        demo.COMMUNITIES[0], today=today, rng=random.Random(1)
    )
    assert set(users) == set(Role.values)
    assert community.phases.count() == 5
    assert Member.objects.filter(community=community).count() == len(demo.MEMBERS)
    assert Meeting.objects.filter(community=community).exists()
    assert not Meeting.objects.filter(community=community, date__gt=today).exists()
    traffic = groups[0]
    assert GroupMembership.objects.filter(
        group=traffic, role="leader", member__user=users[Role.LEADER]
    ).exists()
    assert leads_group(users[Role.LEADER], traffic)
    assert not leads_group(users[Role.LEADER], groups[1])
    client.force_login(users[Role.OFFICE])
    for name in (
        "committee:profile",
        "committee:group_list",
        "committee:member_list",
        "committee:meeting_list",
    ):
        assert client.get(reverse(name, args=[community.slug])).status_code == 200
    page = client.get(reverse("committee:profile", args=[community.slug])).text
    assert f"{today.year}年" in page
