"""The risk register (element 3): hazards, their evaluations, charts, ledger import/export."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.importing import ExportView, ImportView
from safecommunity.summaries import cached
from safecommunity.tenancy import OFFICE_AND_LEADERS
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    CreatorMixin,
    DetailFieldsMixin,
    FormPageMixin,
    GroupFormMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import charts, risk, selectors, services
from ..filters import HazardFilter
from ..forms import AssessmentForm, HazardForm
from ..models import Hazard
from ..resources import HazardResource


class HazardList(CommunityListView):
    model = Hazard
    template_name = "hazards/hazard_list.html"
    filterset_class = HazardFilter
    search_fields = ("title", "code", "description", "location", "place__name")
    create_url_name = "hazards:hazard_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("风险辨识与评价")

    def base_queryset(self):
        return selectors.hazards(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.object_list

        def build():
            return charts.risk_matrix(filtered), charts.level_by_area(filtered)

        # Counted over every hazard of the list: unfiltered, cached until a record changes.
        context["matrix_chart"], context["area_chart"] = (
            cached(self.community, "hazards-list-charts", build) if self.unfiltered() else build()
        )
        context["today"] = timezone.localdate()
        context["can_import"] = self.membership.role == "office"
        return context


class HazardDetail(DetailFieldsMixin, CommunityDetailView):
    model = Hazard
    template_name = "hazards/hazard_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "code",
        "safety_area",
        "place",
        "location",
        "description",
        "exposure_note",
        "source",
        "identified_on",
        "controls",
        "working_group",
        "responsible_unit",
        "responsible_person",
        "review_date",
        "status",
    ]

    def get_queryset(self):
        return selectors.hazards(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard = self.object
        slug = self.community.slug
        assessments = list(selectors.assessments_of(hazard))
        context["assessments"] = assessments
        context["level_timeline"] = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
        context["assess_form"] = AssessmentForm(
            initial={
                "method": "matrix",
                "assessed_on": timezone.localdate(),
                "assessor": self.request.user.get_full_name() or str(self.request.user),
            }
        )
        context["edit_url"] = reverse("hazards:hazard_update", args=[slug, hazard.pk])
        if self.membership.role == "office":
            context["delete_url"] = reverse("hazards:hazard_delete", args=[slug, hazard.pk])
        context["dangers"] = hazard.dangers.select_related("community")[:20]
        context["band_text"] = risk.bands_description()
        context["today"] = timezone.localdate()
        return context


class HazardCreate(
    AttachmentsOnCreateMixin, FormPageMixin, GroupFormMixin, CreatorMixin, CommunityCreateView
):
    model = Hazard
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:hazard_list"
    form_class = HazardForm
    edit_roles = OFFICE_AND_LEADERS

    def get_initial(self):
        return {"identified_on": timezone.localdate()}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.info(self.request, _("请在下方进行风险评价，得出风险等级。"))
        return response


class HazardUpdate(FormPageMixin, GroupFormMixin, CommunityUpdateView):
    model = Hazard
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:hazard_list"
    form_class = HazardForm
    edit_roles = OFFICE_AND_LEADERS


class HazardDelete(CommunityDeleteView):
    model = Hazard
    success_url_name = "hazards:hazard_list"


class HazardAssess(WorkflowStepView):
    """Record a new evaluation (matrix or LEC); the hazard takes the latest level."""

    model = Hazard
    form_class = AssessmentForm
    edit_roles = OFFICE_AND_LEADERS

    def perform(self, hazard, form):
        assessment = services.assess_hazard(hazard, user=self.request.user, **form.cleaned_data)
        self.success_message = _("已记录评价：风险值 %(score)s，%(level)s风险。") % {
            "score": risk.plain(assessment.score),
            "level": assessment.get_level_display(),
        }


class HazardImport(ImportView):
    resource_class = HazardResource
    title = gettext_lazy("导入风险台账")
    success_url_name = "hazards:hazard_list"


class HazardExport(ExportView):
    resource_class = HazardResource
    filename = gettext_lazy("风险辨识评价台账")
