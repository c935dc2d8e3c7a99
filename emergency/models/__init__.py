"""Models of the emergency app (element 7), one module per topic."""

from .drills import Drill, DrillParticipant, DrillPhoto, DrillProblem
from .plans import EmergencyPlan, PlanGroup
from .resources import RescueTeam, Shelter, Supply
from .responses import EmergencyResponse

__all__ = [
    "Drill",
    "DrillParticipant",
    "DrillPhoto",
    "DrillProblem",
    "EmergencyPlan",
    "EmergencyResponse",
    "PlanGroup",
    "RescueTeam",
    "Shelter",
    "Supply",
]
