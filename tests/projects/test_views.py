"""Pages of the projects app: what leaders see and may do, formsets, figures, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Activity, Plan, Project, ProjectUpdate

from .factories import (
    ActivityFactory,
    ObjectiveFactory,
    PlanFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def url(name, cast, *args):
    return reverse(f"projects:{name}", args=[cast.community.slug, *args])


def test_leader_starts_on_my_projects_and_may_switch_to_all(cast):
    mine = ProjectFactory(community=cast.community, working_group=cast.group, title="学校周边治理")
    ProjectFactory(community=cast.community, working_group=cast.other_group, title="九小场所整治")
    client = cast.client_for("leader")
    page = client.get(url("project_list", cast)).content.decode()
    assert "学校周边治理" in page and "九小场所整治" not in page
    assert "我的项目" in page
    page = client.get(url("project_list", cast) + "?scope=all").content.decode()
    assert "九小场所整治" in page
    # Only his own project carries the edit and update buttons.
    assert page.count("填报进展") == 1
    assert url("update_create", cast, mine.pk) in page


def test_office_sees_all_projects_with_buttons(cast):
    ProjectFactory(community=cast.community, working_group=cast.group)
    ProjectFactory(community=cast.community, working_group=cast.other_group)
    page = cast.client_for("office").get(url("project_list", cast)).content.decode()
    assert page.count("填报进展") == 2
    assert "我的项目" not in page


def test_leader_posts_an_update_and_lands_on_its_page_for_photos(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    response = cast.client_for("leader").post(
        url("update_create", cast, project.pk),
        {
            "date": timezone.localdate().isoformat(),
            "percent": "55",
            "done": "完成护栏安装。",
            "next_steps": "验收",
            "problems": "",
        },
    )
    update = ProjectUpdate.objects.get(project=project)
    assert response.status_code == 302
    assert response.url == update.get_absolute_url()
    assert update.author == cast.users["leader"]
    page = cast.client_for("leader").get(response.url).content.decode()
    assert "附件与佐证资料" in page and 'name="file"' in page  # the leader may attach photos
    project.refresh_from_db()
    assert project.progress == 55


def test_update_form_shows_model_errors(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    response = cast.client_for("leader").post(
        url("update_create", cast, project.pk),
        {
            "date": (project.start_date - datetime.timedelta(days=1)).isoformat(),
            "percent": "10",
            "done": "x",
        },
    )
    assert response.status_code == 200
    assert "进展日期不能早于项目开始日期" in response.content.decode()
    assert not ProjectUpdate.objects.exists()


def test_leader_cannot_file_a_project_under_another_group(cast):
    data = {
        "title": "楼道消防整治",
        "safety_area": "fire",
        "working_group": cast.other_group.pk,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "background": "堆物多",
        "goals": "清零",
        "indicator_direction": "lower",
    }
    response = cast.client_for("leader").post(url("project_create", cast), data)
    assert response.status_code == 200
    assert not Project.objects.exists()
    data["working_group"] = cast.group.pk
    response = cast.client_for("leader").post(url("project_create", cast), data)
    assert response.status_code == 302
    assert Project.objects.get().working_group == cast.group


def test_leader_cannot_move_his_project_to_a_group_he_does_not_lead(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    response = cast.client_for("leader").post(
        url("project_update", cast, project.pk),
        {
            "title": project.title,
            "safety_area": "traffic",
            "working_group": cast.other_group.pk,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "background": "x",
            "goals": "y",
            "indicator_direction": "lower",
        },
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.working_group == cast.group


def test_leader_records_an_activity_for_his_group_only(cast):
    data = {
        "title": "交通安全进校园",
        "kind": "publicity",
        "date": timezone.localdate().isoformat(),
        "place": "中心小学",
        "safety_area": "traffic",
        "participants": "120",
        "working_group": cast.other_group.pk,
        "elderly_count": "0",
        "children_count": "100",
        "disabled_count": "0",
        "migrant_count": "0",
        "materials_count": "50",
    }
    client = cast.client_for("leader")
    assert client.post(url("activity_create", cast), data).status_code == 200
    data["working_group"] = cast.group.pk
    assert client.post(url("activity_create", cast), data).status_code == 302
    assert Activity.objects.get().working_group == cast.group


def test_plan_and_tasks_are_saved_together(cast):
    year = timezone.localdate().year
    data = {
        "kind": "annual",
        "title": f"{year}年度计划",
        "start_year": year,
        "end_year": year,
        "goals": "完成年度任务",
        "status": "draft",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-title": "学校周边护栏安装",
        "tasks-0-working_group": cast.group.pk,
        "tasks-0-due_date": f"{year}-06-30",
        "tasks-0-status": "pending",
        "tasks-1-title": "",
        "tasks-1-status": "pending",
    }
    response = cast.client_for("office").post(url("plan_create", cast), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert [(t.title, t.community_id) for t in plan.tasks.all()] == [
        ("学校周边护栏安装", cast.community.pk)
    ]
    # A bad task keeps the whole plan back.
    data.update({"title": "另一计划", "tasks-0-status": "done"})
    response = cast.client_for("office").post(url("plan_create", cast), data)
    assert response.status_code == 200
    assert "已完成的任务须填写完成日期。" in response.content.decode()
    assert Plan.objects.count() == 1


def test_leader_marks_his_groups_task_done(cast, records):
    client = cast.client_for("leader")
    response = client.post(url("task_status", cast, records.task.pk), {"status": "done"})
    assert response.status_code == 302
    records.task.refresh_from_db()
    assert records.task.status == "done" and records.task.done_on == timezone.localdate()


def test_status_change_error_is_shown_and_nothing_changes(cast, records):
    client = cast.client_for("office")
    response = client.post(
        url("project_status", cast, records.project.pk), {"status": "completed"}, follow=True
    )
    assert "项目状态不能从“实施中”改为“已完成”。" in response.content.decode()
    records.project.refresh_from_db()
    assert records.project.status == "running"


def test_project_story_shows_updates_activities_hazards_and_objectives(cast):
    from hazards.models import Hazard

    hazard = Hazard.objects.create(
        community=cast.community,
        title="学校门前道路车速过快",
        safety_area="traffic",
        description="学生过马路被撞",
        identified_on=timezone.localdate(),
    )
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    project.hazards.add(hazard)
    project.objectives.add(ObjectiveFactory(community=cast.community, title="交通伤害下降"))
    ProjectUpdateFactory(project=project, done="增设减速带两处。", percent=40)
    ActivityFactory(
        community=cast.community, project=project, title="交通安全进校园", participants=88
    )
    page = cast.client_for("member").get(project.get_absolute_url()).content.decode()
    for text in (
        "增设减速带两处。",
        "交通安全进校园",
        "学校门前道路车速过快",
        "交通伤害下降",
        "共 1 场，88 人次",
        "项目进度",
    ):
        assert text in page
    assert "填报进展" not in page  # a committee member reads only


def test_activity_stats_page_counts_the_period(cast):
    today = timezone.localdate()
    ActivityFactory(community=cast.community, date=today, participants=120, kind="lecture")
    ActivityFactory(community=cast.community, date=today, participants=30, kind="training")
    ActivityFactory(
        community=cast.community, date=today - datetime.timedelta(days=400), participants=999
    )  # outside the last twelve months
    response = cast.client_for("reviewer").get(url("activity_stats", cast))
    stats = response.context["stats"]
    assert (stats.count, stats.participants) == (2, 150)
    assert stats.reach_share == Decimal("0.3")  # 150 of 50,000 residents
    assert len(stats.months) == 12


def _query_bound(client, page_url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound):
        assert client.get(page_url).status_code == 200


LISTS = [
    # (url name, role, records factory, query bound)
    ("plan_list", "office", lambda cast: PlanFactory(community=cast.community), 14),
    (
        "project_list",
        "leader",
        lambda cast: ProjectFactory(community=cast.community, working_group=cast.group),
        18,
    ),
    (
        "project_list",
        "office",
        lambda cast: ProjectFactory(community=cast.community, working_group=cast.group),
        16,
    ),
    (
        "activity_list",
        "leader",
        lambda cast: ActivityFactory(
            community=cast.community,
            working_group=cast.group,
            project=Project.objects.first()
            or ProjectFactory(community=cast.community, working_group=cast.group),
        ),
        18,
    ),
    ("survey_list", "office", lambda cast: SurveyFactory(community=cast.community), 14),
    ("objective_list", "office", lambda cast: ObjectiveFactory(community=cast.community), 16),
    (
        "objective_list",
        "office",
        lambda cast: ObjectiveFactory(community=cast.community, indicator_kind="awareness_rate"),
        16,
    ),
]


@pytest.mark.parametrize(("name", "role", "make", "bound"), LISTS)
def test_list_query_count_is_the_same_for_1_and_50_rows(
    cast, django_assert_max_num_queries, name, role, make, bound
):
    client = cast.client_for(role)
    make(cast)
    _query_bound(client, url(name, cast), django_assert_max_num_queries, bound)
    for _ in range(49):
        make(cast)
    _query_bound(client, url(name, cast), django_assert_max_num_queries, bound)
