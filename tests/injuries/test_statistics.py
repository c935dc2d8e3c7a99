"""Figures the projects app and the statistics page rely on, checked by hand."""

import datetime

import pytest
from django.utils import timezone

from committee.models import PopulationYear
from injuries import selectors, statistics
from injuries.choices import Activity, BodyPart, Cause, FollowUp, Nature, Outcome, Place
from safecommunity.evidence import Period

from .factories import InjuryCardFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def card(cast, when, **fields):
    unit = fields.pop("reporting_unit", None) or ReportingUnitFactory(community=cast.community)
    return InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit,
        injury_at=when,
        visit_at=when + datetime.timedelta(hours=1),
        **fields,
    )


TRAFFIC = {
    "cause": Cause.MOTOR_VEHICLE,
    "place": Place.ROAD,
    "activity": Activity.DRIVING,
    "nature": Nature.CONTUSION,
    "body_part": BodyPart.MULTIPLE,
}


@pytest.fixture
def cards(cast):
    """2024: 2 cards; 2025: 5 cards (3 falls 65+, 2 traffic 25–44) and one in the other community."""
    unit = ReportingUnitFactory(community=cast.community)
    card(cast, at(2024, 3, 1), reporting_unit=unit)
    card(cast, at(2024, 7, 1), age=30, sex="1", reporting_unit=unit, **TRAFFIC)
    card(
        cast,
        at(2025, 1, 10),
        reporting_unit=unit,
        outcome=Outcome.ADMITTED,
        follow_up=FollowUp.CURED,
    )
    card(cast, at(2025, 1, 20), reporting_unit=unit, follow_up=FollowUp.IMPROVED)
    card(cast, at(2025, 2, 5), reporting_unit=unit, outcome=Outcome.DIED)
    card(
        cast,
        at(2025, 2, 6),
        age=30,
        sex="1",
        reporting_unit=unit,
        follow_up=FollowUp.CURED,
        **TRAFFIC,
    )
    card(cast, at(2025, 3, 31, 23), age=40, sex="1", reporting_unit=unit, **TRAFFIC)
    InjuryCardFactory(community=cast.other, injury_at=at(2025, 2, 1), visit_at=at(2025, 2, 1, 11))
    return unit


def test_count_cards_by_period_and_filters(cast, cards):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    assert selectors.count_cards(cast.community, start, end) == 5
    assert selectors.count_cards(cast.community, start, end, cause=Cause.FALL) == 3
    assert selectors.count_cards(cast.community, start, end, age_group="25-44") == 2
    assert selectors.count_cards(cast.community, start, datetime.date(2025, 3, 30)) == 4
    assert selectors.count_cards(cast.other, start, end) == 1


def test_rate_per_1000_uses_the_years_population_base(cast, cards):
    for sex, group, count in (
        ("1", "65+", 400),
        ("2", "65+", 600),
        ("1", "25-44", 1000),
        ("2", "25-44", 1000),
    ):
        PopulationYear.objects.create(
            community=cast.community, year=2025, sex=sex, age_group=group, count=count
        )
    # 5 cards / 3000 residents × 1000
    assert selectors.rate_per_1000(cast.community, 2025) == pytest.approx(1.67)
    # age-specific: 3 falls of 65+ / 1000 residents aged 65+
    assert selectors.rate_per_1000(cast.community, 2025, age_group="65+") == 3.0
    assert selectors.rate_per_1000(
        cast.community, 2025, cause=Cause.MOTOR_VEHICLE
    ) == pytest.approx(0.67)
    assert selectors.rate_per_1000(cast.community, 2025, safety_area="traffic") == pytest.approx(
        0.67
    )


def test_rate_falls_back_to_the_community_population(cast, cards):
    cast.community.population = 4000
    cast.community.save()
    assert selectors.rate_per_1000(cast.community, 2024) == 0.5  # 2 / 4000 × 1000
    assert selectors.rate_per_1000(cast.community, 2024, age_group="65+") is None  # no age base


def test_statistics_for_a_quarter(cast, cards):
    stats = statistics.compute(
        cast.community, Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    )
    assert stats.total == 5
    assert stats.series["cause"] == {Cause.FALL: 3, Cause.MOTOR_VEHICLE: 2}
    assert stats.series["age_group"] == {"65+": 3, "25-44": 2}
    assert stats.series["sex"] == {"2": 3, "1": 2}
    assert stats.series["cause_by_age"] == {
        (Cause.FALL, "65+"): 3,
        (Cause.MOTOR_VEHICLE, "25-44"): 2,
    }
    cause_table = stats.tables["cause"]
    fall = next(row for row in cause_table.rows if row[0] == "跌倒/坠落")
    assert fall[1:] == [3, 60.0]
    assert cause_table.rows[-1] == ["合计", 5, 100.0]
    figures = stats.figures
    assert (figures["admitted"], figures["admission_rate"]) == (1, 20.0)
    assert (figures["died"], figures["death_rate"]) == (1, 20.0)
    # follow-up known for 4 cards (cured, improved, died, cured): cure 2/4, improvement 1/4
    assert (
        figures["cure_rate"],
        figures["improvement_rate"],
        figures["cure_or_improvement_rate"],
    ) == (50.0, 25.0, 75.0)
    assert [n for _label, n in stats.series["monthly"]] == [2, 2, 1]


def test_year_on_year_compares_the_same_span(cast, cards):
    stats = statistics.compute(
        cast.community, Period(datetime.date(2025, 1, 1), datetime.date(2025, 7, 31))
    )
    # 2025 Jan–Jul: 5; 2024 Jan–Jul: 2 → +150 %
    assert (stats.total, stats.figures["previous_total"], stats.figures["yoy_change"]) == (
        5,
        2,
        150.0,
    )
    rows = {row[0]: row[1:] for row in stats.tables["yoy_cause"].rows}
    assert rows["跌倒/坠落"] == [3, 1, 2, 200.0]
    assert rows["机动车车祸"] == [2, 1, 1, 100.0]


def test_filters_narrow_every_table(cast, cards):
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    stats = statistics.compute(cast.community, period, sex="1")
    assert stats.total == 2
    assert stats.series["cause"] == {Cause.MOTOR_VEHICLE: 2}
    assert statistics.compute(cast.community, period, reporting_unit=cards.pk).total == 5
    assert statistics.compute(cast.community, period, age_group="65+").total == 3


def test_yearly_trend_and_age_specific_rates(cast, cards):
    PopulationYear.objects.create(
        community=cast.community, year=2025, sex="1", age_group="65+", count=500
    )
    PopulationYear.objects.create(
        community=cast.community, year=2025, sex="2", age_group="65+", count=500
    )
    stats = statistics.compute(
        cast.community, Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    )
    assert stats.series["yearly"] == [(2024, 2), (2025, 5)]
    yearly = {row[0]: row for row in stats.tables["yearly"].rows}
    assert yearly[2025][1:] == [5, 150.0, 1000, 5.0]  # 5 cards / 1000 residents
    headers = stats.tables["age_rates"].headers
    row_2025 = next(r for r in stats.tables["age_rates"].rows if r[0] == 2025)
    assert row_2025[headers.index("65岁及以上")] == 3.0
    assert row_2025[headers.index("25–44岁")] is None  # no population for that group


def test_statistics_use_grouped_queries_not_one_per_card(
    cast, cards, django_assert_max_num_queries
):
    period = Period(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    with django_assert_max_num_queries(9):
        statistics.compute(cast.community, period)
