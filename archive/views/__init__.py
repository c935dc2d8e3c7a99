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
from .dossier import DossierDownload, DossierStatus, DossierView
from .handover import HandoverExport, HandoverView
from .region import RegionView
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
    "DossierDownload",
    "DossierStatus",
    "DossierView",
    "HandoverExport",
    "HandoverView",
    "RegionView",
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
