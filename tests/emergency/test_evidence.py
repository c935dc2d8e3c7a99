"""Element 7 evidence: the home page status and the dossier/report content for a period."""

import datetime

import pytest
from django.utils import timezone

from emergency import evidence, services
from emergency.choices import DrillStatus
from hazards.services import complete_action, verify_action
from safecommunity.evidence import Period, collect_element, element_statuses
from tests.injuries.factories import AccidentFactory, InjuryCardFactory

from .factories import (
    DrillFactory,
    ParticipantFactory,
    PlanFactory,
    ResponseFactory,
    ShelterFactory,
    SupplyFactory,
    TeamFactory,
)
from .samples import png_bytes, upload

pytestmark = pytest.mark.django_db


def figures(result):
    return {f.label: f.value for f in result.figures}


def test_status_says_what_is_missing(cast):
    items = evidence.status(cast.community)
    assert [(i.label, i.count) for i in items] == [
        ("应急预案", 0),
        ("应急物资、场所与队伍", 0),
        ("应急演练", 0),
        ("应急响应记录", 0),
    ]
    assert items[0].missing == ["尚无现行有效的应急预案"]
    assert items[1].missing == ["尚无应急物资登记", "尚无应急避难场所或集合点", "尚无应急救援队伍"]
    assert items[2].missing == ["尚无应急演练记录"]
    assert {i.url_name for i in items} == {
        "emergency:plan_list",
        "emergency:supply_list",
        "emergency:drill_list",
        "emergency:response_list",
    }


def test_status_counts(cast, django_assert_max_num_queries):
    today = timezone.localdate()
    plan = PlanFactory(community=cast.community, next_review=today - datetime.timedelta(days=1))
    services.revise_plan(plan, user=None, change_summary="a", change_reason="b")  # still overdue
    other_plan = PlanFactory(community=cast.community)
    SupplyFactory(community=cast.community, expires_on=today - datetime.timedelta(days=1))
    ShelterFactory(community=cast.community)
    TeamFactory(community=cast.community)
    DrillFactory(
        community=cast.community, plan=other_plan, date=today - datetime.timedelta(days=400)
    )
    PlanFactory(community=cast.other)
    with django_assert_max_num_queries(6):
        items = evidence.status(cast.community)
    assert [i.count for i in items] == [2, 3, 1, 0]
    assert items[0].missing == ["1 项应急预案逾期未评审"]
    assert items[1].missing == ["1 项应急物资已过期"]
    assert items[2].missing == ["近一年未开展应急演练"]
    assert [i.count for i in element_statuses(cast.community)[7]] == [2, 3, 1, 0]


@pytest.fixture
def year_2025(cast):
    """A year of element 7 in cast.community, plus noise outside the period and community."""
    community = cast.community
    fire = PlanFactory(
        community=community,
        title="火灾事故应急预案",
        approved_on=datetime.date(2024, 3, 1),
        next_review=datetime.date(2025, 6, 30),
    )
    flood = PlanFactory(
        community=community,
        title="防汛防台专项应急预案",
        category="natural",
        emergency_type="flood",
        approved_on=datetime.date(2023, 5, 1),
        next_review=datetime.date(2026, 5, 1),
    )
    fire_v2 = services.revise_plan(
        fire,
        user=None,
        change_summary="调整",
        change_reason="演练发现问题",
        changes={
            "approved_on": datetime.date(2025, 8, 1),
            "next_review": datetime.date(2028, 8, 1),
        },
    )
    d1 = DrillFactory(
        community=community, plan=fire, date=datetime.date(2025, 3, 10), drill_type="tabletop"
    )
    d2 = DrillFactory(
        community=community, plan=fire_v2, date=datetime.date(2025, 9, 20), drill_type="field"
    )
    DrillFactory(
        community=community, plan=flood, date=datetime.date(2024, 12, 31)
    )  # before the period
    DrillFactory(
        community=community, plan=flood, status=DrillStatus.PLANNED, date=datetime.date(2025, 10, 1)
    )  # never held
    DrillFactory(community=cast.other, date=datetime.date(2025, 5, 5))  # another community
    ParticipantFactory(drill=d1, count=30)
    ParticipantFactory(drill=d2, count=200)
    ParticipantFactory(drill=d2, count=45)
    services.refresh_participants(d1)
    services.refresh_participants(d2)
    p1 = services.add_problem(drill=d2, user=None, description="疏散拥堵", category="evacuation")
    services.add_problem(drill=d2, user=None, description="照明不足", category="equipment")
    services.add_problem(
        drill=d1, user=None, description="通讯不畅", category="comms", raise_action=False
    )
    complete_action(p1.action, note="已增设引导员", user=cast.users["leader"])
    verify_action(p1.action, user=cast.users["office"], passed=True)
    services.add_photo(
        drill=d2, user=None, image=upload("scene.png", png_bytes()), caption="疏散现场"
    )
    SupplyFactory(
        community=community,
        kind="medical",
        purchased_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2025, 12, 1),
    )
    SupplyFactory(community=community, kind="medical")
    SupplyFactory(community=community, kind="flood")
    ShelterFactory(community=community, capacity=3000)
    ShelterFactory(community=community, capacity=500)
    TeamFactory(community=community, size=30)
    accident = AccidentFactory(
        community=community,
        kind="fire",
        deaths=0,
        injured=3,
        occurred_at=timezone.make_aware(datetime.datetime(2025, 7, 1, 14, 0)),
    )
    InjuryCardFactory(
        community=community, accident=accident, name="张三丰", injury_at=accident.occurred_at
    )
    response = ResponseFactory(
        community=community,
        title="居民楼火灾",
        category="accident",
        emergency_type="fire",
        evacuated=86,
        occurred_at=accident.occurred_at,
    )
    response.accidents.add(accident)
    ResponseFactory(
        community=community, occurred_at=timezone.make_aware(datetime.datetime(2024, 7, 1))
    )
    return Period.year(2025)


