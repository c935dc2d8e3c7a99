"""List pages run a fixed number of queries whatever the number of rows (1 or 50)."""

import pytest
from django.urls import reverse

from emergency import services

from .factories import (
    DrillFactory,
    ParticipantFactory,
    PlanFactory,
    ResponseFactory,
    ShelterFactory,
    SupplyFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _plans(cast, n):
    for _ in range(n):
        plan = PlanFactory(community=cast.community, working_group=cast.group)
        DrillFactory(community=cast.community, plan=plan)


def _drills(cast, n):
    plan = PlanFactory(community=cast.community)
    for _ in range(n):
        drill = DrillFactory(community=cast.community, plan=plan, working_group=cast.group)
        ParticipantFactory(drill=drill)
        services.add_problem(drill=drill, user=None, description="问题", category="other")


def _responses(cast, n):
    plan = PlanFactory(community=cast.community)
    for _ in range(n):
        ResponseFactory(community=cast.community, plan=plan)


def _teams(cast, n):
    from tests.factories import VolunteerFactory

    volunteer = VolunteerFactory(community=cast.community)
    for _ in range(n):
        TeamFactory(community=cast.community).volunteers.add(volunteer)


PAGES = [
    ("plan_list", _plans),
    ("supply_list", lambda cast, n: [SupplyFactory(community=cast.community) for _ in range(n)]),
    ("shelter_list", lambda cast, n: [ShelterFactory(community=cast.community) for _ in range(n)]),
    ("team_list", _teams),
    ("drill_list", _drills),
    ("response_list", _responses),
]
MAX_QUERIES = 16


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(("name", "make"), PAGES, ids=[p[0] for p in PAGES])
def test_list_query_count_is_flat(cast, django_assert_max_num_queries, name, make, rows):
    make(cast, rows)
    client = cast.client_for("office")
    url = reverse(f"emergency:{name}", args=[cast.community.slug])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(rows, 25)
