"""Reads of the hazards app: community-scoped querysets that carry their joins, and monitoring."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from committee.choices import Role
from safecommunity.tenancy import led_groups

from .choices import (
    DEADLINE_RUNNING_STATUSES,
    HIGH_RISK_LEVELS,
    OPEN_ACTION_STATUSES,
    CheckResult,
    DangerStatus,
    OccurrenceStatus,
    PlanStatus,
)
from .models import (
    Assessment,
    ChecklistTemplate,
    CorrectiveAction,
    Hazard,
    HiddenDanger,
    Inspection,
    InspectionItem,
    InspectionPlan,
    InspectionSchedule,
    Place,
    ScheduledInspection,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model, QuerySet

    from committee.models import Community, Membership, User

    from .models.dangers import DangerEvent


def places(community: Community) -> QuerySet[Place]:
    return Place.objects.filter(community=community).select_related("working_group", "community")


def hazards(community: Community) -> QuerySet[Hazard]:
    return Hazard.objects.filter(community=community).select_related(
        "place", "working_group", "community"
    )


def assessments_of(hazard: Hazard) -> QuerySet[Assessment]:
    return Assessment.objects.filter(hazard=hazard).select_related("recorded_by")


def plans(community: Community) -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.filter(community=community)
        .select_related("working_group", "community")
        .annotate(inspection_count=Count("inspections", distinct=True))
        .order_by("-start_date", "-pk")  # Meta.ordering does not apply to GROUP BY queries
    )


def inspections(community: Community) -> QuerySet[Inspection]:
    failed = (
        InspectionItem.objects.filter(inspection=OuterRef("pk"), result=CheckResult.FAIL)
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    found = (
        HiddenDanger.objects.filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Inspection.objects.filter(community=community)
        .select_related("plan", "working_group", "community")
        .prefetch_related("places")
        .annotate(
            failed_items=Coalesce(Subquery(failed), 0), danger_count=Coalesce(Subquery(found), 0)
        )
    )


def dangers(community: Community) -> QuerySet[HiddenDanger]:
    return HiddenDanger.objects.filter(community=community).select_related(
        "place", "working_group", "community"
    )


def overdue_dangers(community: Community, today: datetime.date) -> QuerySet[HiddenDanger]:
    return dangers(community).filter(deadline__lt=today, status__in=DEADLINE_RUNNING_STATUSES)


def actions(community: Community) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(community=community).select_related(
        "working_group", "community", "source_content_type"
    )


def overdue_actions(community: Community, today: datetime.date) -> QuerySet[CorrectiveAction]:
    return actions(community).filter(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)


def actions_for_source(source: Model) -> QuerySet[CorrectiveAction]:
    from django.contrib.contenttypes.models import ContentType

    return CorrectiveAction.objects.filter(
        source_content_type=ContentType.objects.get_for_model(source), source_object_id=source.pk
    ).select_related("community")


# Monitoring of high-risk places (element 8) --------------------------------------------------


@dataclass
class PlaceWatch:
    place: Place
    last_inspected: datetime.date | None
    next_due: datetime.date
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def high_risk_places(community: Community) -> QuerySet[Place]:
    return places(community).filter(
        Q(is_key_place=True) | Q(risk_level__in=HIGH_RISK_LEVELS), is_active=True
    )


def place_watch(queryset: QuerySet[Place], day: datetime.date) -> list[PlaceWatch]:
    """Each place with its last inspection up to ``day``, when the next is due, days overdue.

    A place never inspected is due one interval after it was registered. Inspections after
    ``day`` are ignored, so the same function answers "as of the end of a period".
    """
    rows = []
    last = Max("inspections__date", filter=Q(inspections__date__lte=day))
    for place in queryset.annotate(last_inspected=last):
        start = place.last_inspected or timezone.localtime(place.created_at).date()
        next_due = start + datetime.timedelta(days=place.interval_days)
        rows.append(
            PlaceWatch(place, place.last_inspected, next_due, max((day - next_due).days, 0))
        )
    rows.sort(key=lambda r: (-r.overdue_days, r.next_due, r.place.name))
    return rows


@dataclass(frozen=True)
class WatchEntry:
    """A PlaceWatch row without its place object: small enough to cache."""

    place_pk: int
    last_inspected: datetime.date | None
    next_due: datetime.date
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def watch_summary(community: Community, today: datetime.date) -> list[WatchEntry]:
    """WatchEntry of every high-risk place, in watch order: counted over every inspection, so
    cached until the community's records change."""
    from safecommunity.summaries import cached

    def compute() -> list[WatchEntry]:
        return [
            WatchEntry(row.place.pk, row.last_inspected, row.next_due, row.overdue_days)
            for row in place_watch(high_risk_places(community), today)
        ]

    return cached(community, "hazards-place-watch", compute)


