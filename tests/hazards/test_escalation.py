"""Escalation of hidden dangers: overdue 一般隐患 to the office then the leadership, 重大隐患
reported upward at once, 挂牌督办 with its own timeline, and the daily beat running it once.

Neither freezegun nor time-machine is installed: the services take ``today=``, so a timeline is
replayed day by day.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committee.choices import CommitteeRole
from committee.models import Notification
from hazards import escalation, services, tasks
from hazards.choices import DangerAction, DangerGrade, DangerStatus, EscalationLevel
from hazards.models import DangerEvent, HiddenDanger
from safecommunity.tasks import REMINDERS, daily_reminders
from tests.factories import MemberFactory

from .conftest import ordered
from .factories import HiddenDangerFactory

DEADLINE = datetime.date(2026, 3, 2)


def day(offset):
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture
def director(cast):
    """The committee's 主任 has a system account (the 'member' user)."""
    user = cast.users["member"]
    MemberFactory(
        community=cast.community, name="李主任", committee_role=CommitteeRole.DIRECTOR, user=user
    )
    return user


@pytest.fixture
def late(cast):
    danger = HiddenDangerFactory(
        community=cast.community,
        title="楼道堆物",
        working_group=cast.group,
        found_on=DEADLINE - datetime.timedelta(days=10),
    )
    return ordered(danger, deadline=DEADLINE)


def titles(user):
    return sorted(Notification.objects.filter(user=user).values_list("title", flat=True))


def escalation_events(danger):
    return list(
        DangerEvent.objects.filter(danger=danger)
        .exclude(action__in=[DangerAction.REPORT, DangerAction.ORDER])
        .values_list("action", "at__date")
    )


def test_overdue_general_danger_goes_to_office_then_leadership_on_the_policy_days(
    cast, director, late
):
    office, leader = cast.users["office"], cast.users["leader"]
    assert services.run_escalation(today=DEADLINE) == 0  # due today is not late
    assert services.run_escalation(today=day(1)) == 2  # office + the group's leader
    late.refresh_from_db()
    assert (late.escalation_level, late.escalated_on) == (EscalationLevel.OFFICE, day(1))
    assert titles(office) == ["隐患逾期升级：楼道堆物"]
    assert titles(leader) == ["隐患逾期升级：楼道堆物"]
    assert titles(director) == []

    for offset in range(1, 8):  # the further interval (7 days) runs from the office escalation
        assert services.run_escalation(today=day(offset)) == 0
    assert services.run_escalation(today=day(8)) == 3  # + the 主任
    late.refresh_from_db()
    assert (late.escalation_level, late.escalated_on) == (EscalationLevel.LEADERSHIP, day(8))
    assert titles(director) == ["隐患督办：楼道堆物"]
    body = Notification.objects.get(user=director).body
    assert "已过 8 天" in body and "报委员会领导督办" in body

    assert services.run_escalation(today=day(40)) == 0  # the top of the ladder for 一般隐患
    assert escalation_events(late) == [
        (DangerAction.ESCALATE_OFFICE, day(1)),
        (DangerAction.ESCALATE_LEADERSHIP, day(8)),
    ]
    late.refresh_from_db()
    assert late.status == DangerStatus.ORDERED  # escalation does not change the workflow state


def test_intervals_come_from_the_one_setting(cast, director, late, settings):
    settings.HAZARDS_ESCALATION = {"office_after_days": 3, "leadership_after_days": 2}
    assert services.run_escalation(today=day(2)) == 0
    assert services.run_escalation(today=day(3)) == 2
    assert services.run_escalation(today=day(4)) == 0
    assert services.run_escalation(today=day(5)) == 3
    late.refresh_from_db()
    assert late.escalation_level == EscalationLevel.LEADERSHIP


def test_a_rectified_danger_stops_escalating(cast, director, late):
    services.run_escalation(today=day(1))
    late.refresh_from_db()
    late.status, late.rectified_on = DangerStatus.RECTIFIED, day(3)
    late.save()
    assert services.run_escalation(today=day(20)) == 0
    late.refresh_from_db()
    assert late.escalation_level == EscalationLevel.OFFICE


