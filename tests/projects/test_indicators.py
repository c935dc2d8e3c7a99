"""Objectives against targets: actual values computed where we hold the data, hand-checked."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from committee.models import PopulationYear
from projects.choices import IndicatorKind, Progress
from projects.indicators import IndicatorSource, evaluate, expected_value
from projects.models import ObjectiveValue

from .factories import ObjectiveFactory, SurveyFactory

pytestmark = pytest.mark.django_db

MID_2025 = datetime.date(2025, 6, 1)


def manual(cast, value, *, baseline="40", target="100", direction="higher"):
    objective = ObjectiveFactory(
        community=cast.community,
        baseline_value=Decimal(baseline),
        baseline_year=2024,
        target_value=Decimal(target),
        target_year=2026,
        direction=direction,
    )
    if value is not None:
        ObjectiveValue.objects.create(
            community=cast.community, objective=objective, year=2025, value=Decimal(value)
        )
    return evaluate(objective, IndicatorSource(cast.community, today=MID_2025))


def test_expected_value_is_the_straight_line_from_baseline_to_target(cast):
    objective = ObjectiveFactory.build(
        baseline_value=Decimal("40"),
        baseline_year=2024,
        target_value=Decimal("100"),
        target_year=2027,
    )
    assert [expected_value(objective, y) for y in (2024, 2025, 2026, 2027, 2030)] == [
        Decimal("40"),
        Decimal("60.00"),
        Decimal("80.00"),
        Decimal("100"),
        Decimal("100"),
    ]


@pytest.mark.parametrize(
    ("value", "progress"),
    [
        ("65", Progress.BEHIND),
        ("70", Progress.ON_TRACK),
        ("72", Progress.ON_TRACK),
        ("100", Progress.ACHIEVED),
        (None, Progress.NO_DATA),
    ],
)
def test_manual_objective_higher_is_better(cast, value, progress):
    # Baseline 40 (2024) → target 100 (2026): the line passes 70 in 2025.
    assert manual(cast, value).progress == progress


@pytest.mark.parametrize(
    ("value", "progress"),
    [("58", Progress.ON_TRACK), ("64", Progress.BEHIND), ("0", Progress.ACHIEVED)],
)
def test_manual_objective_lower_is_better(cast, value, progress):
    # Baseline 126 (2024) → target 0 (2026): the line passes 63 in 2025.
    evaluation = manual(cast, value, baseline="126", target="0", direction="lower")
    assert evaluation.progress == progress
    assert evaluation.latest.expected == Decimal("63.00")


def test_rows_show_the_baseline_then_each_year_up_to_today(cast):
    evaluation = manual(cast, "72")
    assert [(r.year, r.value, r.judged) for r in evaluation.rows] == [
        (2024, Decimal("40"), False),
        (2025, Decimal("72"), True),
    ]


def test_awareness_and_coverage_pool_the_years_surveys(cast):
    # Two surveys of 10,000 residents in 2025: 2,400 of 3,000 and 900 of 1,000 aware.
    SurveyFactory(
        community=cast.community,
        date=datetime.date(2025, 3, 1),
        population=10000,
        sample_size=3000,
        aware_count=2400,
    )
    SurveyFactory(
        community=cast.community,
        date=datetime.date(2025, 9, 1),
        population=10000,
        sample_size=1000,
        aware_count=900,
        safety_area="fire",
    )
    SurveyFactory(
        community=cast.community,
        date=datetime.date(2024, 9, 1),
        population=10000,
        sample_size=100,
        aware_count=10,
    )  # another year: ignored
    source = IndicatorSource(cast.community, today=datetime.date(2025, 12, 1))
    assert source.survey_figures(2025) == (Decimal("82.5"), Decimal("20.0"))
    assert source.survey_figures(2025, "fire") == (Decimal("90.0"), Decimal("10.0"))

    awareness = ObjectiveFactory(
        community=cast.community,
        indicator_kind=IndicatorKind.AWARENESS_RATE,
        baseline_value=Decimal("60"),
        baseline_year=2024,
        target_value=Decimal("90"),
        target_year=2026,
    )
    evaluation = evaluate(awareness, source)
    assert evaluation.latest.value == Decimal("82.5")
    assert evaluation.progress == Progress.ON_TRACK  # the line passes 75 in 2025
    coverage = ObjectiveFactory(
        community=cast.community,
        indicator_kind=IndicatorKind.SURVEY_COVERAGE,
        baseline_value=Decimal("10"),
        baseline_year=2024,
        target_value=Decimal("50"),
        target_year=2026,
    )
    evaluation = evaluate(coverage, source)
    assert evaluation.latest.value == Decimal("20.0")
    assert evaluation.progress == Progress.BEHIND  # the line passes 30 in 2025


def test_injury_rate_comes_from_injury_cards_and_is_judged_on_complete_years(cast):
    from tests.injuries.factories import InjuryCardFactory

    year = timezone.localdate().year - 1
    for sex, count in (("1", 400), ("2", 600)):
        PopulationYear.objects.create(
            community=cast.community, year=year, sex=sex, age_group="65+", count=count
        )
    unit_card = InjuryCardFactory(
        community=cast.community, age=72, cause=3, injury_at=_at(year, 2, 1)
    )
    for month in range(3, 9):  # six more falls of people over 65
        InjuryCardFactory(
            community=cast.community,
            reporting_unit=unit_card.reporting_unit,
            age=70 + month,
            cause=3,
            injury_at=_at(year, month, 10),
        )
    # Not counted: a fall of a 40-year-old, and a 65+ burn.
    InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit_card.reporting_unit,
        age=40,
        cause=3,
        injury_at=_at(year, 4, 4),
    )
    InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit_card.reporting_unit,
        age=80,
        cause=7,
        nature=5,
        injury_at=_at(year, 5, 5),
    )

    objective = ObjectiveFactory(
        community=cast.community,
        indicator_kind=IndicatorKind.INJURY_RATE,
        age_group="65+",
        injury_cause=3,
        baseline_value=Decimal("9.0"),
        baseline_year=year - 1,
        target_value=Decimal("6.0"),
        target_year=year + 1,
        unit="‰",
        direction="lower",
    )
    evaluation = evaluate(objective)
    row = evaluation.rows[1]
    assert (row.year, row.value, row.expected, row.judged) == (
        year,
        Decimal("7.0"),
        Decimal("7.50"),
        True,
    )  # 7 falls per 1,000 people over 65
    assert evaluation.progress == Progress.ON_TRACK
    today = timezone.localdate()
    # This year is judged only once it is over (on 31 December).
    assert evaluation.rows[2].judged is ((today.month, today.day) == (12, 31))


def _at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))
