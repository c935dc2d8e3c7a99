"""Readiness of many communities at once: the county and province ranking pages (read-only).

Every figure comes from a bounded number of queries, whatever the number of communities (a
province holds about a thousand): element coverage from the apps' ``COVERAGE`` record kinds,
overdue rectifications and injury reporting months by GROUP BY, the last self-assessment score
by a subquery. Nothing here is per community.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from hazards.choices import DEADLINE_RUNNING_STATUSES
from hazards.models import HiddenDanger
from injuries.models import InjuryCard
from safecommunity.elements import Element
from safecommunity.evidence import element_coverage

from .services.assessment import latest_scores

REPORTING_MONTHS = 12


@dataclass
class CommunityReadiness:
    community: object
    covered: frozenset  # element numbers holding any record or tagged document
    overdue: int  # hidden dangers past their rectification deadline
    gap_months: int  # of the last REPORTING_MONTHS complete months, those without any card
    score: object  # archive.services.assessment.ScoreSummary or None

    @property
    def coverage(self):
        return len(self.covered)

    @property
    def elements(self):
        return [(number, number in self.covered) for number in Element.values]

    @property
    def score_percent(self):
        return self.score.percent if self.score else None


def reporting_months(today):
    """The last REPORTING_MONTHS complete calendar months before today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _step in range(REPORTING_MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return list(reversed(months))


def _overdue_subquery(today):
    late = (
        HiddenDanger.objects.filter(
            community=OuterRef("pk"), deadline__lt=today, status__in=DEADLINE_RUNNING_STATUSES
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(late[:1], output_field=IntegerField()), Value(0))


def _reported_months(communities, today):
    months = reporting_months(today)
    first_year, first_month = months[0]
    start = datetime.date(first_year, first_month, 1)
    end = datetime.date(today.year, today.month, 1)
    rows = (
        InjuryCard.objects.filter(
            community__in=communities.order_by().values("pk"),
            injury_date__gte=start,
            injury_date__lt=end,
        )
        .order_by()
        .values_list("community_id", "injury_year", "injury_month")
        .distinct()
    )
    reported = {}
    for community_id, _year, _month in rows:
        reported[community_id] = reported.get(community_id, 0) + 1
    return reported


# sort key → (what is better first, label); "-key" reverses.
SORTS = {
    "readiness": lambda row: (
        -row.coverage,
        -(row.score_percent or -1),
        row.overdue,
        row.gap_months,
        row.community.name,
    ),
    "coverage": lambda row: (-row.coverage, row.community.name),
    "overdue": lambda row: (row.overdue, row.community.name),
    "gaps": lambda row: (row.gap_months, row.community.name),
    "score": lambda row: (-(row.score_percent or -1), row.community.name),
    "name": lambda row: row.community.name,
}
DEFAULT_SORT = "readiness"


def rank_communities(communities, *, today, sort=DEFAULT_SORT):
    """[CommunityReadiness] for a Community queryset, best first by ``sort`` (see SORTS).

    An unknown sort falls back to the default; ``-<key>`` gives the reverse order.
    """
    reverse = sort.startswith("-")
    key = SORTS.get(sort.removeprefix("-"), SORTS[DEFAULT_SORT])
    listed = list(
        communities.select_related("region").annotate(overdue_dangers=_overdue_subquery(today))
    )
    covered = element_coverage(communities)
    reported = _reported_months(communities, today)
    scores = latest_scores(communities)
    rows = [
        CommunityReadiness(
            community=community,
            covered=frozenset(covered.get(community.pk, ())),
            overdue=community.overdue_dangers,
            gap_months=REPORTING_MONTHS - reported.get(community.pk, 0),
            score=scores.get(community.pk),
        )
        for community in listed
    ]
    return sorted(rows, key=key, reverse=reverse)
