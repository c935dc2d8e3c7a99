"""The region pages (/regions/…): who may open them, what the ranking says, and its query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import ranking
from archive.services.assessment import start_assessment
from committee.choices import Role
from hazards.choices import DangerStatus
from tests.factories import (
    CommunityFactory,
    MemberFactory,
    MembershipFactory,
    RegionReviewerFactory,
    region,
)
from tests.hazards.factories import HiddenDangerFactory
from tests.injuries.factories import InjuryCardFactory

from .factories import DocumentFactory


def detail(code):
    return reverse("regions:detail", args=[code])


def month_day(months_ago):
    """The 15th of a complete month before this one, at noon (aware)."""
    today = timezone.localdate()
    year, month = today.year, today.month - months_ago
    while month <= 0:
        year, month = year - 1, month + 12
    return timezone.make_aware(datetime.datetime(year, month, 15, 12))


def test_county_reviewer_sees_his_communities_ranked_by_coverage(cast):
    third = CommunityFactory(name="东湖街道", region=region("330106002"))
    MemberFactory(community=third)
    response = cast.client_for("county_reviewer").get(detail("330106"))
    assert response.status_code == 200
    names = [row.community.name for row in response.context["rows"]]
    assert names == ["东湖街道", "幸福街道"]  # one element covered beats none
    assert "平安镇" not in response.text
    assert reverse("community_home", args=["xingfu"]) in response.text


def test_province_reviewer_reads_every_county_below(cast):
    response = cast.client_for("province_reviewer").get(detail("330000"))
    assert {row.community.name for row in response.context["rows"]} == {"幸福街道", "平安镇"}
    children = [str(child) for child, _n in response.context["children"]]
    assert children == ["330100"]  # unnamed regions show their code
    assert cast.client_for("province_reviewer").get(detail("330106")).status_code == 200


@pytest.mark.parametrize("who", ["region_outsider", "office", "reviewer", "outsider"])
def test_region_page_of_a_region_not_reviewed_is_404(cast, who):
    assert cast.client_for(who).get(detail("330106")).status_code == 404


def test_unknown_region_is_404(cast):
    assert cast.client_for("province_reviewer").get(detail("999999")).status_code == 404


def test_superuser_reads_every_region(cast, admin_client):
    assert admin_client.get(detail("330110")).status_code == 200


def test_ranking_figures(cast):
    today = timezone.localdate()
    HiddenDangerFactory(
        community=cast.community,
        status=DangerStatus.ORDERED,
        deadline=today - datetime.timedelta(days=3),
    )
    HiddenDangerFactory(  # not yet due
        community=cast.community,
        status=DangerStatus.ORDERED,
        deadline=today + datetime.timedelta(days=3),
    )
    for months_ago in (1, 1, 2, 13):  # two months reported within the last twelve
        InjuryCardFactory(community=cast.community, injury_at=month_day(months_ago))
    DocumentFactory(community=cast.community, elements=[10, 12])
    start_assessment(community=cast.community, title="自评", date=datetime.date(2025, 1, 1))
    rows = {
        row.community.slug: row
        for row in ranking.rank_communities(cast.community.__class__.objects.all(), today=today)
    }
    ours = rows["xingfu"]
    assert ours.overdue == 1
    assert ours.gap_months == 10
    assert ours.covered == {1, 9, 10, 11, 12}  # members, cards, documents, dangers
    assert ours.score is not None and ours.score.graded == 0 and not ours.score.complete
    assert rows["pingan"].gap_months == 12 and rows["pingan"].score is None


@pytest.mark.parametrize(
    ("sort", "first"), [("overdue", "平安镇"), ("-overdue", "幸福街道"), ("name", "平安镇")]
)
def test_ranking_sorts_by_column(cast, sort, first):
    HiddenDangerFactory(
        community=cast.community,
        status=DangerStatus.REPORTED,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = cast.client_for("province_reviewer").get(detail("330000"), {"sort": sort})
    assert response.context["rows"][0].community.name == first


@pytest.mark.parametrize("count", [1, 30])
def test_region_page_queries_do_not_grow_with_communities(
    cast, django_assert_max_num_queries, count
):
    for i in range(count):
        community = CommunityFactory(region=region(f"330106{i + 100:03d}"))
        HiddenDangerFactory(
            community=community, deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
        InjuryCardFactory(community=community, injury_at=month_day(2))
        start_assessment(community=community, title="自评", date=datetime.date(2025, 1, 1))
    client = cast.client_for("county_reviewer")
    client.get(detail("330106"))  # warm the session
    # session, user, region, assignments, communities, coverage (one UNION), injury months,
    # assessments, their items, sub-regions, ancestors, switcher, unread count, session save…
    with django_assert_max_num_queries(16):
        response = client.get(detail("330106"))
    assert len(response.context["rows"]) == count + 1


def test_index_lists_the_regions_and_redirects_a_single_region(cast):
    user = cast.regions["county_reviewer"]
    response = cast.client_for("county_reviewer").get(reverse("regions:index"))
    assert response.status_code == 302 and response["Location"] == detail("330106")
    RegionReviewerFactory(user=user, region=region("330110"))
    response = cast.client_for("county_reviewer").get(reverse("regions:index"))
    assert [(str(r), n) for r, n in response.context["regions"]] == [("330106", 1), ("330110", 1)]


def test_index_ranks_the_communities_of_a_per_community_reviewer(cast):
    MembershipFactory(user=cast.users["reviewer"], community=cast.other, role=Role.REVIEWER)
    MembershipFactory(user=cast.users["reviewer"], community=CommunityFactory(), role=Role.REPORTER)
    response = cast.client_for("reviewer").get(reverse("regions:index"))
    assert {row.community.name for row in response.context["rows"]} == {"幸福街道", "平安镇"}


def test_old_overview_url_redirects_to_the_region_pages(cast):
    url = reverse("archive:region", args=[cast.community.slug])
    response = cast.client_for("reviewer").get(url)
    assert response.status_code == 302 and response["Location"] == reverse("regions:index")
    assert cast.client_for("outsider").get(url).status_code == 404


def test_beat_schedules_the_archive_task_by_its_registered_name():
    from safecommunity.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "archive.tasks.periodic_reports" in scheduled
    assert "archive.tasks.periodic_reports" in app.tasks
    assert "archive.tasks.build_dossier" in app.tasks
    assert app.tasks["archive.tasks.build_dossier"].time_limit is not None
