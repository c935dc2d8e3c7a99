"""Who may re-inspect (复查) a hidden danger, four eyes, and what the page says about it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from committee.choices import GroupRole, Role
from committee.services import set_group_member
from hazards import services
from hazards.choices import DangerAction, DangerStatus
from tests.factories import CommunityFactory, MemberFactory, MembershipFactory, UserFactory

from .factories import HiddenDangerFactory

TODAY = datetime.date.today()


def rectified(danger, by=None):
    danger.status = DangerStatus.RECTIFIED
    danger.deadline = TODAY + datetime.timedelta(days=7)
    danger.measures_required = "整改"
    danger.responsible_person = "张伟"
    danger.rectified_on = TODAY
    danger.rectification_note = "已整改"
    danger.rectified_by = by
    danger.save()
    return danger


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def reinspect_url(danger):
    return reverse(
        "hazards:danger_reinspect", kwargs={"community": danger.community.slug, "pk": danger.pk}
    )


def detail_url(danger):
    return danger.get_absolute_url()


@pytest.fixture
def people(cast):
    """Everyone of the matrix: the cast plus a second office user, the leader of another group
    and a group member designated as re-inspector. The cast's leader did the rectification."""
    community = cast.community
    other_office = UserFactory(username="office2-xingfu")
    MembershipFactory(user=other_office, community=community, role=Role.OFFICE)
    other_leader = UserFactory(username="leader2-xingfu")
    MembershipFactory(user=other_leader, community=community, role=Role.LEADER)
    set_group_member(
        group=cast.other_group,
        member=MemberFactory(community=community, name="李组长", user=other_leader),
        role=GroupRole.LEADER,
    )
    designated = UserFactory(username="inspector-xingfu")
    MembershipFactory(user=designated, community=community, role=Role.GROUP_MEMBER)
    return {
        "office": cast.users[Role.OFFICE],
        "other office": other_office,
        "leader of the group": cast.users[Role.LEADER],
        "leader of another group": other_leader,
        "committee member": cast.users[Role.MEMBER],
        "designated inspector": designated,
        "group member not designated": cast.users[Role.GROUP_MEMBER],
        "reporter": cast.users[Role.REPORTER],
        "reviewer": cast.users[Role.REVIEWER],
    }


