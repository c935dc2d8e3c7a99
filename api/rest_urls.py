"""/api/v1/: the REST API, its OpenAPI schema and its offline documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api_v1"

router = SimpleRouter(use_regex_path=False)  # plain path() routes, <int:pk>
router.register("injury-cards", views.InjuryCardViewSet, basename="injury-card")
router.register("reporting-units", views.ReportingUnitViewSet, basename="reporting-unit")
router.register("hidden-dangers", views.HiddenDangerViewSet, basename="hidden-danger")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("project-updates", views.ProjectUpdateViewSet, basename="project-update")

urlpatterns = [
    *router.urls,
    path("injury-statistics/", views.InjuryStatisticsView.as_view(), name="injury-statistics"),
    path("readiness/", views.ReadinessView.as_view(), name="readiness"),
    path("self-assessment/", views.SelfAssessmentView.as_view(), name="self-assessment"),
    path("regions/<str:code>/", views.RegionFiguresView.as_view(), name="region-figures"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_v1:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
