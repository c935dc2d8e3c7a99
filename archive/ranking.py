"""Readiness of many communities at once: the county and province ranking pages (read-only).

Every figure comes from a bounded number of queries, whatever the number of communities (a
province holds about a thousand): element coverage from the apps' ``COVERAGE`` record kinds,
overdue rectifications and injury reporting months by GROUP BY, the last self-assessment score
by a subquery. Nothing here is per community.

The figures are cached (``FIGURES_TIMEOUT``) under a key made of the communities ranked and each
one's data version (``safecommunity.models``), the global version, the day and the language: a
change to any record of any of them, saved by any process, gives a new key, so a county page is
recomputed when one of its communities changes and the province page too, while the other
counties keep theirs. The versions come with the list of communities itself (one query), so a
cached page costs that query and the rendering.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.utils import translation

from hazards.choices import DEADLINE_RUNNING_STATUSES
from hazards.models import HiddenDanger
from injuries.models import InjuryCard
from safecommunity.elements import Element
from safecommunity.evidence import element_coverage
from safecommunity.models import version_annotations

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


FIGURES_TIMEOUT = 6 * 60 * 60  # a safety net only: a change gives a new key at once


def _overdue(communities, today):
    """{community id: hidden dangers past their deadline}: one GROUP BY on the status index."""
    rows = (
        HiddenDanger.objects.filter(
            community__in=communities.order_by().values("pk"),
            deadline__lt=today,
            status__in=DEADLINE_RUNNING_STATUSES,
        )
        .order_by()
        .values_list("community")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _reported_months(communities, today):
    """{community id: how many of the reporting months hold at least one card}.

    One EXISTS per community and month (an index probe each, on injury_stat_month), not a
    DISTINCT over the cards: a province holds 1.7 million cards in a year.
    """
    months = {
        f"m{year}_{month}": Exists(
            InjuryCard.objects.filter(
                community=OuterRef("pk"), injury_year=year, injury_month=month
            )
        )
        for year, month in reporting_months(today)
    }
    rows = communities.order_by().annotate(**months).values_list("pk", *months)
    return {pk: sum(held) for pk, *held in rows}


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
    listed = list(communities.select_related("region").annotate(**version_annotations()))
    figures = cached_figures(communities, listed, today)
    rows = [
        CommunityReadiness(community=community, **figures.get(community.pk, _NO_FIGURES))
        for community in listed
    ]
    return sorted(rows, key=key, reverse=reverse)


_NO_FIGURES = {"covered": frozenset(), "overdue": 0, "gap_months": REPORTING_MONTHS, "score": None}


def figures_key(listed, today):
    """The cache key of the figures of these communities (loaded with version_annotations)."""
    global_version = (listed[0].data_version_global or 0) if listed else 0
    versions = ",".join(f"{c.pk}:{c.data_version or 0}" for c in sorted(listed, key=_pk))
    digest = hashlib.sha1(versions.encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or ""
    return f"ranking:{digest}:{len(listed)}:{global_version}:{today.isoformat()}:{language}"


def _pk(community):
    return community.pk


def cached_figures(communities, listed, today):
    """{community id: CommunityReadiness fields} of ``listed``, from the cache while none of
    those communities changed (see the module docstring)."""
    key = figures_key(listed, today)
    figures = cache.get(key)
    if figures is None:
        figures = compute_figures(communities, today, [c.pk for c in listed])
        cache.set(key, figures, FIGURES_TIMEOUT)
    return figures


def compute_figures(communities, today, ids):
    """The readiness figures of a Community queryset (``ids``: its primary keys), in a bounded
    number of queries however many communities it holds."""
    covered = element_coverage(communities)
    overdue = _overdue(communities, today)
    reported = _reported_months(communities, today)
    scores = latest_scores(communities)
    return {
        pk: {
            "covered": frozenset(covered.get(pk, ())),
            "overdue": overdue.get(pk, 0),
            "gap_months": REPORTING_MONTHS - reported.get(pk, 0),
            "score": scores.get(pk),
        }
        for pk in ids
    }
