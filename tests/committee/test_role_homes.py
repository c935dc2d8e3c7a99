"""Each role's home (issue 20, item 10): leaders, group members and reporters land on their own
to-do lists, the office and committee members on the overview with a to-do panel, reviewers on
the read-only overview. Other communities' records never appear."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.choices import GroupRole, Role
from committee.services import set_group_member
from hazards.choices import DangerStatus, PlanStatus
from tests.factories import MemberFactory, MembershipFactory, UserFactory
from tests.hazards.factories import HiddenDangerFactory, InspectionFactory, InspectionPlanFactory
from tests.injuries.factories import InjuryCardFactory, days_ago
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def home(cast, who, slug=None):
    return cast.client_for(who).get(reverse("community_home", args=[slug or cast.community.slug]))


def section(page, key):
    """The HTML of one to-do list on the page."""
    start = page.index(f'id="{key}"')
    return page[start : page.index("</section>", start)]


def make_leader_work(cast, rows=1):
    """Open work of the leader's group, and the same kinds of record he must not see."""
    for i in range(rows):
        HiddenDangerFactory(
            community=cast.community,
            working_group=cast.group,
            title=f"本组隐患{i}",
            status=DangerStatus.ORDERED,
            deadline=TODAY - datetime.timedelta(days=2),
        )
        ProjectFactory(
            community=cast.community,
            working_group=cast.group,
            title=f"本组项目{i}",
            start_date=TODAY - datetime.timedelta(days=90),
            last_update_on=TODAY - datetime.timedelta(days=40),
        )
        InspectionPlanFactory(
            community=cast.community, working_group=cast.group, title=f"本组检查计划{i}"
        )
    HiddenDangerFactory(
        community=cast.community,
        working_group=cast.other_group,
        title="他组隐患",
        status=DangerStatus.ORDERED,
    )
    HiddenDangerFactory(
        community=cast.community, title="点名隐患", responsible_person="王组长", status="reported"
    )
    ProjectFactory(
        community=cast.community,
        working_group=cast.other_group,
        title="他组项目",
        last_update_on=TODAY - datetime.timedelta(days=40),
    )
    ProjectFactory(
        community=cast.community,
        working_group=cast.group,
        title="刚更新的项目",
        last_update_on=TODAY - datetime.timedelta(days=3),
    )
    InspectionPlanFactory(
        community=cast.community,
        working_group=cast.group,
        title="已完成计划",
        status=PlanStatus.DONE,
    )
    InspectionFactory(
        community=cast.community, recorded_by=cast.users[Role.LEADER], inspectors="王"
    )


def test_leader_lands_on_his_tasks(cast):
    make_leader_work(cast)
    page = home(cast, Role.LEADER).text

    assert "我的任务" in page and 'class="element-card' not in page
    rectify = section(page, "hazards-rectify")
    assert "本组隐患0" in rectify and "点名隐患" in rectify and "已逾期" in rectify
    assert "他组隐患" not in page
    updates = section(page, "projects-updates")
    assert "本组项目0" in updates and "已 40 天未更新" in updates
    assert "他组项目" not in page and "刚更新的项目" not in page
    inspections = section(page, "hazards-inspections")
    assert "本组检查计划0" in inspections and "已完成计划" not in inspections
    assert "本人录入" in inspections
    # Leaders re-inspect their groups' rectifications (what it lists: test_reinspection.py).
    assert "hazards-reinspect" in page
    assert reverse("committee:overview", args=[cast.community.slug]) in page


def test_leader_can_still_open_the_overview(cast):
    page = cast.client_for(Role.LEADER).get(
        reverse("committee:overview", args=[cast.community.slug])
    )
    assert page.status_code == 200
    assert page.text.count('class="element-card ') == 12


def test_reporter_lands_on_his_cards_with_a_big_report_button(cast):
    reporter = cast.users[Role.REPORTER]
    InjuryCardFactory(community=cast.community, reporter=reporter, injury_at=days_ago(0, hour=0))
    InjuryCardFactory(
        community=cast.community,
        reporter=reporter,
        injury_at=days_ago(0, hour=0),
        is_duplicate=True,
    )
    InjuryCardFactory(
        community=cast.community,
        reporter=reporter,
        injury_at=days_ago(70),
        confirmed_warnings=["活动与原因不一致"],
    )
    InjuryCardFactory(community=cast.community, injury_at=days_ago(0, hour=0))  # someone else's

    response = home(cast, Role.REPORTER)
    assert response.status_code == 200
    page = response.text
    assert reverse("injuries:card_create", args=[cast.community.slug]) in page
    assert 'id="report-card"' in page and "填报伤害卡" in page
    month = section(page, "injuries-month")
    assert 'data-total="2"' in month
    check = section(page, "injuries-check")
    assert 'data-total="2"' in check and "疑似重复" in check and "逻辑提示" in check
    assert "已逾期" not in check  # a duplicate needs a look; it is not late
    assert "十二要素总览" not in page


