"""The committee pages at work: office creates groups and meetings, forms say what is wrong in
Chinese, group membership and users are managed on their pages, notifications are read."""

import datetime
import re

import pytest
from django.urls import reverse

from committee.choices import GroupKind, GroupRole, Phase, Role
from committee.models import (
    CreationPhase,
    GroupMembership,
    Meeting,
    Membership,
    Notification,
    PopulationYear,
    WorkingGroup,
)
from committee.services import notify
from tests.factories import CommunityFactory, MemberFactory, MembershipFactory

from .factories import CreationPhaseFactory, PopulationYearFactory


def url(name, cast, *args):
    return reverse(name, args=[cast.community.slug, *args])


def test_office_creates_a_working_group(cast):
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:group_create", cast),
        {
            "name": "老年人防跌倒工作组",
            "kind": GroupKind.PROJECT,
            "safety_area": "elderly",
            "parent": "",
            "lead_unit": "街道民政科",
            "duties": "组织老年人居家环境改造。",
        },
        follow=True,
    )
    group = WorkingGroup.objects.get(community=cast.community, name="老年人防跌倒工作组")
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "已保存。" in response.text
    assert "组织老年人居家环境改造。" in response.text
    assert group.history.count() == 1
    assert group.history.first().history_user == cast.users[Role.OFFICE]


def test_group_form_errors_are_in_chinese(cast):
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:group_create", cast), {"name": "", "kind": GroupKind.PROJECT}
    )
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.text
    response = client.post(
        url("committee:group_create", cast), {"name": "综合组", "kind": GroupKind.PROJECT}
    )
    assert "项目工作组必须选择安全领域。" in response.text
    assert WorkingGroup.objects.filter(community=cast.community).count() == 2


# CommunityModelForm leaves `community` out of model validation, so unique constraints that include
# it are not checked and the INSERT fails with IntegrityError (a 500). See the report for the fix
# in safecommunity/forms.py; remove the marker when it lands.
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("committee:group_create", {"name": "交通安全促进组", "kind": GroupKind.OTHER}),
        ("committee:phase_create", {"phase": Phase.START}),
        ("committee:population_create", {"year": 2025, "sex": "1", "age_group": "0-4", "count": 1}),
    ],
)
def test_duplicates_are_form_errors_not_server_errors(cast, name, data):
    CreationPhaseFactory(community=cast.community, phase=Phase.START)
    PopulationYearFactory(community=cast.community, year=2025, sex="1", age_group="0-4")
    client = cast.client_for(Role.OFFICE)
    client.raise_request_exception = False
    response = client.post(url(name, cast), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_office_creates_a_meeting_with_attendees(cast):
    members = [MemberFactory(community=cast.community) for _ in range(3)]
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:meeting_create", cast),
        {
            "date": "2025-09-18",
            "kind": "group",
            "title": "交通组季度会议",
            "location": "街道三楼会议室",
            "working_group": cast.group.pk,
            "chair": "周建华",
            "attendees": [m.pk for m in members],
            "attendee_count": 0,
            "agenda": "通报上季度交通伤害情况",
            "minutes": "会议由周建华主持。",
            "decisions": "在学校周边增设减速带。",
        },
        follow=True,
    )
    meeting = Meeting.objects.get(community=cast.community, title="交通组季度会议")
    assert meeting.attendee_count == 3  # raised to the number of attendees named
    assert meeting.working_group == cast.group
    page = response.text
    for text in (
        "通报上季度交通伤害情况",
        "会议由周建华主持。",
        "在学校周边增设减速带。",
        members[0].name,
    ):
        assert text in page
    group_page = cast.client_for(Role.LEADER).get(cast.group.get_absolute_url()).text
    assert meeting.get_absolute_url() in group_page


def test_meeting_form_errors_are_in_chinese(cast):
    response = cast.client_for(Role.OFFICE).post(
        url("committee:meeting_create", cast),
        {
            "date": "2025-13-45",
            "kind": "committee",
            "title": "",
        },
    )
    assert "这个字段是必填项。" in response.text
    assert "输入一个有效的日期。" in response.text
    assert not Meeting.objects.exists()


