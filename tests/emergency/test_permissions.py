"""Every view of the emergency app × every role (and an outsider): who may open what."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from committee.choices import Role
from emergency import services

from .samples import PDF, png_bytes, upload

# county_reviewer reads through a region assignment (answered as a reviewer); region_outsider
# reviews the other community's county only (answered as an outsider).
ROLES = [r.value for r in Role] + ["outsider", "county_reviewer", "region_outsider"]
READERS = {"office", "member", "leader", "group_member", "reviewer"}
OFFICE = {"office"}
OFFICE_LEADER = {"office", "leader"}


def expect(allowed, ok=200):
    """``allowed`` roles get ``ok``, other members 403, the outsider (another community) 404."""
    result = {role: (ok if role in allowed else 403) for role in ROLES}
    result["outsider"] = result["region_outsider"] = 404
    result["county_reviewer"] = result["reviewer"]
    return result


@pytest.fixture
def objects(cast, records):
    records.plan.document.save("plan.pdf", ContentFile(PDF))
    photo = services.add_photo(
        drill=records.drill,
        user=cast.users["office"],
        image=upload("scene.png", png_bytes(), "image/png"),
    )
    return {
        "plan": records.plan,
        "supply": records.supply,
        "shelter": records.shelter,
        "team": records.team,
        "drill": records.drill,
        "other_drill": records.other_drill,
        "problem": records.problem,
        "photo": photo,
        "response": records.response,
    }


# (url name, record key or None for pages without a pk, roles allowed)
GET_VIEWS = [
    ("plan_list", None, READERS),
    ("plan_create", None, OFFICE),
    ("plan_detail", "plan", READERS),
    ("plan_update", "plan", OFFICE),
    ("plan_revise", "plan", OFFICE),
    ("plan_delete", "plan", OFFICE),
    ("plan_document", "plan", READERS),
    ("supply_list", None, READERS),
    ("supply_create", None, OFFICE),
    ("supply_import", None, OFFICE),
    ("supply_export", None, READERS),
    ("supply_detail", "supply", READERS),
    ("supply_update", "supply", OFFICE),
    ("supply_delete", "supply", OFFICE),
    ("shelter_list", None, READERS),
    ("shelter_create", None, OFFICE),
    ("shelter_export", None, READERS),
    ("shelter_detail", "shelter", READERS),
    ("shelter_update", "shelter", OFFICE),
    ("shelter_delete", "shelter", OFFICE),
    ("team_list", None, READERS),
    ("team_create", None, OFFICE),
    ("team_import", None, OFFICE),
    ("team_export", None, READERS),
    ("team_detail", "team", READERS),
    ("team_update", "team", OFFICE),
    ("team_delete", "team", OFFICE),
    ("drill_list", None, READERS),
    ("drill_create", None, OFFICE_LEADER),
    ("drill_detail", "drill", READERS),
    ("drill_update", "drill", OFFICE_LEADER),
    ("drill_update", "other_drill", OFFICE),
    ("drill_delete", "drill", OFFICE),
    ("photo_view", "photo", READERS),
    ("response_list", None, READERS),
    ("response_create", None, OFFICE),
    ("response_detail", "response", READERS),
    ("response_update", "response", OFFICE),
    ("response_delete", "response", OFFICE),
]


def url_for(name, community, obj=None):
    kwargs = {"community": community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"emergency:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "key", "allowed"), GET_VIEWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_get_permission_matrix(cast, objects, role, name, key, allowed):
    response = cast.client_for(role).get(url_for(name, cast.community, objects.get(key)))
    assert response.status_code == expect(allowed)[role]


def _today():
    return datetime.date.today().isoformat()


# POST-only steps: (url name, record key, form data, roles allowed)
POST_VIEWS = [
    ("supply_check", "supply", {"checked_on": _today(), "quantity": "18"}, OFFICE),
    ("shelter_check", "shelter", {"checked_on": _today()}, OFFICE),
    (
        "problem_add",
        "drill",
        {"description": "集合点无人清点", "category": "command", "raise_action": "on"},
        OFFICE_LEADER,
    ),
    (
        "problem_add",
        "other_drill",
        {"description": "集合点无人清点", "category": "command"},
        OFFICE,
    ),
    ("problem_raise", "problem", {}, OFFICE_LEADER),
    ("problem_delete", "problem", {}, OFFICE_LEADER),
    ("photo_add", "drill", None, OFFICE_LEADER),
    ("photo_delete", "photo", {}, OFFICE_LEADER),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "key", "data", "allowed"), POST_VIEWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_post_permission_matrix(cast, objects, role, name, key, data, allowed):
    obj = objects[key]
    if data is None:
        data = {"image": upload("scene.png", png_bytes(), "image/png"), "caption": "现场"}
    response = cast.client_for(role).post(url_for(name, cast.community, obj), data)
    assert response.status_code == expect(allowed, ok=302)[role]


@pytest.mark.parametrize("name", ["supply_check", "problem_add", "problem_raise", "photo_add"])
def test_steps_refuse_get(cast, objects, name):
    key = {
        "supply_check": "supply",
        "problem_add": "drill",
        "problem_raise": "problem",
        "photo_add": "drill",
    }[name]
    response = cast.client_for("office").get(url_for(name, cast.community, objects[key]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("plan_detail", "plan"),
        ("plan_update", "plan"),
        ("plan_revise", "plan"),
        ("plan_document", "plan"),
        ("supply_detail", "supply"),
        ("supply_update", "supply"),
        ("shelter_detail", "shelter"),
        ("team_detail", "team"),
        ("drill_detail", "drill"),
        ("drill_update", "drill"),
        ("drill_delete", "drill"),
        ("response_detail", "response"),
        ("response_update", "response"),
    ],
)
def test_foreign_community_object_in_url_is_404(cast, records, name, key):
    obj = records.foreign[key]
    response = cast.client_for("office").get(url_for(name, cast.community, obj))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("supply_check", "supply"),
        ("shelter_check", "shelter"),
        ("problem_add", "drill"),
        ("problem_raise", "problem"),
        ("problem_delete", "problem"),
        ("photo_add", "drill"),
    ],
)
def test_foreign_community_object_in_post_is_404(cast, records, name, key):
    obj = records.foreign[key]
    response = cast.client_for("office").post(url_for(name, cast.community, obj), {})
    assert response.status_code == 404


def test_foreign_photo_is_404(cast, records):
    photo = services.add_photo(
        drill=records.foreign["drill"],
        user=cast.outsider,
        image=upload("scene.png", png_bytes(), "image/png"),
    )
    client = cast.client_for("office")
    assert client.get(url_for("photo_view", cast.community, photo)).status_code == 404
    assert client.post(url_for("photo_delete", cast.community, photo)).status_code == 404
