from .assessment import (
    Assessment,
    AssessmentItem,
    IndicatorJudgement,
    IndicatorL1,
    IndicatorL2,
    IndicatorScheme,
)
from .documents import PERSONAL_DATA_APPS, Document, DocumentElement
from .dossier import DossierBuild
from .reports import Report
from .reviews import ManagementReview, ReviewDecision

__all__ = [
    "PERSONAL_DATA_APPS",
    "Assessment",
    "AssessmentItem",
    "Document",
    "DocumentElement",
    "DossierBuild",
    "IndicatorJudgement",
    "IndicatorL1",
    "IndicatorL2",
    "IndicatorScheme",
    "ManagementReview",
    "Report",
    "ReviewDecision",
]