def test_the_timeline_shows_steps_taken_and_the_next_one_due(cast, director, late):
    steps = services_timeline(late, day(1))
    assert [(s.day, s.label, s.done) for s in steps] == [
        (DEADLINE, "整改期限", True),
        (day(1), "逾期升级：委员会办公室督促", False),
    ]
    assert steps[0].late and steps[0].note == "已逾期 1 天"
    services.run_escalation(today=day(1))
    late.refresh_from_db()
    steps = services_timeline(late, day(2))
    assert [(s.day, s.label, s.done) for s in steps] == [
        (DEADLINE, "整改期限", True),
        (day(1), "逾期升级：委员会办公室督促", True),
        (day(8), "逾期升级：委员会领导督办", False),
    ]


def services_timeline(danger, today):
    from hazards import selectors

    return selectors.escalation_timeline(danger, list(danger.events.all()), today)


# 重大隐患 ---------------------------------------------------------------------------------------


def major_fields(cast, **extra):
    return {
        "title": "燃气管道锈蚀",
        "grade": DangerGrade.MAJOR,
        "safety_area": "fire",
        "description": "地下燃气管道锈蚀严重",
        "found_on": day(-5),
        "working_group": cast.group,
        **extra,
    }


def test_a_major_danger_is_reported_upward_when_registered(cast, director):
    cast.community.parent_area = "示范区"
    cast.community.save()
    danger = services.report_danger(
        community=cast.community, user=cast.users["office"], **major_fields(cast)
    )
    assert danger.escalation_level == EscalationLevel.REPORTED
    assert danger.reported_to == "示范区"
    assert danger.reported_upward_on is not None
    assert [e.action for e in danger.events.all()] == [
        DangerAction.REPORT,
        DangerAction.REPORT_UPWARD,
    ]
    county = cast.users["reviewer"]
    for user in (county, director, cast.users["office"]):
        assert titles(user) == ["重大隐患上报：燃气管道锈蚀"]
    assert "已上报示范区" in Notification.objects.get(user=county).body
    # a second report (or the beat) adds nothing
    assert services.report_upward(danger) == []
    assert services.run_escalation() == 0
    assert danger.events.filter(action=DangerAction.REPORT_UPWARD).count() == 1


def test_a_general_danger_is_not_reported_upward(cast, late):
    with pytest.raises(ValidationError):
        services.report_upward(late)
    assert services.report_if_major(late) == []


def test_the_beat_reports_a_danger_graded_major_afterwards(cast):
    danger = HiddenDangerFactory(community=cast.community, grade=DangerGrade.MAJOR)
    assert danger.reported_upward_on is None
    assert services.run_escalation(today=day(0)) >= 1
    danger.refresh_from_db()
    assert danger.reported_upward_on == day(0)
    assert danger.reported_to == str(escalation.DEFAULTS["reported_to"])


def test_the_deadline_is_proposed_from_the_grade(settings):
    start = datetime.date(2026, 5, 1)
    assert escalation.proposed_deadline(DangerGrade.GENERAL, start) == datetime.date(2026, 5, 8)
    assert escalation.proposed_deadline(DangerGrade.MAJOR, start) == datetime.date(2026, 5, 31)
    settings.HAZARDS_ESCALATION = {"deadline_days": {"general": 3, "major": 90}}
    assert escalation.proposed_deadline(DangerGrade.GENERAL, start) == datetime.date(2026, 5, 4)
    assert escalation.proposed_deadline(DangerGrade.MAJOR, start) == datetime.date(2026, 7, 30)


# 挂牌督办 ---------------------------------------------------------------------------------------


@pytest.fixture
def major(cast):
    return services.report_danger(
        community=cast.community, user=cast.users["office"], **major_fields(cast)
    )


