"""Workflows: progress updates, status changes, plan tasks, objective values, stale reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.choices import GroupRole
from committee.models import Notification
from committee.services import set_group_member
from projects import services
from projects.choices import ProjectStatus, TaskStatus
from safecommunity.tasks import daily_reminders
from tests.factories import MemberFactory, UserFactory

from .factories import ObjectiveFactory, PlanTaskFactory, ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def post(project, user, **fields):
    values = {"date": timezone.localdate(), "done": "增设护栏。", "percent": 30}
    values.update(fields)
    return services.post_update(project=project, author=user, **values)


def test_first_update_starts_a_planned_project_and_sets_its_progress(cast):
    project = ProjectFactory(
        community=cast.community, working_group=cast.group, status=ProjectStatus.PLANNED
    )
    update = post(project, cast.users["leader"], percent=30)
    project.refresh_from_db()
    assert project.status == ProjectStatus.RUNNING
    assert (project.progress, project.last_update_on) == (30, update.date)


def test_update_tells_the_office_in_the_app(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    update = post(project, cast.users["leader"], percent=45)
    notes = Notification.objects.filter(user=cast.users["office"], kind="project_update")
    assert [n.title for n in notes] == [f"项目进展：{project.title}（45%）"]
    assert notes[0].url == update.get_absolute_url()
    assert not Notification.objects.filter(user=cast.users["leader"]).exists()


def test_progress_follows_the_latest_update_when_one_is_deleted(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    post(project, cast.users["leader"], date=days_ago(10), percent=20)
    latest = post(project, cast.users["leader"], date=days_ago(2), percent=60)
    project.refresh_from_db()
    assert project.progress == 60
    services.delete_update(latest)
    project.refresh_from_db()
    assert (project.progress, project.last_update_on) == (20, days_ago(10))


def test_no_update_on_a_completed_or_suspended_project(cast):
    project = ProjectFactory(
        community=cast.community, working_group=cast.group, status=ProjectStatus.SUSPENDED
    )
    with pytest.raises(ValidationError, match="项目已暂停，不能填报进展。"):
        post(project, cast.users["office"])


def test_invalid_update_is_not_saved(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    with pytest.raises(ValidationError):
        post(project, cast.users["office"], percent=150)
    assert not project.updates.exists()


def test_status_transitions(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    with pytest.raises(ValidationError, match="项目状态不能从“实施中”改为“已完成”。"):
        services.change_project_status(project, status=ProjectStatus.COMPLETED)
    services.change_project_status(project, status=ProjectStatus.EVALUATING)
    with pytest.raises(ValidationError) as exc:
        services.change_project_status(project, status=ProjectStatus.COMPLETED)
    assert "项目完成前须填写过程评估和效果评估。" in exc.value.messages
    project.refresh_from_db()
    assert project.status == ProjectStatus.EVALUATING
    project.process_evaluation = "按计划完成。"
    project.effect_evaluation = "伤害下降三成。"
    project.save()
    services.change_project_status(project, status=ProjectStatus.COMPLETED)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED


def test_task_done_carries_its_date_and_undoing_clears_it(cast):
    task = PlanTaskFactory(plan__community=cast.community)
    services.set_task_status(task, status=TaskStatus.DONE, today=datetime.date(2026, 3, 1))
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, datetime.date(2026, 3, 1))
    services.set_task_status(task, status=TaskStatus.IN_PROGRESS)
    task.refresh_from_db()
    assert task.done_on is None


def test_objective_value_is_entered_once_per_year_and_corrected_in_place(cast):
    objective = ObjectiveFactory(community=cast.community)
    year = objective.baseline_year + 1
    services.record_objective_value(objective=objective, year=year, value=Decimal("55"))
    services.record_objective_value(objective=objective, year=year, value=Decimal("57"))
    assert list(objective.values.values_list("year", "value")) == [(year, Decimal("57"))]
    computed = ObjectiveFactory(community=cast.community, indicator_kind="awareness_rate")
    with pytest.raises(ValidationError, match="该指标由系统自动计算"):
        services.record_objective_value(objective=computed, year=year, value=Decimal("80"))


def _stale_fixture(cast):
    deputy = UserFactory(username="deputy-xingfu")
    set_group_member(
        group=cast.group,
        member=MemberFactory(community=cast.community, name="李副组长", user=deputy),
        role=GroupRole.DEPUTY,
    )
    stale = ProjectFactory(
        community=cast.community, working_group=cast.group, start_date=days_ago(200)
    )
    ProjectUpdateFactory(project=stale, date=days_ago(31))
    services.refresh_progress(stale)
    fresh = ProjectFactory(
        community=cast.community, working_group=cast.group, start_date=days_ago(200)
    )
    ProjectUpdateFactory(project=fresh, date=days_ago(29))
    services.refresh_progress(fresh)
    never = ProjectFactory(
        community=cast.community, working_group=cast.other_group, start_date=days_ago(40)
    )  # running, never updated
    ProjectFactory(
        community=cast.community,
        working_group=cast.group,
        start_date=days_ago(300),
        status=ProjectStatus.SUSPENDED,
    )  # not running: no reminder
    return deputy, stale, fresh, never


def test_stale_running_projects_remind_group_leaders_and_office_once_a_day(cast):
    deputy, stale, fresh, never = _stale_fixture(cast)
    sent = services.send_stale_project_reminders()
    # stale → leader, deputy, office; never (other group has no leader) → office.
    assert sent == 4
    reminders = Notification.objects.filter(kind__startswith="stale_project:")
    assert set(reminders.values_list("user__username", "kind")) == {
        ("leader-xingfu", f"stale_project:{stale.pk}"),
        ("deputy-xingfu", f"stale_project:{stale.pk}"),
        ("office-xingfu", f"stale_project:{stale.pk}"),
        ("office-xingfu", f"stale_project:{never.pk}"),
    }
    assert reminders.get(user=deputy).title == f"项目已 31 天未更新进展：{stale.title}"
    assert services.send_stale_project_reminders() == 0  # a re-run the same day sends nothing


def test_daily_reminders_task_runs_the_stale_project_reminder(cast):
    _stale_fixture(cast)
    result = daily_reminders.delay().get()
    assert result["projects.services.send_stale_project_reminders"] == 4
