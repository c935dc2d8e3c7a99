"""List pages run a fixed number of queries however many rows they show (1 or 50)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committee.choices import GroupRole, Role
from committee.models import Meeting, Member, Partner, Volunteer, WorkingGroup
from committee.services import grant_role, set_group_member
from tests.factories import MemberFactory, UserFactory

from .factories import ParticipationFactory


def make_members(cast, n):
    for i in range(n):
        MemberFactory(
            community=cast.community, name=f"成员{i}", user=UserFactory() if i % 2 else None
        )


def make_groups(cast, n):
    for i in range(n):
        group = WorkingGroup.objects.create(
            community=cast.community, name=f"工作小组{i}", kind="subgroup", parent=cast.group
        )
        for role in (GroupRole.LEADER, GroupRole.DEPUTY, GroupRole.MEMBER):
            set_group_member(group=group, member=MemberFactory(community=cast.community), role=role)


def make_partners(cast, n):
    Partner.objects.bulk_create(
        Partner(
            community=cast.community,
            name=f"合作单位{i}",
            kind="enterprise",
            contribution="资金支持",
        )
        for i in range(n)
    )


def make_volunteers(cast, n):
    Volunteer.objects.bulk_create(
        Volunteer(community=cast.community, name=f"志愿者{i}") for i in range(n)
    )


def make_participations(cast, n):
    volunteer = Volunteer.objects.create(community=cast.community, name="巡防队")
    partner = Partner.objects.create(community=cast.community, name="物业公司", kind="enterprise")
    for _ in range(n):
        ParticipationFactory(community=cast.community, volunteer=volunteer, partner=partner)


def make_meetings(cast, n):
    for i in range(n):
        meeting = Meeting.objects.create(
            community=cast.community,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            kind="group",
            title=f"工作组会议{i}",
            working_group=cast.group,
            minutes="纪要" if i % 2 else "",
        )
        meeting.attendees.set(Member.objects.filter(community=cast.community)[:3])


def make_users(cast, n):
    for i in range(n):
        grant_role(
            user=UserFactory(),
            community=cast.community,
            role=Role.MEMBER if i % 2 else Role.REVIEWER,
        )


GENERIC_LISTS = {"committee:volunteer_list", "committee:participation_list"}
PAGES = [
    ("committee:member_list", make_members),
    ("committee:group_list", make_groups),
    ("committee:partner_list", make_partners),
    ("committee:volunteer_list", make_volunteers),
    ("committee:participation_list", make_participations),
    ("committee:meeting_list", make_meetings),
    ("committee:user_list", make_users),
]
MAX_QUERIES = (
    12  # session, user, membership ×2, menu, unread count, count, page, … (measured: 10–12)
)

# The generic list template calls obj.get_absolute_url(), which reads obj.community: one query per
# row for the two committee lists that use it. See the report for the fix in safecommunity/views.py;
# remove the marker when it lands.
N_PLUS_ONE = ()
CASES = [
    pytest.param(
        name,
        make,
        rows,
        id=f"{name}-{rows}",
        marks=N_PLUS_ONE if rows == 50 and name in GENERIC_LISTS else (),
    )
    for name, make in PAGES
    for rows in (1, 50)
]


@pytest.mark.parametrize(("name", "make", "rows"), CASES)
def test_list_queries_do_not_grow_with_rows(cast, django_assert_max_num_queries, name, make, rows):
    make(cast, rows)
    client = cast.client_for(Role.OFFICE)
    url = reverse(name, args=[cast.community.slug])
    client.get(url)  # warm up sessions and caches
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_home_queries_do_not_grow_with_committee_records(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("community_home", args=[cast.community.slug])
    counts = []
    for make in (make_members, make_meetings, make_partners):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        make(cast, 50)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counts.append(len(queries))
    assert len(set(counts)) == 1, counts
