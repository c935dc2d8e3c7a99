from .activities import PARTICIPANT_GROUPS, Activity, ActivitySignIn, AwarenessSurvey, SignInGroup
from .plans import Objective, ObjectiveValue, Plan, PlanTask
from .projects import Project, ProjectUpdate

__all__ = [
    "PARTICIPANT_GROUPS",
    "Activity",
    "ActivitySignIn",
    "AwarenessSurvey",
    "Objective",
    "ObjectiveValue",
    "Plan",
    "PlanTask",
    "Project",
    "ProjectUpdate",
    "SignInGroup",
]
