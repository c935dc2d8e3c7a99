"""Reads of the emergency app: querysets scoped by community with the joins their pages need,
and the small counts the home page, the reminders and the evidence take."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .choices import EXPIRY_WARNING_DAYS, DrillStatus, PlanStatus
from .models import (
    Drill,
    DrillProblem,
    EmergencyPlan,
    EmergencyResponse,
    RescueTeam,
    Shelter,
    Supply,
)
from .models.drills import CLOSED_ACTION_STATUSES

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from committee.models import Community
    from injuries.models import InjuryCard

# Plans --------------------------------------------------------------------------------------


def plans(community: Community) -> QuerySet[EmergencyPlan]:
    """Every version of every plan, with the owning group."""
    return EmergencyPlan.objects.filter(community=community).select_related(
        "working_group", "community"
    )


def live_plans(community: Community) -> QuerySet[EmergencyPlan]:
    """The one live version of each plan (history versions left out)."""
    return plans(community).exclude(status=PlanStatus.SUPERSEDED)


def current_plans(community: Community) -> QuerySet[EmergencyPlan]:
    """Plans in force (not drafts, history or abolished)."""
    return plans(community).filter(status=PlanStatus.IN_FORCE)


def plan_list(community: Community) -> QuerySet[EmergencyPlan]:
    return plans(community).order_by("category", "level", "title", "-version_no")


def held_drill_counts(community: Community, lineages: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """{lineage: drills held} over all versions of the given plans (one query for a page)."""
    rows = (
        Drill.objects.filter(
            community=community, status=DrillStatus.HELD, plan__lineage__in=list(lineages)
        )
        .values("plan__lineage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["plan__lineage"]: row["n"] for row in rows}


def plan_versions(plan: EmergencyPlan) -> QuerySet[EmergencyPlan]:
    """All versions of the plan, oldest first."""
    return (
        EmergencyPlan.objects.filter(community=plan.community, lineage=plan.lineage)
        .select_related("created_by")
        .order_by("version_no")
    )


def plan_drills(plan: EmergencyPlan) -> QuerySet[Drill]:
    """Drills of any version of the plan, newest first."""
    return (
        Drill.objects.filter(community=plan.community, plan__lineage=plan.lineage)
        .select_related("plan", "community")
        .order_by("-date", "-pk")
    )


def plans_overdue_for_review(community: Community, today: datetime.date) -> QuerySet[EmergencyPlan]:
    return (
        live_plans(community)
        .filter(status__in=[PlanStatus.IN_FORCE, PlanStatus.DRAFT], next_review__lt=today)
        .order_by("next_review")
    )


# Resources ----------------------------------------------------------------------------------


def supplies(community: Community) -> QuerySet[Supply]:
    return Supply.objects.filter(community=community).select_related("community")


def supplies_expired(community: Community, today: datetime.date) -> QuerySet[Supply]:
    return supplies(community).filter(expires_on__lt=today).order_by("expires_on")


def supplies_expiring(community: Community, today: datetime.date) -> QuerySet[Supply]:
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return supplies(community).filter(expires_on__gte=today, expires_on__lte=horizon)


def supplies_to_replace(community: Community, today: datetime.date) -> QuerySet[Supply]:
    """Expired or expiring within the warning window, soonest first."""
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return supplies(community).filter(expires_on__lte=horizon).order_by("expires_on", "pk")


def supplies_check_overdue(community: Community, today: datetime.date) -> QuerySet[Supply]:
    return supplies(community).filter(next_check_on__lt=today).order_by("next_check_on")


def shelters(community: Community) -> QuerySet[Shelter]:
    return Shelter.objects.filter(community=community).select_related("community")


def shelters_check_overdue(community: Community, today: datetime.date) -> QuerySet[Shelter]:
    return shelters(community).filter(is_active=True, next_check_on__lt=today)


def teams(community: Community) -> QuerySet[RescueTeam]:
    return (
        RescueTeam.objects.filter(community=community)
        .select_related("community", "partner")
        .annotate(volunteer_count=Count("volunteers", distinct=True))
        .order_by("kind", "name")
    )


def resource_counts(community: Community, today: datetime.date) -> dict[str, int]:
    """The figures at the top of the resources pages (a handful of COUNT queries)."""
    supply = Supply.objects.filter(community=community).aggregate(
        total=Count("pk"),
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        expiring=Count(
            "pk",
            filter=Q(
                expires_on__gte=today,
                expires_on__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
            ),
        ),
        check_overdue=Count("pk", filter=Q(next_check_on__lt=today)),
    )
    shelter = Shelter.objects.filter(community=community, is_active=True).aggregate(
        total=Count("pk"), check_overdue=Count("pk", filter=Q(next_check_on__lt=today))
    )
    teams_total = RescueTeam.objects.filter(community=community, is_active=True).count()
    return {
        "supplies": supply["total"],
        "expired": supply["expired"],
        "expiring": supply["expiring"],
        "supply_checks_overdue": supply["check_overdue"],
        "shelters": shelter["total"],
        "shelter_checks_overdue": shelter["check_overdue"],
        "teams": teams_total,
    }


def communities_with_due_resources(today: datetime.date, horizon: datetime.date) -> set[int]:
    """Ids of communities with a plan overdue for review, a supply to replace or a check overdue."""
    ids = set(
        EmergencyPlan.objects.filter(
            status__in=[PlanStatus.IN_FORCE, PlanStatus.DRAFT], next_review__lt=today
        ).values_list("community_id", flat=True)
    )
    ids |= set(
        Supply.objects.filter(Q(expires_on__lte=horizon) | Q(next_check_on__lt=today)).values_list(
            "community_id", flat=True
        )
    )
    ids |= set(
        Shelter.objects.filter(is_active=True, next_check_on__lt=today).values_list(
            "community_id", flat=True
        )
    )
    return ids


# Drills -------------------------------------------------------------------------------------


def drills(community: Community) -> QuerySet[Drill]:
    return Drill.objects.filter(community=community).select_related(
        "plan__community", "working_group", "community"
    )


def drill_list(community: Community) -> QuerySet[Drill]:
    """Drills with the number of problems found and of those closed, newest first.

    Correlated subqueries rather than joins with GROUP BY: the database can then walk the
    (community, date) index in order and count problems for the rows of the page only.
    """
    problems = DrillProblem.objects.filter(drill=OuterRef("pk")).order_by().values("drill")
    found = problems.annotate(n=Count("pk")).values("n")
    closed = (
        problems.filter(action__status__in=CLOSED_ACTION_STATUSES)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        drills(community)
        .annotate(
            problem_count=Coalesce(Subquery(found), 0),
            closed_count=Coalesce(Subquery(closed), 0),
        )
        .order_by("-date", "-pk")
    )


def drill_problems(drill: Drill) -> QuerySet[DrillProblem]:
    return DrillProblem.objects.filter(drill=drill).select_related("action").order_by("pk")


def held_drills(community: Community, start: datetime.date, end: datetime.date) -> QuerySet[Drill]:
    return drills(community).filter(status=DrillStatus.HELD, date__gte=start, date__lte=end)


# Responses ----------------------------------------------------------------------------------


def responses(community: Community) -> QuerySet[EmergencyResponse]:
    return EmergencyResponse.objects.filter(community=community).select_related(
        "plan__community", "community"
    )


def response_list(community: Community) -> QuerySet[EmergencyResponse]:
    links = EmergencyResponse.accidents.through.objects.filter(
        emergencyresponse=OuterRef("pk")
    ).order_by()
    cards = EmergencyResponse.injury_cards.through.objects.filter(
        emergencyresponse=OuterRef("pk")
    ).order_by()
    return (
        responses(community)
        .annotate(
            accident_count=Coalesce(Subquery(_count(links, "emergencyresponse")), 0),
            card_count=Coalesce(Subquery(_count(cards, "emergencyresponse")), 0),
        )
        .order_by("-occurred_at", "-pk")
    )


def _count(queryset: QuerySet, group: str) -> QuerySet:
    """A one-value subquery counting the rows of ``queryset`` per ``group``."""
    return queryset.values(group).annotate(n=Count("pk")).values("n")


def response_cards(response: EmergencyResponse) -> QuerySet[InjuryCard]:
    """Injury cards linked to the response directly or through its accidents (no personal data
    is read by the page: number, date, cause, severity, outcome)."""
    from injuries.models import InjuryCard

    return (
        InjuryCard.objects.filter(community=response.community)
        .filter(Q(emergency_responses=response) | Q(accident__emergency_responses=response))
        .distinct()
        .order_by("injury_at", "pk")
        .only("pk", "card_no", "injury_at", "cause", "severity", "outcome", "community", "accident")
        .select_related("community")
    )


def cards_by_number(
    community: Community, numbers: Iterable[str]
) -> tuple[dict[str, InjuryCard], list[str]]:
    """Injury cards of the community by the number users see (hospital card number, or
    ``SC0000123`` for cards without one). Returns ({number: card}, [unknown numbers])."""
    from injuries.models import InjuryCard

    wanted = [n.strip() for n in numbers if n.strip()]
    ids = {}
    for number in wanted:
        upper = number.upper()
        if upper.startswith("SC") and upper[2:].isdigit():
            ids[int(upper[2:])] = number
    cards = InjuryCard.objects.filter(community=community).filter(
        Q(card_no__in=wanted) | Q(pk__in=ids.keys(), card_no="")
    )
    found = {}
    for card in cards:
        if card.card_no in wanted:
            found[card.card_no] = card
        if not card.card_no and card.pk in ids:
            found[ids[card.pk]] = card
    unknown = [n for n in wanted if n not in found]
    return found, unknown