def watch_rows(community: Community, entries: Iterable[WatchEntry]) -> list[PlaceWatch]:
    """PlaceWatch rows for some entries of ``watch_summary`` (a page): one query."""
    found = places(community).in_bulk([entry.place_pk for entry in entries])
    return [
        PlaceWatch(found[e.place_pk], e.last_inspected, e.next_due, e.overdue_days)
        for e in entries
        if e.place_pk in found
    ]


def overdue_places(community: Community, today: datetime.date) -> list[PlaceWatch]:
    return [row for row in place_watch(high_risk_places(community), today) if row.overdue]


def project_inspections_by_group(community: Community, types: Iterable[str]) -> QuerySet:
    """Working groups with their latest project inspection (ongoing / after completion)."""
    return (
        Inspection.objects.filter(community=community, inspection_type__in=types)
        .values("working_group__id", "working_group__name")
        .annotate(last=Max("date"), count=Count("pk"))
        .order_by("working_group__name")
    )


# Figures --------------------------------------------------------------------------------------


def danger_summary(community: Community, today: datetime.date) -> dict[str, int]:
    base = HiddenDanger.objects.filter(community=community)
    return base.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status=DangerStatus.CLOSED)),
        overdue=Count("pk", filter=Q(deadline__lt=today, status__in=DEADLINE_RUNNING_STATUSES)),
        awaiting_reinspection=Count("pk", filter=Q(status=DangerStatus.RECTIFIED)),
        closed=Count("pk", filter=Q(status=DangerStatus.CLOSED)),
    )


# Escalation of hidden dangers -----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineStep:
    """One step of a danger's escalation timeline: done (with its date) or still to come."""

    day: datetime.date | None
    label: str
    note: str = ""
    done: bool = True
    late: bool = False


def escalation_timeline(
    danger: HiddenDanger, events: Iterable[DangerEvent], today: datetime.date
) -> list[TimelineStep]:
    """The danger's deadline and escalation steps in date order, with the next step still due.

    ``events`` are the danger's DangerEvents (already loaded for the history list): the steps
    taken are read from them, so the timeline and the history agree.
    """
    from django.utils.translation import gettext as _

    from . import escalation as policy
    from .choices import ESCALATION_ACTIONS, DangerAction, DangerGrade, EscalationLevel

    steps = []
    if danger.deadline:
        overdue = danger.is_overdue(today)
        steps.append(
            TimelineStep(
                danger.deadline,
                _("整改期限"),
                _("已逾期 %(days)d 天") % {"days": (today - danger.deadline).days}
                if overdue
                else "",
                done=danger.deadline <= today or not danger.is_open,
                late=overdue,
            )
        )
    for event in events:
        if event.action in ESCALATION_ACTIONS:
            steps.append(
                TimelineStep(
                    timezone.localtime(event.at).date(), event.get_action_display(), event.note
                )
            )
    if danger.is_listed and danger.supervision_deadline:
        steps.append(
            TimelineStep(
                danger.supervision_deadline,
                _("督办期限"),
                danger.supervised_by,
                done=False,
                late=danger.supervision_overdue(today),
            )
        )
    if danger.grade == DangerGrade.GENERAL and danger.status in DEADLINE_RUNNING_STATUSES:
        if danger.escalation_level == EscalationLevel.NONE and danger.deadline:
            steps.append(
                TimelineStep(
                    policy.office_due_on(danger),
                    str(DangerAction.ESCALATE_OFFICE.label),
                    _("逾期未整改将升级"),
                    done=False,
                )
            )
        elif danger.escalation_level == EscalationLevel.OFFICE and danger.escalated_on:
            steps.append(
                TimelineStep(
                    policy.leadership_due_on(danger.escalated_on),
                    str(DangerAction.ESCALATE_LEADERSHIP.label),
                    _("仍未整改将升级"),
                    done=False,
                )
            )
    steps.sort(key=lambda step: (step.day or datetime.date.max, not step.done))
    return steps


# One member's work (the home page's to-do lists) ----------------------------------------------

# Roles that may re-inspect any hidden danger of their community; besides them, the leaders of
# the danger's working group and the person designated on the danger (``reinspector``).
# services.dangers.may_reinspect() is the rule for one danger; reinspections_for() the same rule
# as a query.
REINSPECT_ROLES = frozenset({Role.OFFICE, Role.MEMBER})


def _mine(community: Community, user: User) -> Q:
    """Dangers the user answers for: his working groups' and those naming him as 责任人."""
    from committee.models import Member

    names = Member.objects.filter(community=community, user=user).values("name")
    return Q(working_group__in=led_groups(user, community).values("pk")) | Q(
        responsible_person__in=names
    )


def rectifications_of(community: Community, user: User) -> QuerySet[HiddenDanger]:
    """Open dangers the user's groups (or he by name) must rectify, the earliest deadline first."""
    return (
        HiddenDanger.objects.filter(community=community, status__in=DEADLINE_RUNNING_STATUSES)
        .filter(_mine(community, user))
        .order_by("deadline", "pk")
    )


