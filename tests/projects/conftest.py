"""Records of the projects app for the standard cast: one of each kind owned by the leader's
group, one owned by a group he does not lead, and one in the other community."""

from dataclasses import dataclass

import pytest

from .factories import (
    ActivityFactory,
    ObjectiveFactory,
    PlanFactory,
    PlanTaskFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SurveyFactory,
)


@dataclass
class Records:
    plan: object
    task: object
    other_task: object
    objective: object
    project: object
    other_project: object
    update: object
    other_update: object
    activity: object
    other_activity: object
    survey: object
    foreign_plan: object
    foreign_objective: object
    foreign_project: object
    foreign_update: object
    foreign_activity: object
    foreign_survey: object


@pytest.fixture
def records(cast):
    community, other = cast.community, cast.other
    plan = PlanFactory(community=community)
    project = ProjectFactory(community=community, working_group=cast.group)
    other_project = ProjectFactory(
        community=community, working_group=cast.other_group, safety_area="fire"
    )
    foreign_project = ProjectFactory(community=other, working_group=cast.foreign_group)
    return Records(
        plan=plan,
        task=PlanTaskFactory(plan=plan, working_group=cast.group),
        other_task=PlanTaskFactory(plan=plan, working_group=cast.other_group),
        objective=ObjectiveFactory(community=community, plan=plan),
        project=project,
        other_project=other_project,
        update=ProjectUpdateFactory(project=project),
        other_update=ProjectUpdateFactory(project=other_project),
        activity=ActivityFactory(community=community, working_group=cast.group, project=project),
        other_activity=ActivityFactory(community=community, working_group=cast.other_group),
        survey=SurveyFactory(community=community),
        foreign_plan=PlanFactory(community=other),
        foreign_objective=ObjectiveFactory(community=other),
        foreign_project=foreign_project,
        foreign_update=ProjectUpdateFactory(project=foreign_project),
        foreign_activity=ActivityFactory(community=other, working_group=cast.foreign_group),
        foreign_survey=SurveyFactory(community=other),
    )
