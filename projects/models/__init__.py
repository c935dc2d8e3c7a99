from .activities import PARTICIPANT_GROUPS, Activity, AwarenessSurvey
from .plans import Objective, ObjectiveValue, Plan, PlanTask
from .projects import Project, ProjectUpdate

__all__ = [
    "PARTICIPANT_GROUPS",
    "Activity",
    "AwarenessSurvey",
    "Objective",
    "ObjectiveValue",
    "Plan",
    "PlanTask",
    "Project",
    "ProjectUpdate",
]
