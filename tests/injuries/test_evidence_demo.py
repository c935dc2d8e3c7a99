"""Evidence for the dossier (element 9), the demo seeder, and the silent-unit reminder."""

import datetime
import random

import pytest
from django.utils import timezone

from committee.models import Notification
from injuries import demo, evidence, rules, services
from injuries.models import Accident, InjuryCard, ReportingUnit
from safecommunity.evidence import Period, collect_element, element_statuses

from .factories import InjuryCardFactory, ReportingUnitFactory, days_ago

pytestmark = pytest.mark.django_db


def test_status_says_what_is_missing(cast):
    statuses = evidence.status(cast.community)
    assert [s.count for s in statuses] == [0, 0, 0]
    assert statuses[0].missing == ["尚无伤害监测报告卡"]
    assert statuses[1].missing and statuses[1].url_name == "injuries:unit_list"
    InjuryCardFactory(community=cast.community, injury_at=days_ago(200))
    statuses = evidence.status(cast.community)
    assert statuses[0].count == 1 and statuses[0].missing == ["近 3 个月没有新的伤害监测报告卡"]
    InjuryCardFactory(community=cast.community, injury_at=days_ago(3))
    assert evidence.status(cast.community)[0].missing == []
    assert element_statuses(cast.community)[9][0].count == 2


def test_status_is_a_few_count_queries(cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        evidence.status(cast.community)


def test_collect_gives_figures_tables_and_charts_without_personal_data(cast):
    unit = ReportingUnitFactory(community=cast.community)
    InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit,
        injury_at=days_ago(20),
        name="钱多多",
        phone="13700001111",
        id_number="110101195003071234",
        narrative="在钱多多家中厨房滑倒",
        address="幸福路8号",
    )
    InjuryCardFactory(community=cast.community, reporting_unit=unit, injury_at=days_ago(400))
    InjuryCardFactory(community=cast.other, injury_at=days_ago(20))
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=90), today, "近三个月")
    result = evidence.collect(cast.community, 9, period)
    figures = {f.label: f.value for f in result.figures}
    assert figures["伤害例数"] == 1 and figures["在用报告单位"] == 1
    assert result.tables and all(t.rows for t in result.tables[:3])
    assert len(result.charts) == 3 and all(c.svg.startswith("<svg") for c in result.charts)
    assert "共收到伤害监测报告卡 1 张" in result.summary
    dump = repr(result)
    for secret in ("钱多多", "13700001111", "110101195003071234", "幸福路8号", "厨房"):
        assert secret not in dump
    assert collect_element(cast.community, 9, period).figures  # composed through the registry


def test_collect_other_elements_is_empty(cast):
    assert evidence.collect(cast.community, 3, Period.year(2025)).is_empty
    assert evidence.ELEMENTS == (9,)


def test_collect_reports_gaps(cast):
    result = evidence.collect(cast.community, 9, Period.year(2020))
    assert "本期间没有伤害监测报告卡。" in result.gaps
    assert "尚未登记伤害报告单位。" in result.gaps


def test_demo_seed_small_is_realistic_and_valid(cast):
    users = dict(cast.users)
    today = timezone.localdate()
    demo.seed(
        cast.community,
        users=users,
        groups=[cast.group],
        rng=random.Random(7),
        scale="small",
        today=today,
    )
    cards = InjuryCard.objects.filter(community=cast.community)
    assert 300 <= cards.count() <= 400
    assert ReportingUnit.objects.filter(community=cast.community).count() == 6
    assert (
        Accident.objects.filter(community=cast.community, cards__isnull=False).distinct().count()
        >= 3
    )
    now = timezone.now()
    assert not [c.pk for c in cards if rules.card_errors(c, today=today, now=now)]
    assert cards.filter(is_duplicate=True).exists()
    # The demo reporter has his own cards, and his unit links him.
    reporter = cast.users["reporter"]
    assert cards.filter(reporter=reporter).exists()
    assert (
        ReportingUnit.objects.get(community=cast.community, reporters=reporter).kind == "hospital"
    )
    # Falls dominate among the elderly; traffic among 15–44.
    assert (
        cards.filter(age_group="65+", cause=3).count() > cards.filter(age_group="65+").count() / 2
    )
    assert cards.filter(age_group__in=["15-24", "25-44"], cause__in=[1, 2]).count() > 30
    first = min(c.injury_date for c in cards)
    assert (today - first).days >= 365


def test_silent_units_are_reminded_once_a_day(cast):
    hospital = ReportingUnitFactory(community=cast.community, name="区人民医院", kind="hospital")
    busy = ReportingUnitFactory(community=cast.community, name="社区卫生服务中心", kind="clinic")
    ReportingUnitFactory(community=cast.community, name="中心小学", kind="school")  # not a sentinel
    InjuryCardFactory(community=cast.community, reporting_unit=busy)
    assert services.send_silent_unit_reminders() == 1  # one office user, one silent unit
    note = Notification.objects.get(user=cast.users["office"])
    assert "区人民医院" in note.title and note.url == hospital.get_absolute_url()
    assert services.send_silent_unit_reminders() == 0  # not again today


def test_silent_unit_task_runs_the_service(cast):
    from injuries.tasks import silent_unit_reminders

    ReportingUnitFactory(community=cast.community, kind="hospital")
    assert silent_unit_reminders.delay().get() == 1
