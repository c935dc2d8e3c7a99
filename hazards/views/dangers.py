"""Hidden dangers and their rectification workflow (element 11)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.forms import step_form
from safecommunity.importing import ExportView
from safecommunity.offline import OfflineCreateMixin, VersionCheckMixin
from safecommunity.summaries import cached
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

from .. import escalation, selectors, services
from ..choices import OPEN_DANGER_STATUSES, DangerGrade, DangerSource, DangerStatus
from ..filters import DangerFilter
from ..forms import (
    DANGER_FIELDS,
    HiddenDangerForm,
    LiftSupervisionForm,
    NoteForm,
    OfficeHiddenDangerForm,
    OrderForm,
    RectifyForm,
    ReinspectForm,
    SupervisionForm,
)
from ..models import HiddenDanger, Inspection
from ..models.dangers import PLAN_PARTS
from ..resources import DangerResource
from ..services import schedules as schedule_services


class DangerList(CommunityListView):
    model = HiddenDanger
    template_name = "hazards/danger_list.html"
    filterset_class = DangerFilter
    search_fields = ("title", "description", "location", "place__name", "responsible_person")
    create_url_name = "hazards:danger_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("隐患整改")

    def base_queryset(self):
        return selectors.dangers(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["summary"] = cached(
            self.community,
            "hazards-danger-summary",
            lambda: selectors.danger_summary(self.community, context["today"]),
        )
        return context


class DangerDetail(DetailFieldsMixin, CommunityDetailView):
    model = HiddenDanger
    template_name = "hazards/danger_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "grade",
        "safety_area",
        "place",
        "location",
        "description",
        "source",
        "inspection",
        "hazard",
        "found_on",
        "found_by",
        "is_general",
        "working_group",
        "unit_notified",
        "measures_required",
        "responsible_department",
        "responsible_person",
        "deadline",
        "target",
        *PLAN_PARTS,
        "funds",
        "rectified_on",
        "rectification_note",
        "rectified_by",
        "reinspector",
        "verified_on",
        "verified_by",
        "closed_on",
        "sent_back_count",
    ]

    def get_queryset(self):
        return selectors.dangers(self.community).select_related(
            "inspection", "hazard", "rectified_by", "verified_by", "reinspector"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        danger = self.object
        slug = self.community.slug
        user = self.request.user
        office = self.membership.role == Role.OFFICE
        status = danger.status
        today = timezone.localdate()
        order = list(DangerStatus.values)
        events = list(danger.events.select_related("user"))
        open_status = status in OPEN_DANGER_STATUSES
        right = (
            services.reinspection_right(danger, user, self.membership)
            if status == DangerStatus.RECTIFIED
            else services.NOT_ALLOWED
        )
        context.update(
            today=today,
            steps=DangerStatus.choices,
            done_steps=order[: order.index(status)],
            overdue=danger.is_overdue(today),
            events=events,
            timeline=selectors.escalation_timeline(danger, events, today),
            can_list=office
            and danger.grade == DangerGrade.MAJOR
            and open_status
            and not danger.is_listed,
            can_lift=office and danger.is_listed and status == DangerStatus.VERIFIED,
            supervision_form=step_form(
                self.request,
                danger,
                SupervisionForm,
                initial={
                    "listed_on": today,
                    "supervised_by": escalation.reported_to(self.community),
                },
            ),
            lift_form=step_form(
                self.request, danger, LiftSupervisionForm, initial={"lifted_on": today}
            ),
            actions=selectors.actions_for_source(danger),
            needs_preventive=danger.is_general and not services.has_preventive_action(danger),
            can_order=office and status == DangerStatus.REPORTED,
            can_rectify=context["can_edit"] and status == DangerStatus.ORDERED,
            show_reinspection=status in (DangerStatus.ORDERED, DangerStatus.RECTIFIED),
            can_reinspect=right in (services.MAY, services.SOLE),
            sole_reinspector=right == services.SOLE,
            own_rectification=right == services.OWN,
            reinspectors=[
                person
                for person in services.reinspectors(danger)
                if person.pk != danger.rectified_by_id
            ],
            people_url=reverse("committee:user_list", args=[slug]) if office else None,
            can_close=office and status == DangerStatus.VERIFIED,
            order_form=step_form(
                self.request,
                danger,
                OrderForm,
                grade=danger.grade,
                community=self.community,
                initial={
                    "unit_notified": danger.unit_notified
                    or (danger.place.name if danger.place else ""),
                    "measures_required": danger.measures_required,
                    "responsible_department": danger.responsible_department,
                    "responsible_person": danger.responsible_person,
                    "deadline": danger.deadline
                    or escalation.proposed_deadline(danger.grade, today),
                    "target": danger.target,
                    "reinspector": danger.reinspector_id,
                    **{name: getattr(danger, name) for name in PLAN_PARTS},
                },
            ),
            rectify_form=step_form(
                self.request, danger, RectifyForm, initial={"rectified_on": today}
            ),
            reinspect_form=step_form(self.request, danger, ReinspectForm),
            close_form=step_form(self.request, danger, NoteForm),
            can_add_action=self.membership.role in OFFICE_AND_LEADERS and context["can_edit"],
        )
        if self.can_edit_object(danger) and (office or status == DangerStatus.REPORTED):
            context["edit_url"] = reverse("hazards:danger_update", args=[slug, danger.pk])
        if office:
            context["delete_url"] = reverse("hazards:danger_delete", args=[slug, danger.pk])
        return context


class DangerCreate(
    OfflineCreateMixin, AttachmentsOnCreateMixin, FormPageMixin, GroupFormMixin, CommunityCreateView
):
    """Register a finding, optionally from an inspection (``?inspection=<pk>``)."""

    model = HiddenDanger
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:danger_list"
    form_class = HiddenDangerForm
    edit_roles = OFFICE_AND_LEADERS

    def source_inspection(self):
        pk = self.request.GET.get("inspection", "")
        if not pk.isdigit():
            return None
        return Inspection.objects.filter(community=self.community, pk=pk).first()

    def get_initial(self):
        initial = {"found_on": timezone.localdate()}
        inspection = self.source_inspection()
        if inspection is not None:
            places = list(inspection.places.all()[:1])
            initial.update(
                inspection=inspection,
                source=DangerSource.INSPECTION,
                found_on=inspection.date,
                found_by=inspection.inspectors[:60],
                working_group=inspection.working_group,
                place=places[0] if places else None,
                title=self.request.GET.get("title", "")[:150],
                description=self.request.GET.get("description", ""),
            )
        item = schedule_services.failed_item(self.community, self.request.GET.get("item", ""))
        if item is not None:  # a failed checklist item (?item=<pk>): its text, note and photo
            initial.update(schedule_services.danger_initial(item))
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        item = schedule_services.failed_item(self.community, self.request.GET.get("item", ""))
        if item is not None and item.photo and "photo" in form.fields:
            form.fields["photo"].help_text = _("不选择文件则使用检查项目的照片。")
        return form

    def form_valid(self, form):
        fields = {name: form.cleaned_data.get(name) for name in DANGER_FIELDS}
        item = schedule_services.failed_item(self.community, self.request.GET.get("item", ""))
        fields["photo"] = fields["photo"] or (item and schedule_services.item_photo(item)) or ""
        self.object = services.report_danger(
            community=self.community, user=self.request.user, **fields
        )
        messages.success(self.request, _("隐患已登记，请下达整改通知。"))
        return redirect(self.object.get_absolute_url())


class DangerUpdate(VersionCheckMixin, FormPageMixin, GroupFormMixin, CommunityUpdateView):
    """Office corrects any field; a group leader only the finding, before the order is issued."""

    model = HiddenDanger
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:danger_list"
    edit_roles = OFFICE_AND_LEADERS

    def can_edit_object(self, obj):
        if self.membership.role != Role.OFFICE and obj.status != DangerStatus.REPORTED:
            return False
        return super().can_edit_object(obj)

    def get_form_class(self):
        return OfficeHiddenDangerForm if self.membership.role == Role.OFFICE else HiddenDangerForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.report_if_major(self.object, user=self.request.user)  # graded up to 重大
        return response


class DangerDelete(CommunityDeleteView):
    model = HiddenDanger
    success_url_name = "hazards:danger_list"


class DangerOrder(WorkflowStepView):
    model = HiddenDanger
    form_class = OrderForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("已下达整改通知。")

    def get_form_kwargs(self, obj):
        return {"grade": obj.grade, "community": self.community}

    def perform(self, danger, form):
        services.order_rectification(danger, user=self.request.user, **form.cleaned_data)


class DangerRectify(WorkflowStepView):
    model = HiddenDanger
    form_class = RectifyForm
    edit_roles = OFFICE_AND_LEADERS
    success_message = gettext_lazy("已提交整改情况，等待复查。")

    def perform(self, danger, form):
        services.record_rectification(danger, user=self.request.user, **form.cleaned_data)


class DangerReinspect(WorkflowStepView):
    """The office, committee members, the group's leaders and the designated re-inspector."""

    model = HiddenDanger
    form_class = ReinspectForm
    edit_roles = frozenset({Role.OFFICE, Role.MEMBER, Role.LEADER, Role.GROUP_MEMBER})
    success_message = gettext_lazy("已记录复查结果。")

    def can_edit_object(self, obj):
        return services.may_reinspect(obj, self.request.user, self.membership)

    def perform(self, danger, form):
        services.reinspect(danger, user=self.request.user, **form.cleaned_data)


class DangerClose(WorkflowStepView):
    model = HiddenDanger
    form_class = NoteForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("隐患已销号。")

    def perform(self, danger, form):
        services.close_danger(danger, user=self.request.user, **form.cleaned_data)


class DangerListSupervision(WorkflowStepView):
    """挂牌督办: the office records the listing of a 重大隐患 by the supervising body."""

    model = HiddenDanger
    form_class = SupervisionForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("已登记挂牌督办。")

    def perform(self, danger, form):
        services.list_for_supervision(danger, user=self.request.user, **form.cleaned_data)


class DangerLiftSupervision(WorkflowStepView):
    model = HiddenDanger
    form_class = LiftSupervisionForm
    edit_roles = OFFICE_ONLY
    success_message = gettext_lazy("已摘牌。")

    def perform(self, danger, form):
        services.lift_supervision(danger, user=self.request.user, **form.cleaned_data)


class DangerExport(ExportView):
    resource_class = DangerResource
    filename = gettext_lazy("隐患排查治理台账")
