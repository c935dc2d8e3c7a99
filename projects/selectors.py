"""Reads of the projects app, scoped by community and carrying the joins their pages need."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from safecommunity.tenancy import led_groups

from .choices import STALE_AFTER_DAYS, ProjectStatus, TaskStatus
from .models import (
    Activity,
    AwarenessSurvey,
    Objective,
    Plan,
    PlanTask,
    Project,
    ProjectUpdate,
)

if TYPE_CHECKING:
    from typing import Any

    from django.db.models import QuerySet

    from committee.models import Community, User


def plans(community: Community) -> QuerySet[Plan]:
    """Plans with their task counts (total, done, open past due)."""
    today = timezone.localdate()
    return (
        Plan.objects.filter(community=community)
        .select_related("community", "parent")
        .annotate(
            task_count=Count("tasks", distinct=True),
            tasks_done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE), distinct=True),
            tasks_overdue=Count(
                "tasks",
                filter=~Q(tasks__status=TaskStatus.DONE) & Q(tasks__due_date__lt=today),
                distinct=True,
            ),
            objective_count=Count("objectives", distinct=True),
        )
        .order_by("kind", "-start_year", "title")
    )


def plan_tasks(plan: Plan) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan=plan).select_related("working_group")


def objectives(community: Community) -> QuerySet[Objective]:
    return (
        Objective.objects.filter(community=community)
        .select_related("community", "plan")
        .prefetch_related("values")
    )


def projects(community: Community) -> QuerySet[Project]:
    return Project.objects.filter(community=community).select_related(
        "community", "working_group", "leader"
    )


def project_detail_queryset(community: Community) -> QuerySet[Project]:
    from hazards.models import Hazard

    return projects(community).prefetch_related(
        "partners",
        Prefetch("hazards", queryset=Hazard.objects.select_related("community")),
        Prefetch("objectives", queryset=objectives(community)),
    )


def updates_of(project: Project) -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.filter(project=project).select_related("community", "author")


def updates(community: Community) -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.filter(community=community).select_related(
        "community", "project", "project__community", "project__working_group", "author"
    )


def activities(community: Community) -> QuerySet[Activity]:
    return Activity.objects.filter(community=community).select_related(
        "community", "working_group", "project"
    )


def activities_of(project: Project) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(project=project)
        .select_related("community")
        .order_by("-date", "-pk")
    )


def surveys(community: Community) -> QuerySet[AwarenessSurvey]:
    return AwarenessSurvey.objects.filter(community=community).select_related("community")


def stale_projects(today: datetime.date, community: Community | None = None) -> QuerySet[Project]:
    """Running projects whose latest update (or, with none, their start) is 30+ days old."""
    cutoff = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    queryset = Project.objects.filter(status=ProjectStatus.RUNNING).filter(
        Q(last_update_on__lte=cutoff) | Q(last_update_on__isnull=True, start_date__lte=cutoff)
    )
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset.select_related("community", "working_group")


def activity_totals(queryset: QuerySet[Activity]) -> dict[str, int]:
    """Count, participants and materials of a filtered activity queryset, in one query."""
    totals = queryset.aggregate(
        count=Count("pk"), participants=Sum("participants"), materials=Sum("materials_count")
    )
    return {key: value or 0 for key, value in totals.items()}


def project_counts(queryset: QuerySet[Project]) -> list[dict[str, Any]]:
    """[{safety_area, status, n}] for a project queryset, in one query."""
    return list(queryset.order_by().values("safety_area", "status").annotate(n=Count("pk")))


# Days before an update falls due that a leader's home starts to show the project.
UPDATE_WARNING_DAYS = 7


def projects_due_for_update(
    community: Community, today: datetime.date, user: User | None = None
) -> QuerySet[Project]:
    """Running projects whose next progress update is due within UPDATE_WARNING_DAYS or overdue
    (the longest silent first); with ``user``, only those of groups he leads or he leads himself.
    """
    from django.db.models.functions import Coalesce

    cutoff = today - datetime.timedelta(days=STALE_AFTER_DAYS - UPDATE_WARNING_DAYS)
    queryset = (
        Project.objects.filter(community=community, status=ProjectStatus.RUNNING)
        .annotate(last_activity=Coalesce("last_update_on", "start_date"))
        .filter(last_activity__lte=cutoff)
    )
    if user is not None:
        queryset = queryset.filter(
            Q(working_group__in=led_groups(user, community).values("pk")) | Q(leader__user=user)
        )
    return queryset.order_by("last_activity", "pk")
