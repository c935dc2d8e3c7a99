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

urlpatterns = [
    *router.urls,
    path("injury-statistics/", views.InjuryStatisticsView.as_view(), name="injury-statistics"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_v1:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
