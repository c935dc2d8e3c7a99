"""Records of the standard cast for the emergency tests: one of each kind in cast.community
(the drill owned by the leader's group, another by a group he does not lead) and in cast.other."""

from dataclasses import dataclass

import pytest

from .factories import (
    DrillFactory,
    PlanFactory,
    ProblemFactory,
    ResponseFactory,
    ShelterFactory,
    SupplyFactory,
    TeamFactory,
)


@dataclass
class Records:
    plan: object
    supply: object
    shelter: object
    team: object
    drill: object
    other_drill: object
    problem: object
    response: object
    foreign: dict


@pytest.fixture
def records(cast):
    community = cast.community
    plan = PlanFactory(community=community)
    drill = DrillFactory(community=community, plan=plan, working_group=cast.group)
    foreign_plan = PlanFactory(community=cast.other)
    foreign_drill = DrillFactory(community=cast.other, plan=foreign_plan)
    return Records(
        plan=plan,
        supply=SupplyFactory(community=community),
        shelter=ShelterFactory(community=community),
        team=TeamFactory(community=community),
        drill=drill,
        other_drill=DrillFactory(community=community, plan=plan, working_group=cast.other_group),
        problem=ProblemFactory(drill=drill),
        response=ResponseFactory(community=community),
        foreign={
            "plan": foreign_plan,
            "supply": SupplyFactory(community=cast.other),
            "shelter": ShelterFactory(community=cast.other),
            "team": TeamFactory(community=cast.other),
            "drill": foreign_drill,
            "problem": ProblemFactory(drill=foreign_drill),
            "response": ResponseFactory(community=cast.other),
        },
    )