# who → (HTTP status of the POST, danger re-inspected?)
MATRIX = {
    "office": (302, True),
    "other office": (302, True),
    "leader of the group": (302, True),
    "leader of another group": (403, False),
    "committee member": (302, True),
    "designated inspector": (302, True),
    "group member not designated": (403, False),
    "reporter": (403, False),
    "reviewer": (403, False),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_reinspection_permission_matrix(cast, people, who):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    danger.reinspector = people["designated inspector"]
    rectified(danger, by=cast.users[Role.OFFICE] if who != "office" else people["other office"])
    response = client_of(people[who]).post(reinspect_url(danger), {"passed": "1", "note": "合格"})
    status, done = MATRIX[who]
    assert response.status_code == status
    danger.refresh_from_db()
    assert (danger.status == DangerStatus.VERIFIED) is done
    if done:
        assert danger.verified_by == people[who]
        event = danger.events.get(action=DangerAction.REINSPECT_PASS)
        assert "无其他复查人" not in event.note


@pytest.mark.parametrize("who", ["office", "leader of the group", "designated inspector"])
def test_the_rectifier_may_not_reinspect_while_someone_else_may(cast, people, who):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    danger.reinspector = people["designated inspector"]
    rectified(danger, by=people[who])
    response = client_of(people[who]).post(reinspect_url(danger), {"passed": "1"})
    assert response.status_code == 302
    assert "整改填报人不能复查自己的整改。" in [str(m) for m in get_messages(response.wsgi_request)]
    danger.refresh_from_db()
    assert danger.status == DangerStatus.RECTIFIED
    page = client_of(people[who]).get(detail_url(danger)).content.decode()
    assert "须由其他检查人员复查" in page
    assert 'name="passed"' not in page


def test_designation_is_for_this_danger_only(cast, people):
    designated = people["designated inspector"]
    danger = rectified(HiddenDangerFactory(community=cast.community, working_group=cast.group))
    assert services.reinspection_right(danger, designated) == services.NOT_ALLOWED
    danger.reinspector = designated
    danger.save()
    assert services.reinspection_right(danger, designated) == services.MAY


def test_the_page_says_who_may_reinspect(cast, people):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    danger.reinspector = people["designated inspector"]
    rectified(danger, by=cast.users[Role.LEADER])
    # a group member who may not re-inspect still learns who may
    page = client_of(cast.users[Role.GROUP_MEMBER]).get(detail_url(danger)).content.decode()
    assert "可以复查本隐患的人：办公室、委员会成员、责任工作组的组长，以及指定复查人。" in page
    who = page[page.index("本隐患的可复查人") :].split("</p>")[0]
    for may in ("office", "other office", "committee member", "designated inspector"):
        assert str(people[may]) in who
    assert f"{people['designated inspector']}（指定复查人）" in who
    for may_not in ("leader of the group", "leader of another group", "reviewer"):
        assert str(people[may_not]) not in who  # the rectifier, another group's leader, no right
    assert str(people["group member not designated"]) not in who
    assert 'name="passed"' not in page
    # the designated inspector gets the form
    page = client_of(people["designated inspector"]).get(detail_url(danger)).content.decode()
    assert 'name="passed"' in page


def test_order_designates_the_reinspector(cast, people):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    designated = people["designated inspector"]
    response = client_of(cast.users[Role.OFFICE]).post(
        reverse("hazards:danger_order", kwargs={"community": cast.community.slug, "pk": danger.pk}),
        {
            "deadline": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "measures_required": "更换",
            "responsible_person": "张伟",
            "reinspector": designated.pk,
        },
    )
    assert response.status_code == 302
    danger.refresh_from_db()
    assert danger.status == DangerStatus.ORDERED
    assert danger.reinspector == designated


def test_a_reinspector_of_another_community_cannot_be_designated(cast, people):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    client_of(cast.users[Role.OFFICE]).post(
        reverse("hazards:danger_order", kwargs={"community": cast.community.slug, "pk": danger.pk}),
        {
            "deadline": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "measures_required": "更换",
            "responsible_person": "张伟",
            "reinspector": cast.outsider.pk,
        },
    )
    danger.refresh_from_db()
    assert danger.status == DangerStatus.REPORTED
    assert danger.reinspector is None


@pytest.fixture
def lone_office(db):
    """A community with exactly one user: its office."""
    community = CommunityFactory(name="独户社区", slug="lone")
    user = UserFactory(username="office-lone")
    MembershipFactory(user=user, community=community, role=Role.OFFICE)
    return community, user


def test_sole_office_user_closes_the_loop_with_a_recorded_note(lone_office):
    community, office = lone_office
    danger = rectified(HiddenDangerFactory(community=community), by=office)
    client = client_of(office)
    page = client.get(detail_url(danger)).content.decode()
    assert "本社区没有其他可复查人：请指定复查人，或邀请委员会成员加入本社区。" in page
    assert reverse("committee:user_list", args=[community.slug]) in page
    assert "处理记录将注明“无其他复查人”" in page
    assert 'name="passed"' in page

    response = client.post(reinspect_url(danger), {"passed": "1", "note": "现场查看合格"})
    assert response.status_code == 302
    danger.refresh_from_db()
    assert danger.status == DangerStatus.VERIFIED
    event = danger.events.get(action=DangerAction.REINSPECT_PASS)
    assert event.note == "无其他复查人。现场查看合格"

    client.post(
        reverse("hazards:danger_close", kwargs={"community": community.slug, "pk": danger.pk}),
        {"note": ""},
    )
    danger.refresh_from_db()
    assert danger.status == DangerStatus.CLOSED
    history = client.get(detail_url(danger)).content.decode()
    assert "无其他复查人。现场查看合格" in history
    assert "无其他办公室人员销号。" in history


def test_a_second_user_ends_the_sole_exception(lone_office):
    community, office = lone_office
    danger = rectified(HiddenDangerFactory(community=community), by=office)
    assert services.reinspection_right(danger, office) == services.SOLE
    member = UserFactory(username="member-lone")
    MembershipFactory(user=member, community=community, role=Role.MEMBER)
    assert services.reinspection_right(danger, office) == services.OWN
    member.is_active = False
    member.save()
    assert services.reinspection_right(danger, office) == services.SOLE


def test_the_home_waiting_list_follows_the_same_rule(cast, people):
    """The 待我复查 list of each person's home is exactly the dangers the rule lets him re-inspect."""
    from committee.models import Membership
    from hazards import selectors

    of_group = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    of_group.reinspector = people["designated inspector"]
    rectified(of_group, by=people["other office"])
    of_other_group = rectified(
        HiddenDangerFactory(community=cast.community, working_group=cast.other_group),
        by=people["other office"],
    )
    foreign = rectified(HiddenDangerFactory(community=CommunityFactory(name="外社区")))
    for who, user in people.items():
        membership = Membership.objects.get(user=user, community=cast.community)
        listed = set(selectors.reinspections_for(cast.community, membership))
        allowed = {
            danger
            for danger in (of_group, of_other_group)
            if services.reinspection_right(danger, user, membership) == services.MAY
        }
        assert listed == allowed, who
        assert foreign not in listed
