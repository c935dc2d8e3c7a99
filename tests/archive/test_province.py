"""Province scale: the ranking figures' cache, the per-community report fan-out and the
``seed_demo --scale province`` generator (that one on PostgreSQL only)."""

import datetime

import pytest
from celery.signals import task_prerun
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from archive import demo_province, ranking
from archive.choices import JobState, ReportKind
from archive.models import Report
from archive.services import reports
from archive.services.region_reports import queue_region_reports, region_report_progress
from committee.models import Community, Region
from hazards.choices import DangerStatus
from tests.factories import CommunityFactory, region
from tests.hazards.factories import HiddenDangerFactory

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the generator loads with PostgreSQL's COPY; the suite runs on SQLite here",
)


def county_communities():
    return Community.objects.filter(region__code__startswith="330106")


def overdue_danger(community):
    return HiddenDangerFactory(
        community=community,
        status=DangerStatus.ORDERED,
        deadline=timezone.localdate() - datetime.timedelta(days=2),
    )


def test_ranking_figures_are_cached_until_a_community_of_the_region_changes(
    cast, django_assert_num_queries
):
    today = timezone.localdate()
    ranking.rank_communities(Community.objects.all(), today=today)
    with django_assert_num_queries(1):  # the communities with their data versions, no figure
        rows = ranking.rank_communities(Community.objects.all(), today=today)
    assert {row.community.slug: row.overdue for row in rows} == {"xingfu": 0, "pingan": 0}

    overdue_danger(cast.community)  # saved through the ORM: bumps xingfu's data version
    rows = ranking.rank_communities(Community.objects.all(), today=today)
    assert {row.community.slug: row.overdue for row in rows} == {"xingfu": 1, "pingan": 0}


def test_a_change_in_another_county_keeps_this_countys_cached_figures(
    cast, django_assert_num_queries
):
    today = timezone.localdate()
    ranking.rank_communities(county_communities(), today=today)
    overdue_danger(cast.other)  # 平安镇 lies in 330110, not in 330106
    with django_assert_num_queries(1):
        rows = ranking.rank_communities(county_communities(), today=today)
    assert [row.community.slug for row in rows] == ["xingfu"]


def test_ranking_cache_is_per_day(cast):
    today = timezone.localdate()
    danger = overdue_danger(cast.community)
    danger.deadline = today
    danger.save()
    assert ranking.rank_communities(county_communities(), today=today)[0].overdue == 0
    tomorrow = today + datetime.timedelta(days=1)
    assert ranking.rank_communities(county_communities(), today=tomorrow)[0].overdue == 1


def test_province_ranking_pages_a_thousand_communities(cast, monkeypatch):
    monkeypatch.setattr("archive.views.region.RANKING_PAGE", 1)
    client = cast.client_for("province_reviewer")
    first = client.get(reverse("regions:detail", args=["330000"]), {"sort": "name"})
    second = client.get(reverse("regions:detail", args=["330000"]), {"sort": "name", "page": 2})
    assert [row.community.name for row in first.context["rows"]] == ["平安镇"]
    assert [row.community.name for row in second.context["rows"]] == ["幸福街道"]
    assert first.context["total"] == 2 and "page=2" in first.text and "sort=name" in first.text


@pytest.fixture
def started_tasks():
    started = []

    def record(sender=None, args=None, **kwargs):
        started.append((sender.name, tuple(args or ())))

    task_prerun.connect(record, weak=False)
    yield started
    task_prerun.disconnect(record)


def test_region_reports_fan_out_one_task_per_community(cast, started_tasks):
    CommunityFactory(name="东湖街道", region=region("330106002"))
    province = Region.objects.get(code="330000")
    period = reports.last_finished_period(ReportKind.MONTHLY, timezone.localdate())

    ids = queue_region_reports(region=province, kind=ReportKind.MONTHLY, period=period)

    assert len(ids) == 3
    assert sorted(started_tasks) == sorted(("archive.tasks.generate_report", (pk,)) for pk in ids)
    assert sorted(Report.objects.filter(pk__in=ids).values_list("community__name", flat=True)) == [
        "东湖街道",
        "平安镇",
        "幸福街道",
    ]
    progress = region_report_progress(region=province, kind=ReportKind.MONTHLY, period=period)
    assert progress == {JobState.DONE: 3}
    # Idempotent: what is done is not sent again.
    assert queue_region_reports(region=province, kind=ReportKind.MONTHLY, period=period) == []


def test_region_reports_task_sends_only_the_regions_communities(cast, started_tasks):
    from archive.tasks import region_reports

    ids = region_reports.delay("330106", ReportKind.MONTHLY, timezone.localdate().isoformat()).get()
    reported = Report.objects.filter(pk__in=ids).values_list("community__slug", flat=True)
    assert list(reported) == ["xingfu"]
    assert [name for name, _args in started_tasks].count("archive.tasks.generate_report") == 1


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'", reason="checks the refusal on a non-PostgreSQL database"
)
def test_seed_demo_province_refuses_sqlite(db, capsys):
    with pytest.raises(SystemExit):
        call_command("seed_demo", scale="province")
    assert "--scale province needs PostgreSQL" in capsys.readouterr().err
    assert not Community.objects.exists()


def table_indexes(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s", [model._meta.db_table]
        )
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [model._meta.db_table],
        )
        return names | {row[0] for row in cursor.fetchall()}


@postgresql_only
def test_province_generator_at_a_tiny_scale(db, client):
    from hazards.models import Hazard, HiddenDanger
    from injuries.models import InjuryCard

    size = demo_province.Size(
        cities=2,
        counties_per_city=2,
        communities_per_county=3,
        cards=600,
        hazards_per_community=4,
        dangers_per_community=5,
    )
    indexes_before = table_indexes(InjuryCard)
    demo_province.seed(size=size, log=lambda line: None)

    assert Region.objects.filter(level="county").count() == 4
    assert Community.objects.count() == 12
    assert InjuryCard.objects.count() == 600
    assert Hazard.objects.count() == 48 and HiddenDanger.objects.count() == 60
    card = InjuryCard.objects.order_by("?").first()
    assert card.injury_date == timezone.localtime(card.injury_at).date()
    assert card.reporting_unit.community_id == card.community_id
    assert card.visit_at >= card.injury_at
    assert table_indexes(InjuryCard) == indexes_before  # dropped for the load, rebuilt
    community = Community.objects.order_by("pk").first()
    assert client.login(
        username=demo_province.office_username(community.area_code), password="demo-pass-2026"
    )
    assert client.get(reverse("injuries:card_list", args=[community.slug])).status_code == 200
    assert client.login(username=demo_province.PROVINCE_REVIEWER, password="demo-pass-2026")
    response = client.get(reverse("regions:detail", args=[demo_province.PROVINCE_CODE]))
    assert response.context["total"] == 12
