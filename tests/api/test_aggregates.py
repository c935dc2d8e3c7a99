"""Read-only aggregates: injury statistics (the statistics page's computation), hidden dangers,
reporting units; the OpenAPI schema and the offline documentation page."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from injuries import statistics
from safecommunity.evidence import Period
from tests.hazards.factories import HiddenDangerFactory
from tests.injuries.factories import InjuryCardFactory

pytestmark = pytest.mark.django_db


def test_statistics_are_the_pages(cast, tokens):
    InjuryCardFactory.create_batch(3, community=cast.community, reporting_unit=tokens.hospital)
    InjuryCardFactory(community=cast.other, reporting_unit=tokens.foreign_unit)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    response = tokens.client("community").get(
        "/api/v1/injury-statistics/", {"start": start, "end": today}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    page = statistics.compute(cast.community, Period(start, today))
    assert body["total"] == page.total == 3
    assert body["figures"]["admitted"] == page.figures["admitted"]
    assert body["tables"]["cause"]["rows"] == [list(r) for r in page.tables["cause"].rows]


def test_statistics_filters_and_bad_input(cast, tokens):
    InjuryCardFactory(community=cast.community, reporting_unit=tokens.hospital)
    client = tokens.client("community")
    body = client.get(
        "/api/v1/injury-statistics/", {"reporting_unit": tokens.other_hospital.pk}
    ).json()
    assert body["total"] == 0
    response = client.get("/api/v1/injury-statistics/", {"start": "not a date"})
    assert response.status_code == 400 and "start" in response.json()


def test_hidden_dangers_with_status_of_own_community_only(cast, tokens):
    ours = HiddenDangerFactory(community=cast.community)
    foreign = HiddenDangerFactory(community=cast.other)
    client = tokens.client("community")
    body = client.get("/api/v1/hidden-dangers/").json()
    assert [d["id"] for d in body["results"]] == [ours.pk]
    assert (body["results"][0]["status"], body["results"][0]["status_label"]) == (
        "reported",
        "已登记",
    )
    assert client.get(f"/api/v1/hidden-dangers/{foreign.pk}/").status_code == 404
    assert client.get("/api/v1/hidden-dangers/", {"status": "closed"}).json()["count"] == 0
    assert client.post("/api/v1/hidden-dangers/", {}, format="json").status_code == 405


@pytest.mark.parametrize("path", ["/api/v1/hidden-dangers/", "/api/v1/injury-statistics/"])
def test_hospital_tokens_read_no_aggregates(tokens, path):
    response = tokens.client("hospital").get(path)
    assert response.status_code == 403
    assert response.json()["detail"] == "报告单位的令牌只能用于伤害监测报告卡。"


def test_reporting_units_a_hospital_sees_its_own(tokens):
    names = lambda who: [  # noqa: E731
        u["name"] for u in tokens.client(who).get("/api/v1/reporting-units/").json()["results"]
    ]
    assert names("hospital") == ["区人民医院"]
    assert sorted(names("community")) == ["区人民医院", "镇卫生院"]
    assert names("foreign") == ["外区医院"]


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/injury-cards/bulk/" in text and "tokenAuth" in text


def test_schema_and_docs_are_served_without_a_token(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<script>" not in html and "<style>" not in html  # the CSP allows neither
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in docs.headers["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
