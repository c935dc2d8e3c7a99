from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    # Evidence documents (element 10)
    path("documents/", views.DocumentList.as_view(), name="document_list"),
    path("documents/catalogue/", views.Catalogue.as_view(), name="catalogue"),
    path("documents/new/", views.DocumentCreate.as_view(), name="document_create"),
    path("documents/<int:pk>/", views.DocumentDetail.as_view(), name="document_detail"),
    path("documents/<int:pk>/edit/", views.DocumentUpdate.as_view(), name="document_update"),
    path("documents/<int:pk>/delete/", views.DocumentDelete.as_view(), name="document_delete"),
    path(
        "documents/<int:pk>/download/", views.DocumentDownload.as_view(), name="document_download"
    ),
    path(
        "documents/<int:pk>/thumbnail/",
        views.DocumentThumbnail.as_view(),
        name="document_thumbnail",
    ),
    path(
        "attachments/<int:content_type>/<int:object_id>/",
        views.AttachmentUpload.as_view(),
        name="attachment_upload",
    ),
    # Evaluation reports, management reviews, self-assessment, dossier (element 12)
    path("reports/", views.ReportList.as_view(), name="report_list"),
    path("reports/new/", views.ReportCreate.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.ReportDetail.as_view(), name="report_detail"),
    path("reports/<int:pk>/status/", views.ReportStatus.as_view(), name="report_status"),
    path("reviews/", views.ReviewList.as_view(), name="review_list"),
    path("reviews/new/", views.ReviewCreate.as_view(), name="review_create"),
    path("reviews/<int:pk>/", views.ReviewDetail.as_view(), name="review_detail"),
    path("reviews/<int:pk>/edit/", views.ReviewUpdate.as_view(), name="review_update"),
    path("reviews/<int:pk>/delete/", views.ReviewDelete.as_view(), name="review_delete"),
    path("reviews/<int:pk>/actions/", views.ReviewActions.as_view(), name="review_actions"),
    path("assessment/", views.AssessmentOverview.as_view(), name="assessment"),
    path("assessment/new/", views.AssessmentCreate.as_view(), name="assessment_create"),
    path("assessment/<int:pk>/", views.AssessmentDetail.as_view(), name="assessment_detail"),
    path("assessment/<int:pk>/delete/", views.AssessmentDelete.as_view(), name="assessment_delete"),
    path(
        "assessment/<int:pk>/element/<int:element>/",
        views.AssessmentElementEdit.as_view(),
        name="assessment_element",
    ),
    path(
        "assessment/<int:pk>/confirm-all/",
        views.AssessmentJudge.as_view(),
        {"action": "confirm-all"},
        name="assessment_confirm_all",
    ),
    path(
        "assessment/<int:pk>/indicator/<int:item>/<str:action>/",
        views.AssessmentJudge.as_view(),
        name="assessment_judge",
    ),
    path("dossier/", views.Dossier.as_view(), name="dossier"),
    path("dossier/<int:pk>/status/", views.DossierStatus.as_view(), name="dossier_status"),
    path("dossier/<int:pk>/<str:what>/", views.DossierDownload.as_view(), name="dossier_download"),
    path("region/", views.RegionRedirect.as_view(), name="region"),
    # Hand-over: the community's whole record as one ZIP, and its import into an empty community
    path("handover/", views.Handover.as_view(), name="handover"),
    path("handover/export/", views.HandoverExport.as_view(), name="handover_export"),
]