def test_meeting_detail_without_minutes_asks_for_them(cast):
    meeting = Meeting.objects.create(
        community=cast.community, date=datetime.date(2025, 3, 1), kind="office", title="办公室例会"
    )
    page = cast.client_for(Role.REVIEWER).get(meeting.get_absolute_url()).text
    assert "尚未上传会议纪要" in page
    assert reverse("committee:meeting_update", args=[cast.community.slug, meeting.pk]) not in page


def test_group_page_lists_members_leaders_first_subgroups_and_meetings(cast):
    deputy = MemberFactory(community=cast.community, name="赵副组长")
    ordinary = MemberFactory(community=cast.community, name="钱组员")
    from committee.services import set_group_member

    set_group_member(group=cast.group, member=deputy, role=GroupRole.DEPUTY)
    set_group_member(group=cast.group, member=ordinary, role=GroupRole.MEMBER)
    WorkingGroup.objects.create(
        community=cast.community,
        name="阳光社区工作小组",
        kind=GroupKind.SUBGROUP,
        parent=cast.group,
    )
    page = cast.client_for(Role.MEMBER).get(cast.group.get_absolute_url()).text
    assert "王组长" in page and "赵副组长" in page and "钱组员" in page
    assert "阳光社区工作小组" in page
    assert (
        page.index("王组长") < page.index("赵副组长") < page.index("钱组员")
    )  # leader, deputy, members


def test_office_adds_and_removes_a_group_member(cast):
    member = MemberFactory(community=cast.community, name="孙海涛")
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:group_member_add", cast, cast.other_group.pk),
        {"member": member.pk, "role": GroupRole.MEMBER},
        follow=True,
    )
    assert "已更新工作组成员。" in response.text
    assert "孙海涛" in response.text
    assert GroupMembership.objects.filter(group=cast.other_group, member=member).exists()
    response = client.post(
        url("committee:group_member_remove", cast, cast.other_group.pk, member.pk), follow=True
    )
    assert "已移出工作组。" in response.text
    assert not GroupMembership.objects.filter(group=cast.other_group, member=member).exists()


def test_group_list_shows_leaders_and_member_counts(cast):
    page = cast.client_for(Role.MEMBER).get(url("committee:group_list", cast)).text
    row = re.search(
        r"<tr>\s*<td[^>]*><div><a href=\""
        + re.escape(cast.group.get_absolute_url())
        + r"\">.*?</tr>",
        page,
        re.S,
    )
    assert row, page
    assert "王组长" in row.group(0)
    assert re.search(r">1</td>", row.group(0))
    other_row = re.search(
        r"<a href=\"" + re.escape(cast.other_group.get_absolute_url()) + r"\">.*?</tr>", page, re.S
    )
    assert "未设组长" in other_row.group(0)


def test_member_list_search_and_filter(cast):
    MemberFactory(
        community=cast.community, name="李建国", unit="街道办事处", committee_role="director"
    )
    MemberFactory(
        community=cast.community, name="陈志强", unit="街道办事处", committee_role="deputy"
    )
    client = cast.client_for(Role.MEMBER)
    page = client.get(url("committee:member_list", cast), {"q": "李建"}).text
    assert "李建国" in page and "陈志强" not in page
    page = client.get(url("committee:member_list", cast), {"committee_role": "deputy"}).text
    assert "陈志强" in page and "李建国" not in page


