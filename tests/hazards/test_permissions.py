"""Every view of the hazards app × every role (and an outsider): who may open what."""

import pytest
from django.urls import reverse

from committee.choices import Role

# county_reviewer reads through a region assignment (answered as a reviewer); region_outsider
# reviews the other community's county only (answered as an outsider).
ROLES = [r.value for r in Role] + ["outsider", "county_reviewer", "region_outsider"]


def expect(allowed, ok=200, denied=403):
    """Expected status per role: ``allowed`` roles get ``ok``, the others 403, outsiders 404."""
    result = {role: (ok if role in allowed else denied) for role in ROLES}
    result["outsider"] = result["region_outsider"] = 404
    result["county_reviewer"] = result["reviewer"]
    return result


READERS = {"office", "member", "leader", "group_member", "reviewer"}
OFFICE = {"office"}
OFFICE_LEADER = {"office", "leader"}

# (url name, record attribute or None for list pages, expected by role)
GET_VIEWS = [
    ("place_list", None, READERS),
    ("place_create", None, OFFICE),
    ("place_import", None, OFFICE),
    ("place_export", None, READERS),
    ("place_detail", "place", READERS),
    ("place_update", "place", OFFICE),
    ("place_delete", "place", OFFICE),
    ("hazard_list", None, READERS),
    ("hazard_create", None, OFFICE_LEADER),
    ("hazard_import", None, OFFICE),
    ("hazard_export", None, READERS),
    ("hazard_detail", "hazard", READERS),
    ("hazard_update", "hazard", OFFICE_LEADER),
    ("hazard_update", "other_hazard", OFFICE),
    ("hazard_delete", "hazard", OFFICE),
    ("plan_list", None, READERS),
    ("plan_create", None, OFFICE_LEADER),
    ("plan_detail", "plan", READERS),
    ("plan_update", "plan", OFFICE_LEADER),
    ("plan_delete", "plan", OFFICE),
    ("inspection_list", None, READERS),
    ("inspection_create", None, OFFICE_LEADER),
    ("inspection_detail", "inspection", READERS),
    ("inspection_update", "inspection", OFFICE_LEADER),
    ("inspection_delete", "inspection", OFFICE),
    ("monitoring", None, READERS),
    ("danger_list", None, READERS),
    ("danger_create", None, OFFICE_LEADER),
    ("danger_export", None, READERS),
    ("danger_detail", "danger", READERS),
    ("danger_update", "danger", OFFICE_LEADER),
    ("danger_update", "other_danger", OFFICE),
    ("danger_delete", "danger", OFFICE),
    ("action_list", None, READERS),
    ("action_create", None, OFFICE_LEADER),
    ("action_detail", "action", READERS),
    ("action_update", "action", OFFICE_LEADER),
    ("action_update", "other_action", OFFICE),
    ("action_delete", "action", OFFICE),
]