def test_listing_needs_a_major_open_danger_a_body_and_a_deadline(cast, major, late):
    office = cast.users["office"]
    with pytest.raises(ValidationError) as info:
        services.list_for_supervision(
            late, user=office, supervised_by="区安委办", supervision_deadline=day(60)
        )
    assert info.value.messages == ["只有重大隐患可以挂牌督办。"]
    with pytest.raises(ValidationError) as info:
        services.list_for_supervision(
            major,
            user=office,
            supervised_by=" ",
            supervision_deadline=day(-6),
            listed_on=day(0),
            today=day(0),
        )
    assert info.value.message_dict == {
        "supervised_by": ["请填写督办单位。"],
        "supervision_deadline": ["督办期限不能早于挂牌日期。"],
    }
    major.refresh_from_db()
    assert not major.is_listed and major.escalation_level == EscalationLevel.REPORTED


def test_listed_supervision_lifecycle(cast, major):
    office, leader = cast.users["office"], cast.users["leader"]
    major = services.list_for_supervision(
        major,
        user=office,
        supervised_by="区安全生产委员会办公室",
        supervision_deadline=day(60),
        listed_on=day(0),
        today=day(1),
    )
    assert major.is_listed and major.escalation_level == EscalationLevel.LISTED
    assert titles(leader) == ["重大隐患挂牌督办：燃气管道锈蚀"]
    with pytest.raises(ValidationError) as info:
        services.list_for_supervision(
            major, user=office, supervised_by="市安委办", supervision_deadline=day(90)
        )
    assert info.value.messages == ["该隐患已在挂牌督办中。"]
    # the listing has its own deadline: the beat reminds when it passes
    assert services.run_escalation(today=day(60)) == 0
    assert services.run_escalation(today=day(61)) > 0
    assert "挂牌督办逾期：燃气管道锈蚀" in titles(office)

    # rectification under supervision; lifting needs the re-inspection passed
    major = services.order_rectification(
        major,
        user=office,
        deadline=day(30),
        measures_required="更换管道",
        responsible_person="张伟",
        **dict.fromkeys(
            (
                "plan_objectives",
                "plan_methods",
                "plan_funds_materials",
                "plan_organisation",
                "plan_timeline",
                "plan_safety_measures",
            ),
            "已定",
        ),
    )
    major = services.record_rectification(major, user=leader, note="已更换", rectified_on=day(20))
    with pytest.raises(ValidationError) as info:
        services.lift_supervision(major, user=office, note="验收合格", today=day(21))
    assert "复查合格后方可摘牌" in info.value.messages[0]
    major = services.reinspect(major, user=office, passed=True)
    with pytest.raises(ValidationError) as info:
        services.close_danger(major, user=office)
    assert info.value.messages == ["该隐患在挂牌督办中：督办单位验收摘牌后方可销号。"]
    with pytest.raises(ValidationError):
        services.lift_supervision(major, user=office, note="验收合格", lifted_on=day(-1))
    major = services.lift_supervision(
        major, user=office, note="区安委办现场验收合格", lifted_on=day(25), today=day(25)
    )
    assert not major.is_listed and major.lifted_on == day(25)
    major = services.close_danger(major, user=office)
    assert major.status == DangerStatus.CLOSED
    actions = [e.action for e in major.events.order_by("pk")]  # in the order they happened
    assert actions[:3] == [
        DangerAction.REPORT,
        DangerAction.REPORT_UPWARD,
        DangerAction.LIST_SUPERVISION,
    ]
    assert DangerAction.LIFT_SUPERVISION in actions and actions[-1] == DangerAction.CLOSE


def test_the_database_keeps_the_listing_timeline_in_order(cast, major):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        HiddenDanger.objects.filter(pk=major.pk).update(listed_on=day(5), lifted_on=day(1))


# The daily beat -----------------------------------------------------------------------------


def test_the_daily_beat_runs_the_escalation_once(cast, director):
    import django.utils.timezone as tz

    today = tz.localdate()
    danger = HiddenDangerFactory(
        community=cast.community, title="消防通道占用", working_group=cast.group
    )
    ordered(danger, deadline=today - datetime.timedelta(days=1))
    assert "hazards.services.run_escalation" in REMINDERS
    assert tasks.run_escalation.delay().get() == 2
    again = daily_reminders()
    assert again["hazards.services.run_escalation"] == 0
    danger.refresh_from_db()
    assert danger.escalation_level == EscalationLevel.OFFICE
    assert danger.events.filter(action=DangerAction.ESCALATE_OFFICE).count() == 1
    assert Notification.objects.filter(title="隐患逾期升级：消防通道占用").count() == 2