def test_profile_shows_phases_and_population_by_sex_and_age(cast):
    CreationPhaseFactory(
        community=cast.community, phase=Phase.START, actual_start=datetime.date(2025, 1, 5)
    )
    PopulationYearFactory(community=cast.community, year=2025, sex="1", age_group="65+", count=5645)
    PopulationYearFactory(community=cast.community, year=2025, sex="2", age_group="0-4", count=1556)
    client = cast.client_for(Role.OFFICE)
    page = client.get(url("committee:profile", cast)).text
    assert "前期启动" in page and "进行中" in page
    assert "2025年" in page
    table = re.search(
        r"<table class=\"table table-sm table-bordered population-table\">.*?</table>", page, re.S
    ).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)
    cells = {
        label: re.findall(r"<td class=\"text-end\">([^<]*)</td>", body) for label, body in rows
    }
    assert cells["男"] == ["", "", "", "", "", "5645"]  # 65+ is the last WHO group
    assert cells["女"] == ["1556", "", "", "", "", ""]
    phase = CreationPhase.objects.get(community=cast.community)
    assert reverse("committee:phase_update", args=[cast.community.slug, phase.pk]) in page
    assert reverse("committee:profile_pdf", args=[cast.community.slug]) in page
    assert "下载社区概况 PDF" in page


def test_office_edits_profile_and_phase(cast):
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:profile_update", cast),
        {
            "name": "幸福街道",
            "kind": "street",
            "area_code": "330106001",
            "parent_area": "示范区",
            "population": 68500,
            "households": 24300,
            "area_km2": "12.60",
            "target_level": "national",
            "address": "",
            "introduction": "",
        },
    )
    assert response.status_code == 302
    cast.community.refresh_from_db()
    assert cast.community.population == 68500
    response = client.post(
        url("committee:phase_create", cast),
        {
            "phase": Phase.START,
            "planned_start": "2025-06-01",
            "planned_end": "2025-05-01",
        },
    )
    assert "计划结束日期不能早于计划开始日期。" in response.text
    response = client.post(
        url("committee:population_create", cast),
        {
            "year": 2025,
            "sex": "1",
            "age_group": "0-4",
            "count": 1587,
        },
    )
    assert response.status_code == 302
    assert PopulationYear.objects.get(community=cast.community).count == 1587


def test_profile_pdf_has_the_committee(cast):
    import shutil
    import subprocess

    MemberFactory(
        community=cast.community,
        name="李建国",
        unit="街道办事处",
        duties="全面领导安全社区创建工作",
    )
    response = cast.client_for(Role.REVIEWER).get(url("committee:profile_pdf", cast))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    compact = re.sub(r"\s+", "", text)
    for expected in (
        "幸福街道",
        "安全社区概况",
        "李建国",
        "全面领导安全社区创建工作",
        cast.group.name,
        "王组长",
    ):
        assert expected in compact


# Users and roles -------------------------------------------------------------------------------


# Creating users, setup links and deactivation: tests/committee/test_people.py.


def test_office_changes_and_removes_roles_but_not_his_own(cast):
    office = cast.client_for(Role.OFFICE)
    target = Membership.objects.get(user=cast.users[Role.MEMBER], community=cast.community)
    response = office.post(
        url("committee:membership_update", cast, target.pk), {"role": Role.LEADER}, follow=True
    )
    assert "已更新角色。" in response.text
    target.refresh_from_db()
    assert target.role == Role.LEADER
    office.post(url("committee:membership_update", cast, target.pk), {"role": "superuser"})
    target.refresh_from_db()
    assert target.role == Role.LEADER  # an unknown role changes nothing

    own = Membership.objects.get(user=cast.users[Role.OFFICE], community=cast.community)
    response = office.post(
        url("committee:membership_update", cast, own.pk), {"remove": "1"}, follow=True
    )
    assert "不能移除自己的角色。" in response.text
    assert Membership.objects.filter(pk=own.pk).exists()

    response = office.post(
        url("committee:membership_update", cast, target.pk), {"remove": "1"}, follow=True
    )
    assert "已移除角色。" in response.text
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert cast.client_for(Role.MEMBER).get(url("committee:profile", cast)).status_code == 404


def test_user_page_has_role_forms_for_each_membership(cast):
    page = cast.client_for(Role.OFFICE).get(url("committee:user_list", cast)).text
    for membership in Membership.objects.filter(community=cast.community):
        assert url("committee:membership_update", cast, membership.pk) in page
    assert (
        page.count('name="remove"')
        == Membership.objects.filter(community=cast.community).count() - 1
    )


# Home, community choice, notifications, health ---------------------------------------------------