def test_collect_figures_for_the_year(cast, year_2025):
    result = evidence.collect(cast.community, 7, year_2025)
    assert figures(result) == {
        "现行应急预案": 2,
        "本期批准或修订的预案版本": 1,
        "逾期未评审的预案": 0,
        "应急物资品种": 3,
        "过期物资": 1,
        "避难场所与集合点": 2,
        "可容纳人数": 3500,
        "应急救援队伍": 1,
        "救援队员": 30,
        "本期应急演练": 2,
        "参演人次": 275,
        "演练发现问题": 3,
        "已整改闭环": 1,
        "本期应急响应": 1,
    }
    assert result.summary.startswith(
        "现行应急预案 2 项（本期批准或修订 1 项）；本期开展应急演练 2 次，参演 275 人次"
    )


def test_collect_tables_charts_photos_and_gaps(cast, year_2025):
    result = evidence.collect(cast.community, 7, year_2025)
    tables = {t.title: t for t in result.tables}
    plans = tables["应急预案（按事件类别）"]
    assert [(r[1], r[3], r[7]) for r in plans.rows] == [
        ("火灾事故应急预案", "第2版", 2),  # both drills count for the plan, across its versions
        ("防汛防台专项应急预案", "第1版", 0),
    ]
    drills = tables["应急演练"]
    assert [(r[0], r[5], r[6], r[7]) for r in drills.rows] == [
        ("2025-03-10", 30, 1, 0),
        ("2025-09-20", 245, 2, 1),
    ]
    response = tables["应急响应记录"].rows
    assert response == [["2025-07-01 14:00", "居民楼火灾", "火灾", "—", "—", 86, 1, 0, 3]]
    supplies = {r[0]: r[1:] for r in tables["应急物资与器材（按类别）"].rows}
    assert supplies["医疗急救物资"] == [2, 1, 0, 0]
    assert {c.caption for c in result.charts} >= {
        "应急预案按事件类别",
        "演练形式",
        "各月演练次数",
        "演练发现问题及整改",
    }
    assert all(c.svg.startswith("<svg") for c in result.charts)
    assert [p.caption for p in result.photos] == ["疏散现场"]
    assert any("防汛防台专项应急预案" in gap and "本期未演练" in gap for gap in result.gaps)
    assert "演练发现的问题中有 2 个尚未整改闭环。" in result.gaps
    text = repr(result)
    assert "张三丰" not in text  # never injured people's details


def test_empty_period_says_so(cast):
    result = collect_element(cast.community, 7, Period.year(2020))
    assert "本期间未开展应急演练。" in result.gaps
    assert "尚无现行有效的应急预案。" in result.gaps