def reinspections_for(community: Community, membership: Membership) -> QuerySet[HiddenDanger]:
    """Rectified dangers waiting on this member's re-inspection: all of them for the office and
    committee members, his groups' for a leader, and those he is designated for; never his own
    rectification (four eyes)."""
    if membership.role in (Role.REVIEWER, Role.REPORTER):
        return HiddenDanger.objects.none()
    user = membership.user
    rectified = HiddenDanger.objects.filter(community=community, status=DangerStatus.RECTIFIED)
    if membership.role not in REINSPECT_ROLES:
        mine = Q(reinspector=user)
        if membership.role == Role.LEADER:
            mine |= Q(working_group__in=led_groups(user, community).values("pk"))
        rectified = rectified.filter(mine)
    return rectified.exclude(rectified_by=user).order_by("rectified_on", "pk")


def inspection_plans_of(
    community: Community, user: User, today: datetime.date
) -> QuerySet[InspectionPlan]:
    """Inspection plans not done yet that a group the user leads carries, the soonest first."""
    return (
        InspectionPlan.objects.filter(
            community=community,
            working_group__in=led_groups(user, community).values("pk"),
            end_date__gte=today - datetime.timedelta(days=30),
        )
        .exclude(status=PlanStatus.DONE)
        .order_by("start_date", "pk")
    )


def inspections_recorded_by(
    community: Community, user: User, today: datetime.date, days: int = 30
) -> QuerySet[Inspection]:
    """Inspections the user recorded in the last ``days`` days, the newest first."""
    return Inspection.objects.filter(
        community=community, recorded_by=user, date__gte=today - datetime.timedelta(days=days)
    ).order_by("-date", "-pk")


# Inspection schedules (检查排程) ---------------------------------------------------------------


def checklists(community: Community) -> QuerySet[ChecklistTemplate]:
    return (
        ChecklistTemplate.objects.filter(community=community)
        .select_related("community")
        .annotate(item_count=Count("items"))
        .order_by("name", "pk")
    )


def schedules(community: Community) -> QuerySet[InspectionSchedule]:
    return (
        InspectionSchedule.objects.filter(community=community)
        .select_related("community", "checklist", "working_group")
        .annotate(place_count=Count("places", distinct=True))
        .order_by("title", "pk")
    )


def occurrences(community: Community) -> QuerySet[ScheduledInspection]:
    return ScheduledInspection.objects.filter(community=community).select_related(
        "community", "schedule", "place", "inspection"
    )


def occurrences_of(community: Community, membership: Membership) -> QuerySet:
    """The due inspections this member is to do: his schedules' (he is on the team) and, for a
    leader, those of the groups he leads. Office staff are responsible for all of them."""
    queryset = occurrences(community)
    if membership.role == Role.OFFICE:
        return queryset
    condition = Q(schedule__team=membership.user)
    if membership.role == Role.LEADER:
        from safecommunity.tenancy import editable_group_ids

        condition |= Q(schedule__working_group__in=editable_group_ids(membership) or [])
    ids = ScheduledInspection.objects.filter(condition, community=community).values("pk")
    return queryset.filter(pk__in=ids)


def open_occurrences(
    queryset: QuerySet[ScheduledInspection], today: datetime.date, days_ahead: int = 7
) -> QuerySet[ScheduledInspection]:
    """Due inspections to do: missed ones not yet done and those due within ``days_ahead``."""
    return queryset.filter(
        Q(status=OccurrenceStatus.MISSED)
        | Q(status=OccurrenceStatus.DUE, due_date__lte=today + datetime.timedelta(days=days_ahead))
    ).order_by("due_date", "pk")


@dataclass
class ScheduleFigures:
    due: int  # due inspections whose day has come, in the last 12 months
    done_on_time: int
    done_late: int
    missed: int
    pending: int  # due today (or within the grace days), not done yet

    @property
    def closed(self) -> int:
        return self.due - self.pending

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.done_on_time / self.closed) if self.closed else None


def schedule_figures(
    community: Community, today: datetime.date, grace_days: int = 0
) -> ScheduleFigures:
    """Due / done on time / done late / missed due inspections of the last 12 months (one query)."""
    year_ago = today - datetime.timedelta(days=365)
    rows = ScheduledInspection.objects.filter(
        community=community, due_date__gt=year_ago, due_date__lte=today
    )
    grace = datetime.timedelta(days=grace_days)
    on_time = Q(status=OccurrenceStatus.DONE, done_on__lte=F("due_date") + grace)
    counts = rows.aggregate(
        due=Count("pk"),
        done_on_time=Count("pk", filter=on_time),
        done_late=Count("pk", filter=Q(status=OccurrenceStatus.DONE) & ~on_time),
        missed=Count("pk", filter=Q(status=OccurrenceStatus.MISSED)),
        pending=Count("pk", filter=Q(status=OccurrenceStatus.DUE)),
    )
    return ScheduleFigures(**counts)
