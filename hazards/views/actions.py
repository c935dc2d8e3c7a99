"""Preventive and corrective actions (element 11): register and workflow."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin, record_data
from safecommunity.forms import step_form
from safecommunity.tenancy import OFFICE_AND_LEADERS, OFFICE_ONLY
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    DetailFieldsMixin,
    FormPageMixin,
    GroupFormMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import selectors, services
from ..choices import ActionKind, ActionSource, ActionStatus
from ..filters import ActionFilter
from ..forms import ActionCompleteForm, ActionVerifyForm, CorrectiveActionForm, NoteForm
from ..models import CorrectiveAction, HiddenDanger, Inspection

# Records of this app that may be picked as a source from the UI (?danger=…, ?inspection=…).
SOURCE_PARAMS = {
    "danger": (HiddenDanger, ActionSource.HIDDEN_DANGER),
    "inspection": (Inspection, ActionSource.INSPECTION),
}


class ActionList(CommunityListView):
    model = CorrectiveAction
    template_name = "hazards/action_list.html"
    filterset_class = ActionFilter
    search_fields = ("title", "description", "responsible_unit", "responsible_person")
    create_url_name = "hazards:action_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("纠正与预防措施")

    def base_queryset(self):
        return selectors.actions(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class ActionDetail(DetailFieldsMixin, CommunityDetailView):
    model = CorrectiveAction
    template_name = "hazards/action_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "kind",
        "source_kind",
        "cause",
        "description",
        "responsible_unit",
        "responsible_person",
        "due_date",
        "working_group",
        "status",
        "completed_at",
        "completion_note",
        "completed_by",
        "verified_at",
        "verified_by",
        "verification_note",
        "created_by",
    ]

    def get_queryset(self):
        return selectors.actions(self.community).select_related(
            "completed_by", "verified_by", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        slug = self.community.slug
        office = self.membership.role == Role.OFFICE
        status = action.status
        today = timezone.localdate()
        open_statuses = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        source = action.source if action.source_content_type_id else None
        context.update(
            today=today,
            overdue=action.is_overdue(today),
            source=source,
            source_url=action.source_url,
            can_start=context["can_edit"] and status == ActionStatus.OPEN,
            can_complete=context["can_edit"] and status in open_statuses,
            can_verify=office and status == ActionStatus.DONE,
            own_completion=action.completed_by_id == self.request.user.pk,
            can_close=office and status in (*open_statuses, ActionStatus.VERIFIED),
            complete_form=step_form(
                self.request, action, ActionCompleteForm, initial={"completed_at": today}
            ),
            verify_form=step_form(self.request, action, ActionVerifyForm),
            close_form=step_form(self.request, action, NoteForm),
        )
        context["edit_url"] = reverse("hazards:action_update", args=[slug, action.pk])
        if office:
            context["delete_url"] = reverse("hazards:action_delete", args=[slug, action.pk])
        return context


class ActionCreate(AttachmentsOnCreateMixin, FormPageMixin, GroupFormMixin, CommunityCreateView):
    """New action; ``?danger=<pk>`` or ``?inspection=<pk>`` links it to its source."""

    model = CorrectiveAction
    cancel_url_name = "hazards:action_list"
    form_class = CorrectiveActionForm
    edit_roles = OFFICE_AND_LEADERS
    template_name = "hazards/action_form.html"

    def source(self):
        for param, (model, kind) in SOURCE_PARAMS.items():
            pk = self.request.GET.get(param, "")
            if pk.isdigit():
                obj = model.objects.filter(community=self.community, pk=pk).first()
                if obj is not None:
                    return obj, kind
        return None, None

    def get_initial(self):
        initial = {}
        source, kind = self.source()
        if self.request.GET.get("kind") in ActionKind.values:
            initial["kind"] = self.request.GET["kind"]
        if source is not None:
            initial.update(source_kind=kind, working_group=source.working_group)
            if isinstance(source, HiddenDanger):
                initial.update(
                    title=_("防止再次发生：%(title)s") % {"title": source.title}
                    if initial.get("kind") == ActionKind.PREVENTIVE
                    else source.title,
                    responsible_unit=source.responsible_department or source.unit_notified,
                    responsible_person=source.responsible_person,
                    cause=source.description,
                )
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source()[0]
        return context

    def form_valid(self, form):
        source, _kind = self.source()
        self.object = services.create_corrective_action(
            community=self.community, user=self.request.user, source=source, **record_data(form)
        )
        messages.success(self.request, _("已保存。"))
        return redirect(self.object.get_absolute_url())


class ActionUpdate(FormPageMixin, GroupFormMixin, CommunityUpdateView):
    model = CorrectiveAction
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:action_list"
    form_class = CorrectiveActionForm
    edit_roles = OFFICE_AND_LEADERS


class ActionDelete(CommunityDeleteView):
    model = CorrectiveAction
    success_url_name = "hazards:action_list"


class ActionStart(WorkflowStepView):
    model = CorrectiveAction
    edit_roles = OFFICE_AND_LEADERS
    success_message = gettext_lazy("措施开始落实。")

    def perform(self, action, form):
        services.start_action(action, user=self.request.user)


class ActionComplete(WorkflowStepView):
    model = CorrectiveAction
    form_class = ActionCompleteForm
    edit_roles = OFFICE_AND_LEADERS
    success_message = gettext_lazy("已登记完成，等待验证。")

    def perform(self, action, form):
        services.complete_action(action, user=self.request.user, **form.cleaned_data)


class ActionVerify(WorkflowStepView):
    model = CorrectiveAction
    form_class = ActionVerifyForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("已记录验证结果。")

    def perform(self, action, form):
        services.verify_action(action, user=self.request.user, **form.cleaned_data)


class ActionClose(WorkflowStepView):
    model = CorrectiveAction
    form_class = NoteForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("措施已关闭。")

    def perform(self, action, form):
        services.close_action(action, user=self.request.user, **form.cleaned_data)
