"""Inspections, promotion projects and their progress updates through the API (read-only):
the community's own, filtered by date, without the people, in a bounded number of queries."""

import datetime

import pytest

from hazards.choices import CheckResult, InspectionType
from tests.hazards.factories import (
    HiddenDangerFactory,
    InspectionFactory,
    InspectionItemFactory,
    PlaceFactory,
)
from tests.projects.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 15)


def test_inspections_of_own_community_with_checklist_and_dangers(cast, tokens):
    place = PlaceFactory(community=cast.community, name="幸福菜场")
    inspection = InspectionFactory(
        community=cast.community, date=DAY, working_group=cast.group, summary="消防通道堵塞。"
    )
    inspection.places.add(place)
    InspectionItemFactory(inspection=inspection, item="消防通道", result=CheckResult.FAIL)
    InspectionItemFactory(inspection=inspection, item="灭火器", position=1)
    HiddenDangerFactory(community=cast.community, inspection=inspection)
    InspectionFactory(community=cast.other, date=DAY)
    body = tokens.client("community").get("/api/v1/inspections/").json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == inspection.pk
    assert (row["inspection_type"], row["inspection_type_label"]) == ("daily", "日常检查")
    assert row["places"] == [{"id": place.pk, "name": "幸福菜场"}]
    assert [(i["item"], i["result"]) for i in row["items"]] == [
        ("消防通道", "fail"),
        ("灭火器", "pass"),
    ]
    assert (row["failed_items"], row["danger_count"]) == (1, 1)
    assert row["working_group_name"] == "交通安全促进组"
    # No people: the inspectors' names and the recorder stay on the pages.
    assert "inspectors" not in row and "recorded_by" not in row


def test_inspections_filtered_by_date_and_type(cast, tokens):
    for offset in (0, 10, 20):
        InspectionFactory(community=cast.community, date=DAY - datetime.timedelta(days=offset))
    InspectionFactory(community=cast.community, date=DAY, inspection_type=InspectionType.HOLIDAY)
    client = tokens.client("community")
    dates = lambda **q: [  # noqa: E731
        r["date"] for r in client.get("/api/v1/inspections/", q).json()["results"]
    ]
    assert dates(date_from="2026-10-01", date_to="2026-10-10") == ["2026-10-05"]
    assert dates(date_from="2026-10-05") == ["2026-10-15", "2026-10-15", "2026-10-05"]
    assert dates(inspection_type="holiday") == ["2026-10-15"]
    assert client.get("/api/v1/inspections/", {"date_from": "soon"}).status_code == 400


def test_a_foreign_working_group_filters_like_an_unknown_one(cast, tokens):
    InspectionFactory(community=cast.community, working_group=cast.group)
    client = tokens.client("community")
    assert client.get("/api/v1/inspections/", {"working_group": cast.group.pk}).json()["count"] == 1
    for group in (cast.foreign_group.pk, 999999):
        response = client.get("/api/v1/inspections/", {"working_group": group})
        assert (response.status_code, response.json()["count"]) == (200, 0)
        response = client.get("/api/v1/projects/", {"working_group": group})
        assert (response.status_code, response.json()["count"]) == (200, 0)


def test_projects_with_progress_and_their_updates(cast, tokens):
    project = ProjectFactory(
        community=cast.community,
        working_group=cast.group,
        start_date=DAY - datetime.timedelta(days=100),
        end_date=DAY + datetime.timedelta(days=100),
    )
    other = ProjectFactory(community=cast.community, working_group=cast.other_group)
    first = ProjectUpdateFactory(
        project=project, date=DAY - datetime.timedelta(days=30), percent=20
    )
    second = ProjectUpdateFactory(project=project, date=DAY, percent=45)
    ProjectUpdateFactory(project=other, percent=10)
    ProjectUpdateFactory(project__community=cast.other, project__working_group=cast.foreign_group)
    client = tokens.client("community")
    body = client.get(f"/api/v1/projects/{project.pk}/").json()
    assert (body["title"], body["status"], body["status_label"]) == (
        project.title,
        "running",
        "实施中",
    )
    assert body["working_group_name"] == "交通安全促进组"
    assert "leader" not in body
    updates = client.get("/api/v1/project-updates/", {"project": project.pk}).json()
    assert [u["id"] for u in updates["results"]] == [second.pk, first.pk]
    assert updates["results"][0]["percent"] == 45 and "author" not in updates["results"][0]
    assert client.get("/api/v1/project-updates/").json()["count"] == 3
    dated = client.get("/api/v1/project-updates/", {"date_to": DAY - datetime.timedelta(days=1)})
    assert [u["id"] for u in dated.json()["results"]] == [first.pk]
    running = client.get("/api/v1/projects/", {"active_on": DAY}).json()
    assert project.pk in [p["id"] for p in running["results"]]
    assert client.get("/api/v1/projects/", {"status": "completed"}).json()["count"] == 0


def test_a_foreign_project_lists_no_updates(cast, tokens):
    foreign = ProjectFactory(community=cast.other, working_group=cast.foreign_group)
    ProjectUpdateFactory(project=foreign)
    response = tokens.client("community").get("/api/v1/project-updates/", {"project": foreign.pk})
    assert (response.status_code, response.json()["count"]) == (200, 0)


def _inspection(cast):
    inspection = InspectionFactory(community=cast.community, working_group=cast.group)
    inspection.places.add(PlaceFactory(community=cast.community))
    InspectionItemFactory(inspection=inspection)


def _update(cast):
    ProjectUpdateFactory(project__community=cast.community, project__working_group=cast.group)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    ("path", "make", "queries"),
    [
        # token, count, page, (places, items,) the call's audit row
        ("/api/v1/inspections/", _inspection, 6),
        ("/api/v1/projects/", _update, 4),
        ("/api/v1/project-updates/", _update, 4),
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    cast, tokens, rows, path, make, queries, django_assert_max_num_queries
):
    for _n in range(rows):
        make(cast)
    client = tokens.client("community")
    client.get(path)  # the first call also records last_used
    with django_assert_max_num_queries(queries):
        response = client.get(path, {"page_size": 100})
    assert response.json()["count"] == rows
