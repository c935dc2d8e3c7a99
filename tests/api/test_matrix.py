"""The permission matrix for the API: token kind × endpoint × whose object, one table.

Objects: a card of the hospital, a card of the other unit of the same community, a card of
the other community; a hidden danger, an inspection, a project and a project update of ours
and of the other community; regions: our county, our street, the other county, our province."""

import pytest

from api.throttling import TokenRateThrottle
from tests.hazards.factories import HiddenDangerFactory, InspectionFactory
from tests.injuries.factories import InjuryCardFactory
from tests.projects.factories import ProjectFactory, ProjectUpdateFactory

from .conftest import card

pytestmark = pytest.mark.django_db

# endpoint → (method, path template), then expected status per token kind: a community token,
# a hospital's (unit) token, the other community's token, a region token of our county.
MATRIX = [
    ("GET", "/api/v1/injury-cards/", {"community": 200, "hospital": 200, "foreign": 200}),
    (
        "GET",
        "/api/v1/injury-cards/{own_card}/",
        {"community": 200, "hospital": 200, "foreign": 404},
    ),
    (
        "GET",
        "/api/v1/injury-cards/{unit_card}/",
        {"community": 200, "hospital": 404, "foreign": 404},
    ),
    (
        "GET",
        "/api/v1/injury-cards/{foreign_card}/",
        {"community": 404, "hospital": 404, "foreign": 200},
    ),
    ("POST", "/api/v1/injury-cards/", {"community": 201, "hospital": 201, "foreign": 400}),
    (
        "GET",
        "/api/v1/reporting-units/{hospital}/",
        {"community": 200, "hospital": 200, "foreign": 404},
    ),
    ("GET", "/api/v1/reporting-units/{unit}/", {"community": 200, "hospital": 404, "foreign": 404}),
    ("GET", "/api/v1/hidden-dangers/", {"community": 200, "hospital": 403, "foreign": 200}),
    (
        "GET",
        "/api/v1/hidden-dangers/{danger}/",
        {"community": 200, "hospital": 403, "foreign": 404},
    ),
    (
        "GET",
        "/api/v1/hidden-dangers/{foreign_danger}/",
        {"community": 404, "hospital": 403, "foreign": 200},
    ),
    ("GET", "/api/v1/injury-statistics/", {"community": 200, "hospital": 403, "foreign": 200}),
    ("GET", "/api/v1/inspections/", {"community": 200, "hospital": 403, "foreign": 200}),
    (
        "GET",
        "/api/v1/inspections/{inspection}/",
        {"community": 200, "hospital": 403, "foreign": 404},
    ),
    (
        "GET",
        "/api/v1/inspections/{foreign_inspection}/",
        {"community": 404, "hospital": 403, "foreign": 200},
    ),
    ("GET", "/api/v1/projects/", {"community": 200, "hospital": 403, "foreign": 200}),
    ("GET", "/api/v1/projects/{project}/", {"community": 200, "hospital": 403, "foreign": 404}),
    (
        "GET",
        "/api/v1/projects/{foreign_project}/",
        {"community": 404, "hospital": 403, "foreign": 200},
    ),
    ("GET", "/api/v1/project-updates/", {"community": 200, "hospital": 403, "foreign": 200}),
    (
        "GET",
        "/api/v1/project-updates/{update}/",
        {"community": 200, "hospital": 403, "foreign": 404},
    ),
    (
        "GET",
        "/api/v1/project-updates/{foreign_update}/",
        {"community": 404, "hospital": 403, "foreign": 200},
    ),
    ("GET", "/api/v1/readiness/", {"community": 200, "hospital": 403, "foreign": 200}),
    ("GET", "/api/v1/self-assessment/", {"community": 200, "hospital": 403, "foreign": 200}),
    (
        "DELETE",
        "/api/v1/injury-cards/{own_card}/",
        {"community": 405, "hospital": 405, "foreign": 405},
    ),
    # Region figures: region tokens only; its own region and below, nothing beside or above.
    ("GET", "/api/v1/regions/330106/", {"region": 200}),
    ("GET", "/api/v1/regions/330106001/", {"region": 200}),
    ("GET", "/api/v1/regions/330110/", {"region": 404}),
    ("GET", "/api/v1/regions/330000/", {"region": 404}),
    ("GET", "/api/v1/regions/999999/", {"region": 404}),
]
# A region token reads nothing of one community (403); community tokens no region (403).
for _method, _path, _expected in MATRIX:
    if _path.startswith("/api/v1/regions/"):
        _expected.update(community=403, hospital=403, foreign=403)
    else:
        _expected.setdefault("region", 403)
CASES = [
    pytest.param(method, path, who, status, id=f"{who}-{method}-{path}")
    for method, path, expected in MATRIX
    for who, status in expected.items()
]


@pytest.fixture
def objects(cast, tokens):
    return {
        "own_card": InjuryCardFactory(community=cast.community, reporting_unit=tokens.hospital).pk,
        "unit_card": InjuryCardFactory(
            community=cast.community, reporting_unit=tokens.other_hospital
        ).pk,
        "foreign_card": InjuryCardFactory(
            community=cast.other, reporting_unit=tokens.foreign_unit
        ).pk,
        "hospital": tokens.hospital.pk,
        "unit": tokens.other_hospital.pk,
        "danger": HiddenDangerFactory(community=cast.community).pk,
        "foreign_danger": HiddenDangerFactory(community=cast.other).pk,
        "inspection": InspectionFactory(community=cast.community).pk,
        "foreign_inspection": InspectionFactory(community=cast.other).pk,
        "project": ProjectFactory(community=cast.community, working_group=cast.group).pk,
        "foreign_project": ProjectFactory(
            community=cast.other, working_group=cast.foreign_group
        ).pk,
        "update": ProjectUpdateFactory(
            project__community=cast.community, project__working_group=cast.group
        ).pk,
        "foreign_update": ProjectUpdateFactory(
            project__community=cast.other, project__working_group=cast.foreign_group
        ).pk,
    }


@pytest.mark.parametrize(("method", "path", "who", "status"), CASES)
def test_permission_matrix(tokens, objects, method, path, who, status):
    client = tokens.client(who)
    url = path.format(**objects)
    # The hospital's unit by name: known to our community's tokens, unknown to the foreign one.
    data = card(reporting_unit="区人民医院") if method == "POST" else None
    response = getattr(client, method.lower())(url, data, format="json")
    assert response.status_code == status, response.content


@pytest.mark.parametrize("path", [p for _m, p, _e in MATRIX])
def test_every_endpoint_needs_a_token(path, objects, client):
    assert client.get(path.format(**objects)).status_code == 401


def test_rate_limit_is_per_token(tokens, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    hospital = tokens.client("hospital")
    assert [hospital.get("/api/v1/reporting-units/").status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert tokens.client("community").get("/api/v1/reporting-units/").status_code == 200
