"""Writes and workflows of the projects app: progress updates, status changes, plan tasks,
objective values and the daily reminder for projects that have gone quiet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.selectors import group_leader_users
from committee.services import notify, notify_once, office_users

from . import selectors
from .choices import PROJECT_TRANSITIONS, STALE_AFTER_DAYS, ProjectStatus, TaskStatus
from .models import ObjectiveValue, ProjectUpdate

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal

    from committee.models import User

    from .models.activities import Activity
    from .models.plans import Objective, PlanTask
    from .models.projects import Project


def refresh_progress(project: Project) -> None:
    """Copy the latest update's percent and date onto the project (lists read them there)."""
    latest = project.updates.order_by("-date", "-pk").first()
    project.progress = latest.percent if latest else 0
    project.last_update_on = latest.date if latest else None
    project.save(update_fields=["progress", "last_update_on"])


@transaction.atomic
def apply_sign_ins(activity: Activity) -> Activity:
    """Set the activity's participant figures from its sign-ins (以签到名单为准): the total and
    the four counted groups. Nothing changes without a sign-in."""
    from .models.activities import PARTICIPANT_GROUPS

    activity = type(activity).objects.select_for_update().get(pk=activity.pk)
    groups = list(activity.sign_ins.values_list("group", flat=True))
    if not groups:
        return activity
    activity.participants = len(groups)
    for name, _label in PARTICIPANT_GROUPS:
        setattr(activity, name, groups.count(name))
    activity.save(update_fields=["participants", *(name for name, _ in PARTICIPANT_GROUPS)])
    return activity


def drop_message(previous: int) -> str:
    return _("进度比上次（%(previous)d%%）低，请说明原因。") % {"previous": previous}


@transaction.atomic
def post_update(
    *,
    project: Project,
    author: User,
    date: datetime.date,
    done: str,
    percent: int,
    next_steps: str = "",
    problems: str = "",
    drop_reason: str = "",
) -> ProjectUpdate:
    """Record a progress update by the group's leader (or the office).

    A planned project starts running with its first update; the office is told in the app.
    Raises ValidationError with the friendly message of the first broken rule.
    """
    if project.status in (ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED):
        raise ValidationError(
            _("项目%(status)s，不能填报进展。") % {"status": project.get_status_display()}
        )
    update = ProjectUpdate(
        community=project.community,
        project=project,
        author=author,
        date=date,
        done=done,
        percent=percent,
        next_steps=next_steps,
        problems=problems,
        previous_percent=project.progress if project.updates.exists() else None,
        drop_reason=drop_reason,
    )
    if update.is_drop and not drop_reason.strip():
        raise ValidationError({"drop_reason": drop_message(project.progress)})
    update.full_clean()
    update.save()
    if project.status == ProjectStatus.PLANNED:
        project.status = ProjectStatus.RUNNING
        project.save(update_fields=["status"])
    refresh_progress(project)
    notify(
        [u for u in office_users(project.community) if u.pk != getattr(author, "pk", None)],
        title=_("项目进展：%(title)s（%(percent)d%%）")
        % {"title": project.title, "percent": percent},
        body=done[:200],
        url=update.get_absolute_url(),
        community=project.community,
        kind="project_update",
        email=False,
    )
    return update


@transaction.atomic
def save_update(update: ProjectUpdate) -> ProjectUpdate:
    """Save an edited update and keep the project's progress in step."""
    update.full_clean()
    update.save()
    refresh_progress(update.project)
    return update


@transaction.atomic
def delete_update(update: ProjectUpdate) -> None:
    project = update.project
    update.delete()
    refresh_progress(project)


@transaction.atomic
def change_project_status(project: Project, *, status: str) -> Project:
    """Move a project along planned → running → evaluating → completed (or suspend/resume)."""
    status = ProjectStatus(status)
    current = ProjectStatus(project.status)
    if status not in PROJECT_TRANSITIONS[current]:
        raise ValidationError(
            _("项目状态不能从“%(current)s”改为“%(new)s”。")
            % {"current": current.label, "new": status.label}
        )
    project.status = status
    project.full_clean()
    project.save(update_fields=["status"])
    return project


@transaction.atomic
def set_task_status(task: PlanTask, *, status: str, today: datetime.date | None = None) -> PlanTask:
    """Mark a plan task pending, in progress or done (done carries the day it was done)."""
    task.status = TaskStatus(status)
    task.done_on = (today or timezone.localdate()) if task.status == TaskStatus.DONE else None
    task.full_clean()
    task.save(update_fields=["status", "done_on"])
    return task


@transaction.atomic
def record_objective_value(
    *, objective: Objective, year: int, value: Decimal, source: str = ""
) -> ObjectiveValue:
    """Enter (or correct) the actual value of a manually reported objective for a year."""
    if objective.is_computed:
        raise ValidationError(_("该指标由系统自动计算，无需手工填报。"))
    entry = ObjectiveValue.objects.filter(objective=objective, year=year).first() or (
        ObjectiveValue(community=objective.community, objective=objective, year=year)
    )
    entry.value = value
    entry.source = source
    entry.full_clean()
    entry.save()
    return entry


def send_stale_project_reminders(today: datetime.date | None = None) -> int:
    """Daily: each running project with no update for 30 days → its group's leaders and the
    office get a reminder (once a day per project). Returns the number of notifications sent."""
    today = today or timezone.localdate()
    sent = 0
    offices = {}
    for project in selectors.stale_projects(today):
        community = project.community
        if community.pk not in offices:
            offices[community.pk] = list(office_users(community))
        recipients = (
            group_leader_users([project.working_group_id]).get(project.working_group_id, [])
            + offices[community.pk]
        )
        days = (today - project.last_activity_on).days
        created = notify_once(
            recipients,
            key=f"stale_project:{project.pk}",
            title=_("项目已 %(days)d 天未更新进展：%(title)s")
            % {"days": days, "title": project.title},
            body=_("实施中的安全促进项目超过 %(limit)d 天没有进展记录，请责任工作组及时填报。")
            % {"limit": STALE_AFTER_DAYS},
            url=project.get_absolute_url(),
            community=community,
        )
        sent += len(created)
    return sent
