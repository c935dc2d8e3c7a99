"""Models of the hazards app, one module per topic."""

from .actions import CorrectiveAction
from .dangers import DangerEvent, HiddenDanger
from .hazards import Assessment, Hazard
from .inspections import Inspection, InspectionItem, InspectionPlan
from .maps import SitePlan
from .places import Place
from .schedules import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    InspectionSchedule,
    ScheduledInspection,
)

__all__ = [
    "Assessment",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "CorrectiveAction",
    "DangerEvent",
    "Hazard",
    "HiddenDanger",
    "Inspection",
    "InspectionItem",
    "InspectionPlan",
    "InspectionSchedule",
    "Place",
    "SitePlan",
    "ScheduledInspection",
]