def card_counts(page):
    """{element number: count shown} from the home page's element cards."""
    return {
        int(number): int(count)
        for number, count in re.findall(r'data-element="(\d+)".*?data-count="(\d+)"', page, re.S)
    }


def test_home_counts_match_the_records(cast):
    from safecommunity.evidence import element_statuses
    from tests.hazards.factories import HazardFactory

    for _ in range(3):
        HazardFactory(community=cast.community)
    HazardFactory(community=cast.other)  # must not count
    page = (
        cast.client_for(Role.MEMBER).get(reverse("community_home", args=[cast.community.slug])).text
    )
    shown = card_counts(page)
    assert sorted(shown) == list(range(1, 13))
    statuses = element_statuses(cast.community)
    assert shown == {n: sum(s.count for s in items) for n, items in statuses.items()}
    hazard_item = next(s for s in statuses[3] if s.url_name == "hazards:hazard_list")
    assert hazard_item.count == 3
    hazard_link = re.escape(reverse("hazards:hazard_list", args=[cast.community.slug]))
    assert re.search(
        r'href="' + hazard_link + r'">[^<]*</a>\s*<span class="text-nowrap">3</span>', page
    )
    ready = sum(
        1
        for items in statuses.values()
        if items and sum(s.count for s in items) and not any(s.missing for s in items)
    )
    assert f"{ready} / 12 项要素已有完整记录" in page


def test_home_names_what_is_missing_and_phases(cast):
    CreationPhaseFactory(
        community=cast.community,
        phase=Phase.START,
        actual_start=datetime.date(2025, 1, 1),
        actual_end=datetime.date(2025, 3, 1),
    )
    page = (
        cast.client_for(Role.OFFICE).get(reverse("community_home", args=[cast.community.slug])).text
    )
    assert "尚无风险辨识记录" in page
    assert page.count('class="element-card ') == 12
    assert "已完成" in page and "未计划" in page
    assert "<svg" in page


def test_user_in_one_community_goes_straight_there(cast):
    response = cast.client_for(Role.MEMBER).get(reverse("home"))
    assert response["Location"] == reverse("community_home", args=[cast.community.slug])


def test_user_in_several_communities_chooses(cast):
    third = CommunityFactory(name="滨江工业园区")
    MembershipFactory(user=cast.users[Role.REVIEWER], community=third, role=Role.REVIEWER)
    response = cast.client_for(Role.REVIEWER).get(reverse("home"))
    assert response.status_code == 200
    assert "选择社区" in response.text
    assert (
        third.get_absolute_url() in response.text
        and cast.community.get_absolute_url() in response.text
    )
    assert cast.other.get_absolute_url() not in response.text


def test_notifications_list_read_and_read_all(cast):
    user = cast.users[Role.OFFICE]
    first, second = (
        notify([user], title="隐患逾期", url="/c/xingfu/committee/groups/", email=False)[0],
        notify([user], title="物资过期", email=False)[0],
    )
    notify([cast.users[Role.MEMBER]], title="别人的通知", email=False)
    client = cast.client_for(Role.OFFICE)
    page = client.get(reverse("notifications")).text
    assert "隐患逾期" in page and "物资过期" in page and "别人的通知" not in page
    assert page.count("list-group-item-primary") == 2
    assert 'id="unread-count">2<' in page

    response = client.post(reverse("notification_read", args=[first.pk]))
    assert response["Location"] == "/c/xingfu/committee/groups/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("notifications")).text.count("list-group-item-primary") == 1

    client.post(reverse("notifications_read_all"))
    second.refresh_from_db()
    assert second.read_at is not None
    assert Notification.objects.filter(title="别人的通知", read_at__isnull=True).exists()


def test_cannot_read_someone_elses_notification(cast):
    other = notify([cast.users[Role.MEMBER]], title="别人的通知", email=False)[0]
    assert (
        cast.client_for(Role.OFFICE).post(reverse("notification_read", args=[other.pk])).status_code
        == 404
    )
    assert (
        cast.client_for(Role.OFFICE).get(reverse("notification_read", args=[other.pk])).status_code
        == 405
    )


def test_health_check_needs_no_login(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
