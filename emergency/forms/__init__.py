"""Forms of the emergency app, one module per topic."""

from .drills import DrillForm, ParticipantFormSet, PhotoForm, ProblemForm
from .plans import PlanForm, PlanGroupFormSet, PlanRevisionForm, group_formset_class
from .resources import CheckForm, ShelterForm, SupplyForm, TeamForm
from .responses import ResponseForm

__all__ = [
    "CheckForm",
    "DrillForm",
    "ParticipantFormSet",
    "PhotoForm",
    "PlanForm",
    "PlanGroupFormSet",
    "PlanRevisionForm",
    "ProblemForm",
    "ResponseForm",
    "ShelterForm",
    "SupplyForm",
    "TeamForm",
    "group_formset_class",
]
