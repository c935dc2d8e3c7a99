"""Element 4: prevention objectives, with actual values computed or entered per year."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.forms import step_form
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    FormPageMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import charts, selectors, services
from ..filters import ObjectiveFilter
from ..forms import ObjectiveForm, ObjectiveValueForm
from ..indicators import IndicatorSource, evaluate, evaluate_all
from ..models import Objective


class ObjectiveList(CommunityListView):
    model = Objective
    template_name = "projects/objective_list.html"
    filterset_class = ObjectiveFilter
    search_fields = ("title", "indicator")
    create_url_name = "projects:objective_create"
    title = gettext_lazy("预防目标")

    def base_queryset(self):
        return selectors.objectives(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluations"] = evaluate_all(context["object_list"], self.community)
        return context


class ObjectiveDetail(CommunityDetailView):
    model = Objective
    template_name = "projects/objective_detail.html"

    def get_queryset(self):
        return selectors.objectives(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objective = self.object
        slug = self.community.slug
        evaluation = evaluate(objective, IndicatorSource(self.community))
        context["evaluation"] = evaluation
        context["chart"] = charts.objective_chart(evaluation)
        context["projects"] = objective.projects.select_related("community", "working_group")
        if not objective.is_computed:
            context["value_form"] = step_form(
                self.request,
                objective,
                ObjectiveValueForm,
                initial={"year": evaluation.rows[-1].year if evaluation.rows else None},
            )
        context["edit_url"] = reverse("projects:objective_update", args=[slug, objective.pk])
        context["delete_url"] = reverse("projects:objective_delete", args=[slug, objective.pk])
        return context


class ObjectiveCreate(FormPageMixin, CommunityCreateView):
    model = Objective
    template_name = "projects/form.html"
    cancel_url_name = "projects:objective_list"
    form_class = ObjectiveForm

    def get_initial(self):
        initial = super().get_initial()
        plan = self.request.GET.get("plan")
        if plan and plan.isdigit():
            initial["plan"] = plan
        return initial


class ObjectiveUpdate(FormPageMixin, CommunityUpdateView):
    model = Objective
    template_name = "projects/form.html"
    cancel_url_name = "projects:objective_list"
    form_class = ObjectiveForm


class ObjectiveDelete(CommunityDeleteView):
    model = Objective
    success_url_name = "projects:objective_list"


class ObjectiveValueRecord(WorkflowStepView):
    """Enter the actual value of a manually reported objective for one year (office)."""

    model = Objective
    form_class = ObjectiveValueForm

    def perform(self, objective, form):
        services.record_objective_value(objective=objective, **form.cleaned_data)
        self.success_message = _("已记录 %(year)d 年实际值。") % {"year": form.cleaned_data["year"]}
