"""Element 5: safety promotion projects — the list, the project's story page, and its status."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.summaries import cached
from safecommunity.tenancy import OFFICE_AND_LEADERS, editable_group_ids
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    EditableRowsMixin,
    FormPageMixin,
    GroupFormMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import charts, selectors, services
from ..choices import PROJECT_TRANSITIONS, ProjectStatus
from ..filters import ProjectFilter
from ..forms import ProjectForm
from ..indicators import evaluate_all
from ..models import Project

ACTIVITIES_SHOWN = 20


class ProjectList(EditableRowsMixin, CommunityListView):
    """All projects; a leader starts on "我的项目" (the groups he leads) and may switch."""

    model = Project
    template_name = "projects/project_list.html"
    filterset_class = ProjectFilter
    search_fields = ("title", "code", "background", "goals")
    create_url_name = "projects:project_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("安全促进项目")

    def scope_choice(self):
        if self.membership.role != Role.LEADER:
            return "all"
        return "all" if self.request.GET.get("scope") == "all" else "mine"

    def base_queryset(self):
        queryset = selectors.projects(self.community)
        if self.scope_choice() == "mine":
            queryset = queryset.filter(working_group_id__in=editable_group_ids(self.membership))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.scope_choice()
        context["today"] = timezone.localdate()

        def area_chart():
            return charts.projects_by_area_and_status(selectors.project_counts(self.object_list))

        # Counted over every project shown: for the whole unfiltered list, cached until a record
        # of the community changes.
        context["area_chart"] = (
            cached(self.community, "projects-area-chart", area_chart)
            if context["scope"] == "all" and self.unfiltered("scope")
            else area_chart()
        )
        querystring = self.request.GET.copy()
        for key in ("page", "scope"):
            querystring.pop(key, None)
        context["filter_querystring"] = querystring.urlencode()
        return context


class ProjectDetail(CommunityDetailView):
    """The project's story: what it addresses, what was done when, and what came of it."""

    model = Project
    template_name = "projects/project_detail.html"
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return selectors.project_detail_queryset(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        slug = self.community.slug
        updates = list(selectors.updates_of(project))
        context["updates"] = updates
        context["progress_chart"] = charts.progress_timeline(updates) if updates else ""
        context["effect_chart"] = charts.effect_before_after(project)
        activities = selectors.activities_of(project)
        context["activities"] = list(activities[:ACTIVITIES_SHOWN])
        context["activity_totals"] = selectors.activity_totals(activities)
        context["hazards"] = list(project.hazards.all())
        context["evaluations"] = evaluate_all(list(project.objectives.all()), self.community)
        context["stale"] = project.is_stale()
        if context["can_edit"]:
            context["edit_url"] = reverse("projects:project_update", args=[slug, project.pk])
            context["transitions"] = [
                (status.value, status.label)
                for status in ProjectStatus
                if status in PROJECT_TRANSITIONS[ProjectStatus(project.status)]
            ]
            context["may_post_update"] = project.status not in (
                ProjectStatus.COMPLETED,
                ProjectStatus.SUSPENDED,
            )
        if self.membership.role == Role.OFFICE:
            context["delete_url"] = reverse("projects:project_delete", args=[slug, project.pk])
        return context


class ProjectCreate(AttachmentsOnCreateMixin, FormPageMixin, GroupFormMixin, CommunityCreateView):
    model = Project
    template_name = "projects/form.html"
    cancel_url_name = "projects:project_list"
    form_class = ProjectForm
    edit_roles = OFFICE_AND_LEADERS

    def get_initial(self):
        return {"start_date": timezone.localdate()}


class ProjectUpdate(FormPageMixin, GroupFormMixin, CommunityUpdateView):
    model = Project
    template_name = "projects/form.html"
    cancel_url_name = "projects:project_list"
    form_class = ProjectForm
    edit_roles = OFFICE_AND_LEADERS


class ProjectDelete(CommunityDeleteView):
    model = Project
    success_url_name = "projects:project_list"


class ProjectStatusChange(WorkflowStepView):
    """Start, send to evaluation, complete, suspend or resume a project."""

    model = Project
    edit_roles = OFFICE_AND_LEADERS

    def perform(self, project, form):
        status = self.request.POST.get("status", "")
        if status not in ProjectStatus.values:
            raise ValidationError(_("无效的项目状态。"))
        services.change_project_status(project, status=status)
        self.success_message = _("项目状态已改为“%(status)s”。") % {
            "status": project.get_status_display()
        }
