"""Element 6: awareness surveys (知晓率调查) against the seed's thresholds."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    DetailFieldsMixin,
    FormPageMixin,
)

from .. import charts, selectors
from ..filters import SurveyFilter
from ..forms import SurveyForm
from ..models import AwarenessSurvey

CHART_SURVEYS = 24


class SurveyList(CommunityListView):
    model = AwarenessSurvey
    template_name = "projects/survey_list.html"
    filterset_class = SurveyFilter
    search_fields = ("title", "conducted_by")
    create_url_name = "projects:survey_create"
    title = gettext_lazy("知晓率调查")

    def base_queryset(self):
        return selectors.surveys(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recent = list(self.object_list.order_by("-date", "-pk")[:CHART_SURVEYS])
        context["chart"] = charts.survey_results(list(reversed(recent))) if recent else ""
        return context


class SurveyDetail(DetailFieldsMixin, CommunityDetailView):
    model = AwarenessSurvey
    template_name = "projects/survey_detail.html"
    detail_fields = [
        "date",
        "safety_area",
        "method",
        "population",
        "sample_size",
        "aware_count",
        "conducted_by",
        "findings",
    ]

    def get_queryset(self):
        return selectors.surveys(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        context["edit_url"] = reverse("projects:survey_update", args=[slug, self.object.pk])
        context["delete_url"] = reverse("projects:survey_delete", args=[slug, self.object.pk])
        return context


class SurveyCreate(FormPageMixin, CommunityCreateView):
    model = AwarenessSurvey
    template_name = "projects/form.html"
    cancel_url_name = "projects:survey_list"
    form_class = SurveyForm

    def get_initial(self):
        return {"population": self.community.population}


class SurveyUpdate(FormPageMixin, CommunityUpdateView):
    model = AwarenessSurvey
    template_name = "projects/form.html"
    cancel_url_name = "projects:survey_list"
    form_class = SurveyForm


class SurveyDelete(CommunityDeleteView):
    model = AwarenessSurvey
    success_url_name = "projects:survey_list"