def test_office_keeps_the_overview_with_a_todo_panel(cast):
    make_leader_work(cast)
    rectified = HiddenDangerFactory(
        community=cast.community,
        status=DangerStatus.RECTIFIED,
        rectified_by=cast.users[Role.LEADER],
        rectified_on=TODAY,
    )
    HiddenDangerFactory(
        community=cast.community,
        status=DangerStatus.RECTIFIED,
        rectified_by=cast.users[Role.OFFICE],  # his own: someone else re-inspects it
        rectified_on=TODAY,
    )
    page = home(cast, Role.OFFICE).text
    assert page.count('class="element-card ') == 12
    panel = section(page, "todo-panel")
    assert "逾期未整改的隐患" in panel and "待我复查" in panel and "待更新进展的项目" in panel
    assert rectified.title  # exists; the panel counts one re-inspection, not the office's own
    start = panel.index('id="todo-hazards-reinspect"')
    assert ">1</span>" in panel[start : panel.index("</li>", start)]


def test_reviewer_keeps_the_read_only_overview_without_a_panel(cast):
    make_leader_work(cast)
    page = (
        cast.client_for("county_reviewer")
        .get(reverse("community_home", args=[cast.community.slug]))
        .text
    )
    assert page.count('class="element-card ') == 12
    assert "todo-panel" not in page and "我的任务" not in page


def test_foreign_community_records_never_appear(cast):
    """The leader also leads a group in the other community, named there as 责任人 too."""
    leader = cast.users[Role.LEADER]
    MembershipFactory(user=leader, community=cast.other, role=Role.LEADER)
    member = MemberFactory(community=cast.other, name="王组长", user=leader)
    set_group_member(group=cast.foreign_group, member=member, role=GroupRole.LEADER)
    HiddenDangerFactory(
        community=cast.other,
        working_group=cast.foreign_group,
        title="外社区隐患",
        status=DangerStatus.ORDERED,
    )
    HiddenDangerFactory(
        community=cast.other, title="外社区点名隐患", responsible_person="王组长", status="ordered"
    )
    ProjectFactory(
        community=cast.other,
        working_group=cast.foreign_group,
        title="外社区项目",
        last_update_on=TODAY - datetime.timedelta(days=40),
    )
    InspectionPlanFactory(
        community=cast.other, working_group=cast.foreign_group, title="外社区计划"
    )
    InjuryCardFactory(community=cast.other, is_duplicate=True, injury_at=days_ago(0, hour=0))
    HiddenDangerFactory(community=cast.other, status=DangerStatus.RECTIFIED, title="外社区复查")

    page = home(cast, Role.LEADER).text
    assert "外社区" not in page
    office = home(cast, Role.OFFICE).text
    assert "外社区" not in office and "todo-panel" not in office  # nothing at all to do here
    # ... while in the other community the same leader sees them.
    there = home(cast, Role.LEADER, slug=cast.other.slug).text
    assert "外社区隐患" in there and "外社区点名隐患" in there and "外社区项目" in there


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(
    ("who", "limit"),
    [
        (Role.LEADER, 18),
        (Role.GROUP_MEMBER, 18),
        (Role.REPORTER, 14),
        (Role.OFFICE, 25),
        (Role.MEMBER, 19),
        ("county_reviewer", 11),
    ],
)
def test_home_queries_are_pinned_for_each_role(
    cast, django_assert_max_num_queries, who, limit, rows
):
    make_leader_work(cast, rows)
    for _i in range(rows):
        InjuryCardFactory(
            community=cast.community,
            reporter=cast.users[Role.REPORTER],
            injury_at=days_ago(0, hour=0),
            is_duplicate=True,
        )
    client = cast.client_for(who)
    url = reverse("community_home", args=[cast.community.slug])
    client.get(url)  # warm sessions and cached summaries
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_group_member_sees_his_own_tasks_without_leader_records(cast):
    user = UserFactory(username="zu-yuan")
    MembershipFactory(user=user, community=cast.community, role=Role.GROUP_MEMBER)
    make_leader_work(cast)
    client = cast.client_for(Role.OFFICE)
    client.force_login(user)
    page = client.get(reverse("community_home", args=[cast.community.slug])).text
    assert "我的任务" in page
    assert "本组隐患0" not in page  # he leads no group
