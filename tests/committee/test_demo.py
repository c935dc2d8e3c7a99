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


def test_seed_if_empty_leaves_a_set_up_database_alone(capsys):
    from django.core.management import call_command

    from committee.models import Community
    from tests.factories import UserFactory

    UserFactory(username="admin", is_superuser=True)
    call_command("seed_demo", "--if-empty")
    assert not Community.objects.exists()
    assert "already set up" in capsys.readouterr().out


def test_seed_if_empty_ignores_guardians_anonymous_user(capsys):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from committee.models import Community

    get_user_model().objects.get_or_create(username="AnonymousUser")
    call_command("seed_demo", "--if-empty")
    assert Community.objects.count() == len(demo.COMMUNITIES)
    # The logins are printed once, by demo_logins (make run), not a second time while seeding.
    seeded = capsys.readouterr().out
    assert "Demo data loaded." in seeded and "xingfu-office" not in seeded

    call_command("demo_logins")
    logins = capsys.readouterr().out
    assert logins.count("xingfu-office") == 1
    assert [line for line in logins.splitlines() if line.endswith(f": {demo.REVIEWER_USERNAME}")]


def test_remove_demo_deletes_demo_communities_and_only_demo_accounts():
    from django.core.management import call_command

    from committee.models import Community, Membership
    from hazards import demo as hazards_demo
    from tests.factories import CommunityFactory, MembershipFactory, UserFactory

    rng = random.Random(3)
    today = datetime.date(2026, 6, 30)
    community, users, groups = demo.seed_community(demo.COMMUNITIES[0], today=today, rng=rng)
    hazards_demo.seed(community, users=users, groups=groups, rng=rng, scale="small", today=today)
    own = CommunityFactory(name="安康街道", slug="ankang")
    office = UserFactory(username="ankang-office")
    MembershipFactory(user=office, community=own, role=Role.OFFICE)
    # A demo account the real community kept using stays.
    MembershipFactory(user=users[Role.REVIEWER], community=own, role=Role.REVIEWER)

    call_command("remove_demo", "--yes")
    assert list(Community.objects.values_list("slug", flat=True)) == ["ankang"]
    assert not Member.objects.exists()
    assert Membership.objects.filter(community=own).count() == 2
    from django.contrib.auth import get_user_model

    remaining = set(
        get_user_model()
        .objects.exclude(username="AnonymousUser")
        .values_list("username", flat=True)
    )
    assert remaining == {"ankang-office", demo.REVIEWER_USERNAME}
