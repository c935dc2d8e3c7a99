"""Objectives against their targets: actual values per year and on-track / behind.

Actual values come from where the data is held, so nobody retypes them:
- ``injury_rate``: injury cards per 1,000 residents (optionally one age group, safety area or
  cause), from ``injuries.selectors.rate_per_1000``. A year is judged only once it is over: a
  rate for part of a year is low because the year is short, not because prevention worked.
- ``awareness_rate`` / ``survey_coverage``: the year's awareness surveys pooled (respondents aware
  over respondents; respondents over the surveyed population), for the objective's safety area
  or, without one, all surveys;
- ``manual``: the values entered per year.

Judging (direction-aware): the latest judged value is ``achieved`` when it meets the target,
``on_track`` when it is at least as good as the straight line from baseline to target for that
year, otherwise ``behind``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .choices import Direction, IndicatorKind, Progress
from .models import AwarenessSurvey
from .models.activities import percent


@dataclass
class YearValue:
    year: int
    value: Decimal | None
    expected: Decimal | None
    judged: bool  # False for a year still running (injury rates) or before the baseline


@dataclass
class Evaluation:
    objective: object
    rows: list = field(default_factory=list)  # YearValue from baseline year to the last shown
    latest: YearValue | None = None
    progress: str = Progress.NO_DATA

    @property
    def progress_label(self):
        return Progress(self.progress).label

    @property
    def latest_value(self):
        return self.latest.value if self.latest else None


def _decimal(value):
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def expected_value(objective, year):
    """The straight line from the baseline to the target, at ``year``."""
    span = objective.target_year - objective.baseline_year
    if year <= objective.baseline_year:
        return objective.baseline_value
    if year >= objective.target_year:
        return objective.target_value
    step = (objective.target_value - objective.baseline_value) * (year - objective.baseline_year)
    return (objective.baseline_value + step / span).quantize(Decimal("0.01"))


def at_least_as_good(value, reference, direction):
    if direction == Direction.LOWER:
        return value <= reference
    return value >= reference


class IndicatorSource:
    """Where actual values come from, for one community. Reuse one instance for a page of
    objectives: surveys are read once, and injury rates are remembered per (spec, year)."""

    def __init__(self, community, today=None):
        self.community = community
        self.today = today or timezone.localdate()
        self._surveys = None
        self._rates = {}

    @property
    def surveys(self):
        if self._surveys is None:
            self._surveys = list(
                AwarenessSurvey.objects.filter(community=self.community).only(
                    "date", "safety_area", "population", "sample_size", "aware_count"
                )
            )
        return self._surveys

    def survey_figures(self, year, safety_area=""):
        """(awareness %, coverage %) of the year's surveys, pooled; (None, None) without any."""
        chosen = [
            s
            for s in self.surveys
            if s.date.year == year and (not safety_area or s.safety_area == safety_area)
        ]
        if not chosen:
            return None, None
        sample = sum(s.sample_size for s in chosen)
        aware = sum(s.aware_count for s in chosen)
        population = sum(s.population for s in chosen)
        return percent(aware, sample), percent(sample, population)

    def injury_rate(self, objective, year):
        key = (year, objective.age_group, objective.safety_area, objective.injury_cause)
        if key not in self._rates:
            try:
                from injuries.selectors import rate_per_1000
            except ImportError:  # the injuries app is not installed
                self._rates[key] = None
            else:
                self._rates[key] = _decimal(
                    rate_per_1000(
                        self.community,
                        year,
                        age_group=objective.age_group or None,
                        safety_area=objective.safety_area or None,
                        cause=objective.injury_cause,
                    )
                )
        return self._rates[key]

    def actual(self, objective, year, manual=None):
        kind = objective.indicator_kind
        if kind == IndicatorKind.INJURY_RATE:
            return self.injury_rate(objective, year)
        if kind == IndicatorKind.AWARENESS_RATE:
            return self.survey_figures(year, objective.safety_area)[0]
        if kind == IndicatorKind.SURVEY_COVERAGE:
            return self.survey_figures(year, objective.safety_area)[1]
        if manual is None:
            manual = manual_values(objective)
        return manual.get(year)

    def year_is_over(self, objective, year):
        if objective.indicator_kind == IndicatorKind.INJURY_RATE:
            return year < self.today.year or (self.today.month, self.today.day) == (12, 31)
        return year <= self.today.year


def manual_values(objective):
    """{year: value} entered for the objective (uses a prefetch of ``values`` when present)."""
    return {v.year: v.value for v in objective.values.all()}


def evaluate(objective, source=None):
    """The objective's rows from its baseline year to this year (or its target year) and where
    it stands."""
    source = source or IndicatorSource(objective.community)
    evaluation = Evaluation(objective=objective)
    last_year = min(objective.target_year, source.today.year)
    manual = manual_values(objective) if objective.indicator_kind == IndicatorKind.MANUAL else {}
    for year in range(objective.baseline_year, last_year + 1):
        if year == objective.baseline_year:
            value = objective.baseline_value  # the official figure the objective was set from
        else:
            value = source.actual(objective, year, manual)
        judged = year > objective.baseline_year and source.year_is_over(objective, year)
        row = YearValue(year, value, expected_value(objective, year), judged)
        evaluation.rows.append(row)
        if judged and value is not None:
            evaluation.latest = row
    latest = evaluation.latest
    if latest is None:
        evaluation.progress = Progress.NO_DATA
    elif at_least_as_good(latest.value, objective.target_value, objective.direction):
        evaluation.progress = Progress.ACHIEVED
    elif at_least_as_good(latest.value, latest.expected, objective.direction):
        evaluation.progress = Progress.ON_TRACK
    else:
        evaluation.progress = Progress.BEHIND
    return evaluation


def evaluate_all(objectives, community, today=None):
    """Evaluations for a list of objectives of one community, sharing one source."""
    source = IndicatorSource(community, today)
    return [evaluate(objective, source) for objective in objectives]
