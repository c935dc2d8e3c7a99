from .assessment import (
    AssessmentCreate,
    AssessmentDelete,
    AssessmentDetail,
    AssessmentElementEdit,
    AssessmentJudge,
    AssessmentOverview,
)
from .documents import (
    AttachmentUpload,
    Catalogue,
    DocumentCreate,
    DocumentDelete,
    DocumentDetail,
    DocumentDownload,
    DocumentList,
    DocumentThumbnail,
    DocumentUpdate,
)
from .dossier import Dossier, DossierDownload, DossierStatus
from .handover import Handover, HandoverExport
from .region import RegionRedirect
from .reports import ReportCreate, ReportDetail, ReportList, ReportStatus
from .reviews import (
    ReviewActions,
    ReviewCreate,
    ReviewDelete,
    ReviewDetail,
    ReviewList,
    ReviewUpdate,
)

__all__ = [
    "AssessmentCreate",
    "AssessmentDelete",
    "AssessmentDetail",
    "AssessmentElementEdit",
    "AssessmentJudge",
    "AssessmentOverview",
    "AttachmentUpload",
    "Catalogue",
    "DocumentCreate",
    "DocumentDelete",
    "DocumentDetail",
    "DocumentDownload",
    "DocumentList",
    "DocumentThumbnail",
    "DocumentUpdate",
    "Dossier",
    "DossierDownload",
    "DossierStatus",
    "Handover",
    "HandoverExport",
    "RegionRedirect",
    "ReportCreate",
    "ReportDetail",
    "ReportList",
    "ReportStatus",
    "ReviewActions",
    "ReviewCreate",
    "ReviewDelete",
    "ReviewDetail",
    "ReviewList",
    "ReviewUpdate",
]
