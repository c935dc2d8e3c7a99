"""The injury statistics are computed once per community and data version: a warm page or API
request reads no card, and a new, changed, deleted or imported card shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injuries.choices import Cause
from injuries.models import InjuryCard
from injuries.resources import import_cards
from safecommunity.importing import load_dataset
from tests.api.conftest import issue

from .factories import InjuryCardFactory, ReportingUnitFactory
from .test_import import GOOD, csv_bytes

pytestmark = pytest.mark.django_db

CARD_TABLE = InjuryCard._meta.db_table


@pytest.fixture
def unit(cast):
    return ReportingUnitFactory(community=cast.community, name="区人民医院", code="H01")


@pytest.fixture
def api(cast):
    from rest_framework.test import APIClient

    client = APIClient()
    _token, secret = issue(cast.community, user=cast.users["office"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def page(cast, query=""):
    url = reverse("injuries:stats", kwargs={"community": cast.community.slug})
    return cast.client_for("office").get(url + query)


def api_total(api, query=None):
    response = api.get("/api/v1/injury-statistics/", query or {})
    assert response.status_code == 200, response.json()
    return response.json()["total"]


def card_queries(ctx):
    return [q["sql"] for q in ctx.captured_queries if CARD_TABLE in q["sql"]]


def test_a_warm_page_reads_no_card(cast, unit):
    InjuryCardFactory.create_batch(2, community=cast.community, reporting_unit=unit)
    assert page(cast).context["figures"]["total"] == 2
    with CaptureQueriesContext(connection) as ctx:
        response = page(cast)
    assert response.context["figures"]["total"] == 2
    assert card_queries(ctx) == []
    assert "<svg" in response.content.decode()  # the cached tables and charts are on the page


def test_a_warm_api_request_reads_no_card(cast, unit, api):
    InjuryCardFactory(community=cast.community, reporting_unit=unit)
    assert api_total(api) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert api_total(api) == 1
    assert card_queries(ctx) == []


def test_page_and_api_follow_a_new_changed_and_deleted_card(cast, unit, api):
    card = InjuryCardFactory(community=cast.community, reporting_unit=unit, cause=Cause.FALL)
    assert page(cast).context["figures"]["total"] == 1
    assert api_total(api) == 1

    InjuryCardFactory(community=cast.community, reporting_unit=unit, cause=Cause.FALL)
    assert page(cast).context["figures"]["total"] == 2
    assert api_total(api) == 2

    card.cause = Cause.MOTOR_VEHICLE
    card.save()
    stats = page(cast).context["stats"]
    assert stats.series["cause"] == {Cause.FALL: 1, Cause.MOTOR_VEHICLE: 1}
    rows = api.get("/api/v1/injury-statistics/").json()["tables"]["cause"]["rows"]
    assert [row[1] for row in rows if row[0] == "机动车车祸"] == [1]

    card.delete()
    assert page(cast).context["figures"]["total"] == 1
    assert api_total(api) == 1


def test_page_and_api_follow_an_import(cast, unit, api):
    year = "?start=2025-01-01&end=2025-12-31"
    assert page(cast, year).context["figures"]["total"] == 0
    assert api_total(api, {"start": "2025-01-01", "end": "2025-12-31"}) == 0

    report = import_cards(cast.community, load_dataset(csv_bytes(GOOD), "cards.csv"))
    assert report.committed, report.problems

    response = page(cast, year)
    assert response.context["figures"]["total"] == 3
    assert api_total(api, {"start": "2025-01-01", "end": "2025-12-31"}) == 3


def test_filters_and_periods_are_cached_apart(cast, unit):
    InjuryCardFactory(community=cast.community, reporting_unit=unit, sex="1")
    InjuryCardFactory(community=cast.community, reporting_unit=unit, sex="2")
    assert page(cast).context["figures"]["total"] == 2
    assert page(cast, "?sex=1").context["figures"]["total"] == 1
    assert page(cast, "?sex=2").context["figures"]["total"] == 1
    assert page(cast, "?start=2000-01-01&end=2000-12-31").context["figures"]["total"] == 0


def test_another_communitys_card_leaves_the_cache(cast, unit):
    InjuryCardFactory(community=cast.community, reporting_unit=unit)
    page(cast)
    other = ReportingUnitFactory(community=cast.other)
    InjuryCardFactory(community=cast.other, reporting_unit=other)
    with CaptureQueriesContext(connection) as ctx:
        assert page(cast).context["figures"]["total"] == 1
    assert card_queries(ctx) == []
