"""Element 4: the overall and annual plans with their tasks."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity import charts
from safecommunity.tenancy import OFFICE_AND_LEADERS, editable_group_ids
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    FormPageMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import selectors, services
from ..choices import TaskStatus
from ..filters import PlanFilter
from ..forms import PlanForm, PlanTaskFormSet
from ..indicators import evaluate_all
from ..models import Plan, PlanTask


class PlanList(CommunityListView):
    model = Plan
    template_name = "projects/plan_list.html"
    filterset_class = PlanFilter
    search_fields = ("title", "goals")
    create_url_name = "projects:plan_create"
    title = gettext_lazy("目标与计划")

    def base_queryset(self):
        return selectors.plans(self.community)


class PlanDetail(CommunityDetailView):
    model = Plan
    template_name = "projects/plan_detail.html"

    def get_queryset(self):
        return selectors.plans(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        slug = self.community.slug
        today = timezone.localdate()
        tasks = list(selectors.plan_tasks(plan))
        editable = editable_group_ids(self.membership)
        for task in tasks:
            task.overdue = task.is_overdue(today)
            task.editable = editable is None or task.working_group_id in (editable or ())
        context["tasks"] = tasks
        context["task_statuses"] = TaskStatus.choices
        counts = dict.fromkeys(TaskStatus, 0)
        for task in tasks:
            counts[TaskStatus(task.status)] += 1
        context["task_chart"] = charts.donut_chart(
            [s.label for s in TaskStatus], [counts[s] for s in TaskStatus], title=_("任务完成情况")
        )
        objectives = list(selectors.objectives(self.community).filter(plan=plan))
        context["evaluations"] = evaluate_all(objectives, self.community, today)
        context["annual_plans"] = plan.annual_plans.select_related("community").order_by(
            "start_year"
        )
        context["edit_url"] = reverse("projects:plan_update", args=[slug, plan.pk])
        context["delete_url"] = reverse("projects:plan_delete", args=[slug, plan.pk])
        return context


class PlanFormMixin(FormPageMixin):
    """The plan and its tasks (an inline formset) saved together or not at all."""

    model = Plan
    cancel_url_name = "projects:plan_list"
    form_class = PlanForm
    template_name = "projects/plan_form.html"

    def get_formset(self, instance):
        return PlanTaskFormSet(
            self.request.POST or None,
            instance=instance,
            prefix="tasks",
            form_kwargs={"community": self.community, "user": self.request.user},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "formset" not in context:
            context["formset"] = self.get_formset(self.object or Plan(community=self.community))
        return context

    def form_valid(self, form):
        form.instance.community = self.community
        formset = self.get_formset(form.instance)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        with transaction.atomic():
            self.object = form.save()
            formset.instance = self.object
            formset.save()
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlanCreate(PlanFormMixin, CommunityCreateView):
    pass


class PlanUpdate(PlanFormMixin, CommunityUpdateView):
    pass


class PlanDelete(CommunityDeleteView):
    model = Plan
    success_url_name = "projects:plan_list"


class TaskStatusChange(WorkflowStepView):
    """Mark a plan task's status (office; leaders for tasks of their own groups)."""

    model = PlanTask
    edit_roles = OFFICE_AND_LEADERS

    def perform(self, task, form):
        status = self.request.POST.get("status", "")
        if status not in TaskStatus.values:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("无效的任务状态。"))
        services.set_task_status(task, status=status)
        self.success_message = _("任务“%(title)s”已标记为%(status)s。") % {
            "title": task.title,
            "status": task.get_status_display(),
        }
