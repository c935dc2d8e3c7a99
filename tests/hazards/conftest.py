"""Records of the standard cast for the hazards tests: one of each, owned by the leader's group
and by a group he does not lead."""

import datetime
from dataclasses import dataclass

import pytest

from hazards.choices import DangerStatus

from .factories import (
    CorrectiveActionFactory,
    HazardFactory,
    HiddenDangerFactory,
    InspectionFactory,
    InspectionPlanFactory,
    PlaceFactory,
)


@dataclass
class Records:
    place: object
    hazard: object
    plan: object
    inspection: object
    danger: object
    action: object
    # owned by cast.other_group
    other_hazard: object
    other_danger: object
    other_action: object
    # in cast.other
    foreign: dict


@pytest.fixture
def records(cast):
    community, group, other_group = cast.community, cast.group, cast.other_group
    place = PlaceFactory(community=community, working_group=group, risk_level="red")
    inspection = InspectionFactory(community=community, working_group=group)
    inspection.places.add(place)
    foreign_place = PlaceFactory(community=cast.other)
    return Records(
        place=place,
        hazard=HazardFactory(community=community, working_group=group, place=place),
        plan=InspectionPlanFactory(community=community, working_group=group),
        inspection=inspection,
        danger=HiddenDangerFactory(community=community, working_group=group, place=place),
        action=CorrectiveActionFactory(community=community, working_group=group),
        other_hazard=HazardFactory(community=community, working_group=other_group),
        other_danger=HiddenDangerFactory(community=community, working_group=other_group),
        other_action=CorrectiveActionFactory(community=community, working_group=other_group),
        foreign={
            "place": foreign_place,
            "hazard": HazardFactory(community=cast.other),
            "plan": InspectionPlanFactory(community=cast.other),
            "inspection": InspectionFactory(community=cast.other),
            "danger": HiddenDangerFactory(community=cast.other),
            "action": CorrectiveActionFactory(community=cast.other),
        },
    )


def ordered(danger, deadline=None):
    """Put a danger in the 'ordered' state directly (for view tests of later steps)."""
    danger.status = DangerStatus.ORDERED
    danger.deadline = deadline or datetime.date.today() + datetime.timedelta(days=7)
    danger.measures_required = "整改"
    danger.responsible_person = "张伟"
    danger.save()
    return danger