def url_for(name, community, obj=None):
    kwargs = {"community": community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"hazards:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "attr", "allowed"), GET_VIEWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_get_permission_matrix(cast, records, role, name, attr, allowed):
    obj = getattr(records, attr) if attr else None
    response = cast.client_for(role).get(url_for(name, cast.community, obj))
    assert response.status_code == expect(allowed)[role]


# POST-only workflow steps: (url name, record attribute, state setup, form data, allowed roles)
def _data_order():
    return {"deadline": "2099-01-01", "measures_required": "清理", "responsible_person": "张伟"}


POST_VIEWS = [
    (
        "hazard_assess",
        "hazard",
        None,
        {
            "method": "matrix",
            "likelihood": 3,
            "severity": 4,
            "assessed_on": "2026-01-05",
            "assessor": "甲",
        },
        OFFICE_LEADER,
    ),
    (
        "hazard_assess",
        "other_hazard",
        None,
        {
            "method": "matrix",
            "likelihood": 3,
            "severity": 4,
            "assessed_on": "2026-01-05",
            "assessor": "甲",
        },
        OFFICE,
    ),
    ("danger_order", "danger", None, _data_order(), OFFICE),
    (
        "danger_rectify",
        "danger",
        "ordered",
        {"note": "已整改", "rectified_on": "2099-01-01"},
        OFFICE_LEADER,
    ),
    (
        "danger_rectify",
        "other_danger",
        "ordered",
        {"note": "已整改", "rectified_on": "2099-01-01"},
        OFFICE,
    ),
    # office, committee members and the leaders of the danger's group re-inspect
    (
        "danger_reinspect",
        "danger",
        "rectified",
        {"passed": "1", "note": "合格"},
        {"office", "member", "leader"},
    ),
    (
        "danger_reinspect",
        "other_danger",
        "rectified",
        {"passed": "1", "note": "合格"},
        {"office", "member"},
    ),
    ("danger_close", "danger", "verified", {"note": ""}, OFFICE),
    # 挂牌督办 is recorded by the office only; the leader of the danger's own group may not
    (
        "danger_list_supervision",
        "danger",
        "ordered",
        {
            "supervised_by": "区安委办",
            "listed_on": "2026-01-05",
            "supervision_deadline": "2099-01-01",
        },
        OFFICE,
    ),
    ("danger_lift_supervision", "danger", "verified", {"note": "验收合格"}, OFFICE),
    ("action_start", "action", None, {}, OFFICE_LEADER),
    ("action_start", "other_action", None, {}, OFFICE),
    (
        "action_complete",
        "action",
        None,
        {"note": "完成", "completed_at": "2026-01-05"},
        OFFICE_LEADER,
    ),
    ("action_verify", "action", "done", {"passed": "1"}, OFFICE),
    ("action_close", "action", None, {"note": "撤销"}, OFFICE),
]


def _prepare(obj, state):
    import datetime

    if state is None:
        return
    obj.status = state
    if state in ("ordered", "rectified", "verified"):
        obj.deadline = datetime.date(2099, 1, 1)
    if state == "done":
        obj.completed_at = datetime.date.today()
    obj.save()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "attr", "state", "data", "allowed"),
    POST_VIEWS,
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_post_permission_matrix(cast, records, role, name, attr, state, data, allowed):
    obj = getattr(records, attr)
    _prepare(obj, state)
    response = cast.client_for(role).post(url_for(name, cast.community, obj), data)
    expected = expect(allowed, ok=302)[role]
    assert response.status_code == expected
    obj.refresh_from_db()
    if expected != 302 and state is not None:
        assert obj.status == state  # nothing changed


@pytest.mark.parametrize("name", ["danger_order", "action_start", "hazard_assess"])
def test_workflow_steps_refuse_get(cast, records, name):
    attr = {"danger_order": "danger", "action_start": "action", "hazard_assess": "hazard"}[name]
    response = cast.client_for("office").get(url_for(name, cast.community, getattr(records, attr)))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "place_detail",
        "place_update",
        "place_delete",
        "hazard_detail",
        "hazard_update",
        "hazard_assess",
        "plan_detail",
        "inspection_detail",
        "inspection_update",
        "danger_detail",
        "danger_order",
        "danger_close",
        "action_detail",
        "action_verify",
    ],
)
def test_foreign_community_object_in_url_is_404(cast, records, name):
    stem = name.split("_")[0]
    obj = records.foreign[stem]
    client = cast.client_for("office")
    url = url_for(name, cast.community, obj)
    response = (
        client.post(url, {})
        if name.split("_")[1] in ("assess", "order", "close", "verify")
        else client.get(url)
    )
    assert response.status_code == 404


def test_leader_may_edit_reported_danger_but_not_after_the_order(cast, records):
    from .conftest import ordered

    client = cast.client_for("leader")
    url = url_for("danger_update", cast.community, records.danger)
    assert client.get(url).status_code == 200
    ordered(records.danger)
    assert client.get(url).status_code == 403
    assert cast.client_for("office").get(url).status_code == 200
