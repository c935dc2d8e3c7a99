"""Reads of injury records: scoped querysets for pages, and the figures other apps take.

``count_cards`` and ``rate_per_1000`` are the contract the projects app computes objectives'
actual values from; statistics for the statistics page live in ``statistics.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from committee.choices import Role
from committee.models import PopulationYear

from .models import Accident, InjuryCard, ReportingUnit

if TYPE_CHECKING:
    import datetime
    from collections.abc import Sequence
    from typing import Any

    from django.db.models import QuerySet

    from committee.models import Community, Membership, User


def visible_cards(community: Community, membership: Membership | None) -> QuerySet[InjuryCard]:
    """The cards a member may see: all of the community's, or a reporter's own only."""
    queryset = InjuryCard.objects.filter(community=community)
    if membership is not None and membership.role == Role.REPORTER:
        user = membership.user
        queryset = queryset.filter(Q(reporter=user) | Q(created_by=user))
    return queryset


def card_list(community: Community, membership: Membership | None) -> QuerySet[InjuryCard]:
    return visible_cards(community, membership).select_related("reporting_unit", "accident")


def card_detail_queryset(
    community: Community, membership: Membership | None
) -> QuerySet[InjuryCard]:
    return visible_cards(community, membership).select_related(
        "reporting_unit", "accident", "reporter", "created_by", "community"
    )


def units_of(community: Community) -> QuerySet[ReportingUnit]:
    return ReportingUnit.objects.filter(community=community)


def unit_list(community: Community) -> QuerySet[ReportingUnit]:
    """Units in list order; give the page's rows their counts with ``with_counts``."""
    return units_of(community).order_by("kind", "name")


def unit_counts(community: Community) -> dict[int, tuple[int, int]]:
    """{unit pk: (cards, reporters)} for all of the community's units: one query, but it counts
    every card, so cached until a record of the community changes."""
    from safecommunity.summaries import cached

    def compute() -> dict[int, tuple[int, int]]:
        cards = (
            InjuryCard.objects.filter(reporting_unit=OuterRef("pk"))
            .order_by()
            .values("reporting_unit")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        reporters = (
            ReportingUnit.reporters.through.objects.filter(reportingunit=OuterRef("pk"))
            .order_by()
            .values("reportingunit")
            .annotate(n=Count("user_id", distinct=True))
            .values("n")[:1]
        )
        rows = (
            units_of(community)
            .order_by()
            .annotate(
                n_cards=Coalesce(Subquery(cards), 0),
                n_reporters=Coalesce(Subquery(reporters), 0),
            )
            .values_list("pk", "n_cards", "n_reporters")
        )
        return {pk: (n_cards, n_reporters) for pk, n_cards, n_reporters in rows}

    return cached(community, "injuries-unit-counts", compute)


def with_counts(community: Community, units: Sequence[ReportingUnit]) -> Sequence[ReportingUnit]:
    """Set ``card_count`` and ``reporter_count`` on each unit (a page's rows)."""
    counts = unit_counts(community)
    for unit in units:
        unit.card_count, unit.reporter_count = counts.get(unit.pk, (0, 0))
    return units


def units_for_reporter(community: Community, user: User) -> QuerySet[ReportingUnit]:
    """The units a reporter enters cards for (all active units if he is linked to none)."""
    linked = units_of(community).filter(reporters=user, is_active=True)
    return linked if linked.exists() else units_of(community).filter(is_active=True)


def accident_list(community: Community) -> QuerySet[Accident]:
    return (
        Accident.objects.filter(community=community)
        .select_related("reported_by")
        .annotate(card_count=Count("cards"))
        .order_by("-occurred_at", "-pk")
    )


def reporter_users(community: Community) -> QuerySet[User]:
    """Users with the reporter role in the community (choices for a unit's reporters)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__community=community, memberships__role=Role.REPORTER)
        .distinct()
    )


def count_cards(
    community: Community, start: datetime.date, end: datetime.date, **filters: Any
) -> int:
    """Number of cards whose injury happened from ``start`` to ``end`` (dates, inclusive).

    ``filters`` are field lookups on InjuryCard, e.g. ``cause=Cause.FALL``,
    ``age_group="65+"``, ``safety_area="traffic"``, ``cause__in=[1, 2]``.
    """
    queryset = InjuryCard.objects.filter(community=community)
    if start is not None:
        queryset = queryset.filter(injury_date__gte=start)
    if end is not None:
        queryset = queryset.filter(injury_date__lte=end)
    return queryset.filter(**filters).count()


def population_base(
    community: Community, year: int, *, age_group: str | None = None, sex: str | None = None
) -> int | None:
    """Residents in the year's population base (PopulationYear cells), or None if unknown.

    Without cells for the year the community's profile population stands in for the total;
    an age- or sex-specific base has no such fallback.
    """
    cells = PopulationYear.objects.filter(community=community, year=year)
    if age_group:
        cells = cells.filter(age_group=age_group)
    if sex:
        cells = cells.filter(sex=sex)
    total = cells.aggregate(n=Sum("count"))["n"]
    if total:
        return total
    if age_group or sex:
        return None
    return community.population or None


def rate_per_1000(
    community: Community,
    year: int,
    *,
    age_group: str | None = None,
    safety_area: str | None = None,
    cause: int | None = None,
) -> float | None:
    """Cards of the year per 1,000 residents of the year's population base, or None when the
    base is unknown. ``age_group`` narrows both the cards and the base (age-specific rate)."""
    base = population_base(community, year, age_group=age_group)
    if not base:
        return None
    filters = {"injury_year": year}
    if age_group:
        filters["age_group"] = age_group
    if safety_area:
        filters["safety_area"] = safety_area
    if cause:
        filters["cause__in" if isinstance(cause, list | tuple | set) else "cause"] = cause
    count = InjuryCard.objects.filter(community=community, **filters).count()
    return round(count * 1000 / base, 2)
