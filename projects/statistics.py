"""Figures of publicity, education and training (element 6): activities and participants by
month, area and type, people reached as a share of the population, and survey results."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from safecommunity.elements import SafetyArea

from .choices import ActivityKind
from .models import PARTICIPANT_GROUPS, Activity, AwarenessSurvey
from .models.activities import percent


@dataclass
class ActivityStats:
    period: object
    count: int = 0
    participants: int = 0
    materials: int = 0
    population: int = 0
    months: list = field(default_factory=list)  # [(first day of month, count, participants)]
    by_area: list = field(default_factory=list)  # [(area label, count, participants)]
    by_kind: list = field(default_factory=list)  # [(kind label, count, participants)]
    by_group: list = field(default_factory=list)  # [(group label, participants)]

    @property
    def reach_share(self):
        """Participants (person-times) per 100 residents; repeat attendance counts again."""
        return percent(self.participants, self.population)


def _months(start, end):
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def activity_stats(community, period, queryset=None):
    """Activities of ``period`` (a safecommunity.evidence.Period) cut by month, area, type and
    group — five aggregate queries, however many activities there are."""
    activities = queryset if queryset is not None else Activity.objects.filter(community=community)
    activities = activities.filter(date__gte=period.start, date__lte=period.end).order_by()
    stats = ActivityStats(period=period)
    sums = {name: Sum(name) for name, _label in PARTICIPANT_GROUPS}
    totals = activities.aggregate(
        count=Count("pk"),
        participants=Sum("participants"),
        materials=Sum("materials_count"),
        **sums,
    )
    stats.count = totals["count"] or 0
    stats.participants = totals["participants"] or 0
    stats.materials = totals["materials"] or 0
    stats.by_group = [(label, totals[name] or 0) for name, label in PARTICIPANT_GROUPS]
    stats.population = community.population_for(period.end.year) or 0

    per_month = {
        (row["month"].year, row["month"].month): (row["n"], row["people"] or 0)
        for row in activities.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"), people=Sum("participants"))
    }
    stats.months = [
        (f"{year}-{month:02d}", *per_month.get((year, month), (0, 0)))
        for year, month in _months(period.start, period.end)
    ]
    areas = dict(SafetyArea.choices)
    stats.by_area = sorted(
        (
            (str(areas.get(row["safety_area"], row["safety_area"])), row["n"], row["people"] or 0)
            for row in activities.values("safety_area").annotate(
                n=Count("pk"), people=Sum("participants")
            )
        ),
        key=lambda row: -row[1],
    )
    kinds = dict(ActivityKind.choices)
    stats.by_kind = sorted(
        (
            (str(kinds.get(row["kind"], row["kind"])), row["n"], row["people"] or 0)
            for row in activities.values("kind").annotate(n=Count("pk"), people=Sum("participants"))
        ),
        key=lambda row: -row[1],
    )
    return stats


def surveys_in(community, period):
    return list(
        AwarenessSurvey.objects.filter(
            community=community, date__gte=period.start, date__lte=period.end
        ).order_by("date", "pk")
    )


def pooled_survey_result(surveys):
    """(coverage %, awareness %) of several surveys taken together, or (None, None)."""
    if not surveys:
        return None, None
    sample = sum(s.sample_size for s in surveys)
    return (
        percent(sample, sum(s.population for s in surveys)),
        percent(sum(s.aware_count for s in surveys), sample),
    )
