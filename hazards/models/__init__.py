"""Models of the hazards app, one module per topic."""

from .actions import CorrectiveAction
from .dangers import DangerEvent, HiddenDanger
from .hazards import Assessment, Hazard
from .inspections import Inspection, InspectionItem, InspectionPlan
from .maps import SitePlan
from .places import Place

__all__ = [
    "Assessment",
    "CorrectiveAction",
    "DangerEvent",
    "Hazard",
    "HiddenDanger",
    "Inspection",
    "InspectionItem",
    "InspectionPlan",
    "Place",
    "SitePlan",
]
