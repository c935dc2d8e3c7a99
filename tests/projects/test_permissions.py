"""Every view of the projects app × every role (and an outsider): who may open or post what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.choices import Role

# county_reviewer reads through a region assignment (answered as a reviewer); region_outsider
# reviews the other community's county only (answered as an outsider).
ROLES = [r.value for r in Role] + ["outsider", "county_reviewer", "region_outsider"]
READERS = {"office", "member", "leader", "group_member", "reviewer"}
OFFICE = {"office"}
OFFICE_LEADER = {"office", "leader"}


def expect(allowed, ok=200):
    """Allowed roles get ``ok``, other members 403, a member of another community 404."""
    result = {role: (ok if role in allowed else 403) for role in ROLES}
    result["outsider"] = result["region_outsider"] = 404
    result["county_reviewer"] = result["reviewer"]
    return result


# (url name, record attribute or None for pages without a pk, roles allowed)
GET_VIEWS = [
    ("plan_list", None, READERS),
    ("plan_create", None, OFFICE),
    ("plan_detail", "plan", READERS),
    ("plan_update", "plan", OFFICE),
    ("plan_delete", "plan", OFFICE),
    ("objective_list", None, READERS),
    ("objective_create", None, OFFICE),
    ("objective_detail", "objective", READERS),
    ("objective_update", "objective", OFFICE),
    ("objective_delete", "objective", OFFICE),
    ("project_list", None, READERS),
    ("project_create", None, OFFICE_LEADER),
    ("project_detail", "project", READERS),
    ("project_update", "project", OFFICE_LEADER),
    ("project_update", "other_project", OFFICE),
    ("project_delete", "project", OFFICE),
    ("update_create", "project", OFFICE_LEADER),
    ("update_create", "other_project", OFFICE),
    ("update_detail", "update", READERS),
    ("update_edit", "update", OFFICE_LEADER),
    ("update_edit", "other_update", OFFICE),
    ("update_delete", "update", OFFICE_LEADER),
    ("update_delete", "other_update", OFFICE),
    ("activity_list", None, READERS),
    ("activity_stats", None, READERS),
    ("activity_create", None, OFFICE_LEADER),
    ("activity_import", None, OFFICE),
    ("activity_export", None, READERS),
    ("activity_detail", "activity", READERS),
    ("activity_update", "activity", OFFICE_LEADER),
    ("activity_update", "other_activity", OFFICE),
    ("activity_delete", "activity", OFFICE),
    ("survey_list", None, READERS),
    ("survey_create", None, OFFICE),
    ("survey_detail", "survey", READERS),
    ("survey_update", "survey", OFFICE),
    ("survey_delete", "survey", OFFICE),
]


def url_for(name, community, obj=None):
    kwargs = {"community": community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"projects:{name}", kwargs=kwargs)


def _ids(value):
    return value if isinstance(value, str) else None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "attr", "allowed"), GET_VIEWS, ids=_ids)
def test_get_permission_matrix(cast, records, role, name, attr, allowed):
    obj = getattr(records, attr) if attr else None
    response = cast.client_for(role).get(url_for(name, cast.community, obj))
    assert response.status_code == expect(allowed)[role]


def _post_data(name):
    today = timezone.localdate().isoformat()
    return {
        "project_status": {"status": "evaluating"},
        "task_status": {"status": "done"},
        "objective_value": {"year": timezone.localdate().year, "value": "55"},
        "update_create": {"date": today, "percent": "50", "done": "完成护栏安装。"},
    }[name]


POST_VIEWS = [
    ("project_status", "project", OFFICE_LEADER),
    ("project_status", "other_project", OFFICE),
    ("task_status", "task", OFFICE_LEADER),
    ("task_status", "other_task", OFFICE),
    ("objective_value", "objective", OFFICE),
    ("update_create", "project", OFFICE_LEADER),
    ("update_create", "other_project", OFFICE),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "attr", "allowed"), POST_VIEWS, ids=_ids)
def test_post_permission_matrix(cast, records, role, name, attr, allowed):
    obj = getattr(records, attr)
    response = cast.client_for(role).post(url_for(name, cast.community, obj), _post_data(name))
    assert response.status_code == expect(allowed, ok=302)[role]


def test_workflow_views_refuse_get(cast, records):
    response = cast.client_for("office").get(
        url_for("project_status", cast.community, records.project)
    )
    assert response.status_code == 405


FOREIGN = [
    ("plan_detail", "foreign_plan"),
    ("plan_update", "foreign_plan"),
    ("plan_delete", "foreign_plan"),
    ("objective_detail", "foreign_objective"),
    ("objective_update", "foreign_objective"),
    ("objective_value", "foreign_objective"),
    ("project_detail", "foreign_project"),
    ("project_update", "foreign_project"),
    ("project_delete", "foreign_project"),
    ("project_status", "foreign_project"),
    ("update_create", "foreign_project"),
    ("update_detail", "foreign_update"),
    ("update_edit", "foreign_update"),
    ("update_delete", "foreign_update"),
    ("activity_detail", "foreign_activity"),
    ("activity_update", "foreign_activity"),
    ("activity_delete", "foreign_activity"),
    ("survey_detail", "foreign_survey"),
    ("survey_update", "foreign_survey"),
    ("survey_delete", "foreign_survey"),
]


@pytest.mark.parametrize(("name", "attr"), FOREIGN)
def test_foreign_pk_in_own_community_url_is_404(cast, records, name, attr):
    """Office staff of cast.community asking for another community's record under their own
    community's URL get 404: querysets are scoped, nothing leaks."""
    client = cast.client_for("office")
    url = url_for(name, cast.community, getattr(records, attr))
    response = (
        client.post(url, {"status": "done"})
        if name.endswith(("_status", "_value"))
        else (client.get(url))
    )
    assert response.status_code == 404


def test_foreign_task_status_is_404(cast, records):
    from .factories import PlanTaskFactory

    task = PlanTaskFactory(plan=records.foreign_plan)
    response = cast.client_for("office").post(
        url_for("task_status", cast.community, task), {"status": "done"}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == "pending"
