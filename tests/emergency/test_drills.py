"""Drills: validation, participants, problems found → corrective actions tracked to closure,
photos, and what leaders may do with their own group's drills."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from emergency import selectors, services
from emergency.choices import DrillStatus
from emergency.models import Drill, DrillPhoto, DrillProblem
from hazards.models import CorrectiveAction
from hazards.services import close_action, complete_action, verify_action

from .factories import DrillFactory, ParticipantFactory, PlanFactory, ProblemFactory
from .samples import PDF, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_held_drill_cannot_be_in_the_future(cast):
    drill = DrillFactory.build(
        community=cast.community,
        plan=PlanFactory(community=cast.community),
        date=datetime.date.today() + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as error:
        drill.full_clean()
    assert error.value.message_dict["date"] == [
        "已实施的演练日期不能晚于今天；尚未举行的演练请选择“计划中”。"
    ]
    drill.status = DrillStatus.PLANNED
    drill.full_clean()


def test_planned_drill_has_no_rating_and_times_are_ordered(cast):
    drill = DrillFactory.build(
        community=cast.community,
        plan=PlanFactory(community=cast.community),
        status=DrillStatus.PLANNED,
        rating="good",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(9, 30),
    )
    with pytest.raises(ValidationError) as error:
        drill.full_clean()
    assert error.value.message_dict["rating"] == ["只有已实施的演练才能填写评估结论。"]
    assert error.value.message_dict["end_time"] == ["结束时间不能早于开始时间。"]


def test_drill_of_foreign_plan_is_refused(cast):
    drill = DrillFactory.build(community=cast.community, plan=PlanFactory(community=cast.other))
    with pytest.raises(ValidationError) as error:
        drill.full_clean()
    assert error.value.message_dict["plan"] == ["预案必须属于本社区。"]


def test_participants_are_summed_over_groups(cast):
    drill = DrillFactory(community=cast.community)
    ParticipantFactory(drill=drill, group="居民", count=120)
    ParticipantFactory(drill=drill, group="微型消防站", count=8)
    assert services.refresh_participants(drill) == 128
    drill.refresh_from_db()
    assert drill.participants == 128


def test_problem_becomes_corrective_action_from_drill(cast):
    drill = DrillFactory(community=cast.community, title="幸福家园火灾疏散演练")
    problem = services.add_problem(
        drill=drill,
        user=cast.users["office"],
        description="部分楼层应急照明灯不亮\n二楼尤其严重",
        category="equipment",
        suggestion="建立月检制度",
        responsible_unit="幸福家园物业",
        due_date=datetime.date(2099, 1, 31),
    )
    action = CorrectiveAction.objects.get()
    assert problem.action == action
    assert action.title == "部分楼层应急照明灯不亮"
    assert action.source_kind == "drill"
    assert action.source == problem
    assert action.community == cast.community
    assert (action.responsible_unit, action.due_date) == (
        "幸福家园物业",
        datetime.date(2099, 1, 31),
    )
    assert "幸福家园火灾疏散演练" in action.description and "建立月检制度" in action.description
    assert action.source_url == problem.get_absolute_url()
    assert action.created_by == cast.users["office"]


def test_problem_counts_as_closed_once_its_action_is_verified_or_closed(cast):
    drill = DrillFactory(community=cast.community)
    first = services.add_problem(drill=drill, user=None, description="甲", category="comms")
    second = services.add_problem(drill=drill, user=None, description="乙", category="skills")
    services.add_problem(
        drill=drill, user=None, description="丙", category="plan", raise_action=False
    )

    complete_action(first.action, note="已统一频道", user=cast.users["leader"])
    row = selectors.drill_list(cast.community).get(pk=drill.pk)
    assert (row.problem_count, row.closed_count) == (3, 0)  # done but not yet verified

    verify_action(first.action, user=cast.users["office"], passed=True)
    close_action(second.action, user=cast.users["office"], note="误报，撤销")
    row = selectors.drill_list(cast.community).get(pk=drill.pk)
    assert (row.problem_count, row.closed_count) == (3, 2)
    assert [p.is_closed for p in selectors.drill_problems(drill)] == [True, True, False]


def test_problem_cannot_be_recorded_for_a_drill_not_yet_held(cast):
    drill = DrillFactory(
        community=cast.community,
        status=DrillStatus.PLANNED,
        date=datetime.date.today() + datetime.timedelta(days=7),
    )
    with pytest.raises(ValidationError, match="演练尚未实施"):
        services.add_problem(drill=drill, user=None, description="x", category="other")
    assert not DrillProblem.objects.exists()


def test_problem_turned_into_action_once_and_then_not_deleted(cast):
    problem = ProblemFactory(drill=DrillFactory(community=cast.community))
    services.open_action(problem, user=None)
    with pytest.raises(ValidationError, match="已转为纠正措施"):
        services.open_action(problem, user=None)
    problem.refresh_from_db()
    with pytest.raises(ValidationError, match="不能删除"):
        services.delete_problem(problem)
    assert CorrectiveAction.objects.count() == 1


def test_office_records_problem_and_sees_it_in_the_action_list(cast):
    drill = DrillFactory(community=cast.community)
    client = cast.client_for("office")
    response = client.post(
        reverse("emergency:problem_add", args=[cast.community.slug, drill.pk]),
        {"description": "集合点无人清点人数", "category": "command", "raise_action": "on"},
        follow=True,
    )
    assert "已登记问题，并转为纠正措施跟踪整改。" in response.content.decode()
    actions = client.get(reverse("hazards:action_list", args=[cast.community.slug]))
    assert "集合点无人清点人数" in actions.content.decode()


def test_invalid_problem_shows_why_and_writes_nothing(cast):
    drill = DrillFactory(community=cast.community)
    response = cast.client_for("office").post(
        reverse("emergency:problem_add", args=[cast.community.slug, drill.pk]),
        {"description": "", "category": "command"},
        follow=True,
    )
    assert "发现的问题：这个字段是必填项。" in response.content.decode()
    assert not DrillProblem.objects.exists()


def _drill_data(cast, plan, **extra):
    data = {
        "title": "中心小学地震疏散演练",
        "plan": plan.pk,
        "drill_type": "field",
        "status": "held",
        "date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "place": "中心小学",
        "organiser": "中心小学",
        "scenario": "发生有感地震，全校师生紧急避险并疏散。",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-group": "学生",
        "participants-0-count": "620",
        "participants-1-group": "教职工",
        "participants-1-count": "48",
    }
    data.update(extra)
    return data


def test_create_drill_with_participants(cast):
    plan = PlanFactory(community=cast.community)
    response = cast.client_for("office").post(
        reverse("emergency:drill_create", args=[cast.community.slug]), _drill_data(cast, plan)
    )
    drill = Drill.objects.get(title="中心小学地震疏散演练")
    assert response.status_code == 302
    assert drill.participants == 668
    assert drill.created_by == cast.users["office"]
    assert list(drill.participant_groups.values_list("group", flat=True)) == ["学生", "教职工"]


def test_update_drill_removes_a_participant_row(cast):
    drill = DrillFactory(community=cast.community)
    keep = ParticipantFactory(drill=drill, group="居民", count=80)
    gone = ParticipantFactory(drill=drill, group="志愿者", count=12)
    services.refresh_participants(drill)
    data = _drill_data(cast, drill.plan, title=drill.title)
    data.update(
        {
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "2",
            "participants-0-id": keep.pk,
            "participants-0-group": "居民",
            "participants-0-count": "90",
            "participants-1-id": gone.pk,
            "participants-1-group": "志愿者",
            "participants-1-count": "12",
            "participants-1-DELETE": "on",
        }
    )
    response = cast.client_for("office").post(
        reverse("emergency:drill_update", args=[cast.community.slug, drill.pk]), data
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.participants == 90
    assert list(drill.participant_groups.values_list("group", flat=True)) == ["居民"]


def test_leader_files_drills_only_under_his_groups(cast):
    plan = PlanFactory(community=cast.community)
    client = cast.client_for("leader")
    url = reverse("emergency:drill_create", args=[cast.community.slug])
    refused = client.post(url, _drill_data(cast, plan, working_group=cast.other_group.pk))
    assert refused.status_code == 200
    assert "选择一个有效的选项" in refused.content.decode()
    assert not Drill.objects.exists()
    accepted = client.post(url, _drill_data(cast, plan, working_group=cast.group.pk))
    assert accepted.status_code == 302
    assert Drill.objects.get().working_group == cast.group


def test_drill_with_actions_cannot_be_deleted(cast):
    drill = DrillFactory(community=cast.community)
    services.add_problem(drill=drill, user=None, description="x", category="other")
    cast.client_for("office").post(
        reverse("emergency:drill_delete", args=[cast.community.slug, drill.pk])
    )
    assert Drill.objects.filter(pk=drill.pk).exists()


def test_photo_upload_makes_thumbnail_and_is_served_inline(cast):
    drill = DrillFactory(community=cast.community)
    client = cast.client_for("leader")
    drill.working_group = cast.group
    drill.save()
    client.post(
        reverse("emergency:photo_add", args=[cast.community.slug, drill.pk]),
        {"image": upload("现场.png", png_bytes((1200, 900)), "image/png"), "caption": "疏散现场"},
    )
    photo = DrillPhoto.objects.get()
    assert photo.caption == "疏散现场"
    assert photo.thumbnail
    reader = cast.client_for("reviewer")
    url = reverse("emergency:photo_view", args=[cast.community.slug, photo.pk])
    original = reader.get(url)
    assert original["Content-Type"] == "image/png"
    assert original["X-Content-Type-Options"] == "nosniff"
    assert original["Content-Disposition"].startswith("inline")
    thumbnail_url = reverse("emergency:photo_thumbnail", args=[cast.community.slug, photo.pk])
    assert reader.get(thumbnail_url)["Content-Type"] == "image/jpeg"


def test_fake_photo_is_refused(cast):
    drill = DrillFactory(community=cast.community)
    response = cast.client_for("office").post(
        reverse("emergency:photo_add", args=[cast.community.slug, drill.pk]),
        {"image": upload("现场.jpg", PDF, "image/jpeg")},
        follow=True,
    )
    assert "照片：" in response.content.decode()
    assert not DrillPhoto.objects.exists()


def test_drill_page_shows_problems_and_their_actions(cast):
    drill = DrillFactory(community=cast.community)
    services.add_problem(
        drill=drill, user=None, description="广播覆盖不到地下车库", category="comms"
    )
    page = cast.client_for("member").get(drill.get_absolute_url()).content.decode()
    assert "广播覆盖不到地下车库" in page
    assert "纠正措施：待落实" in page
    assert "登记发现的问题" not in page  # members read only