# Pages ----------------------------------------------------------------------------------------


def page_url(name, cast, obj=None, **query):
    from django.urls import reverse

    kwargs = {"community": cast.community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    path = reverse(f"hazards:{name}", kwargs=kwargs)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_order_form_of_a_major_danger_requires_the_six_plan_parts(cast, major):
    import django.utils.timezone as tz

    client = cast.client_for("office")
    response = client.get(major.get_absolute_url())
    form = response.context["order_form"]
    parts = [name for name in form.fields if name.startswith("plan_")]
    assert len(parts) == 6 and all(form.fields[name].required for name in parts)
    proposed = tz.localdate() + datetime.timedelta(days=30)
    assert form.initial["deadline"] == proposed

    data = {
        "deadline": proposed.isoformat(),
        "measures_required": "更换管道",
        "responsible_person": "张伟",
        "plan_objectives": "消除隐患",
    }
    response = client.post(page_url("danger_order", cast, major), data, follow=True)
    assert "方法和措施" in response.content.decode()
    major.refresh_from_db()
    assert major.status == DangerStatus.REPORTED
    data.update(
        plan_methods="更换",
        plan_funds_materials="5 万元",
        plan_organisation="产权单位",
        plan_timeline="30 日",
        plan_safety_measures="警戒、应急预案",
    )
    client.post(page_url("danger_order", cast, major), data)
    major.refresh_from_db()
    assert major.status == DangerStatus.ORDERED
    assert major.plan_safety_measures == "警戒、应急预案"


def test_order_form_of_a_general_danger_has_no_plan_and_proposes_a_week(cast, late):
    import django.utils.timezone as tz

    late.status, late.deadline = DangerStatus.REPORTED, None
    late.save()
    form = cast.client_for("office").get(late.get_absolute_url()).context["order_form"]
    assert not [name for name in form.fields if name.startswith("plan_")]
    assert form.initial["deadline"] == tz.localdate() + datetime.timedelta(days=7)


def test_office_grading_a_danger_major_reports_it_upward(cast, records):
    danger = records.danger
    client = cast.client_for("office")
    response = client.get(page_url("danger_update", cast, danger))
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update(grade="major", found_on=danger.found_on.isoformat(), working_group=cast.group.pk)
    data.pop("photo", None)
    if danger.place_id:
        data["place"] = danger.place_id
    response = client.post(page_url("danger_update", cast, danger), data)
    assert response.status_code == 302, response.context["form"].errors
    danger.refresh_from_db()
    assert danger.grade == DangerGrade.MAJOR
    assert danger.escalation_level == EscalationLevel.REPORTED


def test_detail_shows_the_listing_badge_and_timeline(cast, major):
    services.list_for_supervision(
        major, user=cast.users["office"], supervised_by="区安委办", supervision_deadline=day(400)
    )
    html = cast.client_for("leader").get(major.get_absolute_url()).content.decode()
    assert "escalation-badge" in html and "挂牌督办" in html
    assert "区安委办" in html and "escalation-timeline" in html
    assert 'id="supervision"' not in html  # leaders do not list; the office does
    office_html = cast.client_for("office").get(major.get_absolute_url()).content.decode()
    assert 'id="supervision"' not in office_html  # already listed


@pytest.mark.parametrize("rows", [1, 30])
def test_list_filters_by_escalation_level(cast, django_assert_max_num_queries, rows):
    for index in range(rows):
        HiddenDangerFactory(
            community=cast.community,
            title=f"督办隐患{index}",
            escalation_level=EscalationLevel.LEADERSHIP,
        )
    HiddenDangerFactory(community=cast.community, title="未升级隐患")
    client = cast.client_for("office")
    client.get(page_url("danger_list", cast))
    with django_assert_max_num_queries(13):
        response = client.get(page_url("danger_list", cast, escalation_level=2))
    titles_shown = [d.title for d in response.context["object_list"]]
    assert len(titles_shown) == min(rows, 25) or len(titles_shown) == rows
    assert "未升级隐患" not in titles_shown
    assert "委员会领导督办" in response.content.decode()
