"""Readiness and the self-assessment score of a community, and the per-region figures that
county and province platforms read with a region token: the archive's own computations."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from archive import ranking
from archive.models import AssessmentItem
from archive.services.assessment import assessment_result, readiness, start_assessment
from committee.models import Community, RegionReviewer
from tests.factories import CommunityFactory, region
from tests.hazards.factories import HiddenDangerFactory

from .conftest import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(cast):
    assessment = start_assessment(
        community=cast.community, title="2026年自评", date=datetime.date(2026, 6, 1)
    )
    AssessmentItem.objects.filter(assessment=assessment).update(presence="b", trace="b", effect="b")
    return assessment


def test_self_assessment_is_the_assessment_pages(cast, tokens, graded):
    body = tokens.client("community").get("/api/v1/self-assessment/").json()
    result = assessment_result(graded)
    assert body["assessment"]["title"] == "2026年自评"
    assert (body["earned"], body["maximum"]) == (105.0, 150.0) == (result.earned, result.maximum)
    assert (body["verdict"], body["verdict_label"], body["complete"]) == (
        "pass",
        "达到通过标准",
        True,
    )
    assert len(body["sections"]) == 12
    assert body["sections"][0]["earned"] == float(result.sections[0].earned)


def test_no_self_assessment_yet(tokens):
    body = tokens.client("community").get("/api/v1/self-assessment/").json()
    assert (body["assessment"], body["verdict"], body["verdict_label"]) == (
        None,
        "none",
        "尚未开展自评",
    )


def test_readiness_is_the_assessment_overview_pages(cast, tokens, graded):
    HiddenDangerFactory(community=cast.community)
    body = tokens.client("community").get("/api/v1/readiness/").json()
    rows = readiness(cast.community, assessment_result(graded))
    assert [(e["element"], e["state"], e["records"]) for e in body["elements"]] == [
        (r.element, r.state, r.records) for r in rows
    ]
    assert body["ready"] == sum(1 for r in rows if r.state == "ready")
    assert body["elements"][10]["score_percent"] == rows[10].section.percent == 70
    assert body["self_assessment"]["verdict"] == "pass"
    # The other community's readiness is its own.
    foreign = tokens.client("foreign").get("/api/v1/readiness/").json()
    assert foreign["self_assessment"]["verdict"] == "none"


def test_region_figures_are_the_region_pages_ranking(cast, tokens, graded):
    HiddenDangerFactory(
        community=cast.community, deadline=timezone.localdate() - datetime.timedelta(days=3)
    )
    today = timezone.localdate()
    county = region("330106")
    body = tokens.client("region").get("/api/v1/regions/330106/").json()
    (row,) = ranking.rank_communities(
        Community.objects.filter(region__code__startswith="330106"), today=today
    )
    assert body["region"] == {"code": "330106", "name": county.name, "level": "county"}
    assert [c["slug"] for c in body["communities"]] == ["xingfu"]  # not 平安镇 of 330110
    (figures,) = body["communities"]
    assert figures["coverage"] == row.coverage and figures["overdue"] == row.overdue == 1
    assert figures["gap_months"] == row.gap_months == 12
    assert figures["score"]["percent"] == row.score_percent == 70


def test_a_province_token_reads_both_counties_in_the_pages_order(cast):
    _token, secret = issue(
        user=cast.regions["province_reviewer"], region=region("330000"), name="省平台"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    slugs = lambda sort: [  # noqa: E731
        c["slug"]
        for c in client.get("/api/v1/regions/330000/", {"sort": sort}).json()["communities"]
    ]
    assert slugs("name") == ["pingan", "xingfu"]  # 平安镇 before 幸福街道 (by name, as the page)
    assert slugs("-name") == ["xingfu", "pingan"]
    assert client.get("/api/v1/regions/330110/").json()["communities"][0]["slug"] == "pingan"
    assert client.get("/api/v1/regions/330000/", {"sort": "size"}).status_code == 400


def test_region_figures_query_count_does_not_grow_with_communities(
    cast, tokens, django_assert_max_num_queries
):
    client = tokens.client("region")
    client.get("/api/v1/regions/330106/")
    cache.clear()  # the ranking is cached per data version: compare two cold computations
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/regions/330106/")
    for n in range(10):
        CommunityFactory(slug=f"c{n}", region=region(f"330106{n + 100:03d}"))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/regions/330106/").json()
    assert len(body["communities"]) == 11


def test_a_region_token_dies_with_its_reviewers_assignment(cast, tokens):
    client = tokens.client("region")
    assert client.get("/api/v1/regions/330106/").status_code == 200
    RegionReviewer.objects.filter(user=cast.regions["county_reviewer"]).delete()
    response = client.get("/api/v1/regions/330106/")
    assert response.status_code == 401
    assert response.json()["detail"] == "签发对象已不再评审该区域，令牌失效。"


def test_a_region_token_of_a_deactivated_reviewer_is_refused(cast, tokens):
    user = cast.regions["county_reviewer"]
    user.is_active = False
    user.save()
    assert tokens.client("region").get("/api/v1/regions/330106/").status_code == 401


def test_region_token_refusal_says_why(tokens):
    response = tokens.client("region").get("/api/v1/injury-cards/")
    assert response.status_code == 403
    assert response.json()["detail"] == "区域令牌只能用于区域汇总接口。"
    response = tokens.client("community").get("/api/v1/regions/330106/")
    assert response.json()["detail"] == "此接口需要区域令牌（由区域评审员申请）。"


def test_a_token_is_for_a_community_or_a_region_never_both(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        issue(cast.community, region=region("330106"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.issue(name="无")[0].save()


def test_command_issues_a_region_token_for_a_reviewer_of_it_only(cast):
    out = io.StringIO()
    call_command(
        "issue_api_token", "县平台", region="330106001", reviewer="county_reviewer", stdout=out
    )
    token = ApiToken.objects.get(name="县平台")
    assert (token.region.code, token.created_by.username, token.community) == (
        "330106001",
        "county_reviewer",
        None,
    )
    assert out.getvalue().strip().startswith(token.prefix)
    with pytest.raises(CommandError, match="does not review"):
        call_command("issue_api_token", "越权", region="330110", reviewer="county_reviewer")
    with pytest.raises(CommandError, match="--reviewer"):
        call_command("issue_api_token", "无人", region="330106")
    with pytest.raises(CommandError, match="no community"):
        call_command(
            "issue_api_token", "xingfu", "两者", region="330106", reviewer="county_reviewer"
        )
    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
