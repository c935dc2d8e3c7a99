"""Inspection plans and inspections with checklists (element 8), and the monitoring page."""

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin
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
    KeptContentMixin,
)

from .. import selectors
from ..choices import DEFAULT_CHECKLIST, PROJECT_INSPECTION_TYPES, CheckResult
from ..filters import InspectionFilter
from ..forms import InspectionForm, InspectionItemForm, InspectionPlanForm
from ..models import Inspection, InspectionItem, InspectionPlan, Place


def item_formset_class(extra):
    return forms.inlineformset_factory(
        Inspection, InspectionItem, form=InspectionItemForm, extra=extra, can_delete=True
    )


# Plans ----------------------------------------------------------------------------------------


class PlanList(CommunityListView):
    model = InspectionPlan
    search_fields = ("title", "scope", "inspectors")
    create_url_name = "hazards:plan_create"
    title = _("检查计划")
    columns = (
        (_("计划名称"), "title"),
        (_("检查类型"), "inspection_type"),
        (_("检查方式"), "method"),
        (_("开始日期"), "start_date"),
        (_("结束日期"), "end_date"),
        (_("牵头工作组"), "working_group"),
        (_("已检查次数"), "inspection_count"),
        (_("状态"), "status"),
    )
    edit_roles = OFFICE_AND_LEADERS

    def base_queryset(self):
        return selectors.plans(self.community)


class PlanDetail(DetailFieldsMixin, CommunityDetailView):
    model = InspectionPlan
    template_name = "hazards/plan_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "inspection_type",
        "method",
        "start_date",
        "end_date",
        "places",
        "scope",
        "inspectors",
        "working_group",
        "status",
    ]

    def get_queryset(self):
        return selectors.plans(self.community).prefetch_related("places")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        context["edit_url"] = reverse("hazards:plan_update", args=[slug, self.object.pk])
        if self.membership.role == "office":
            context["delete_url"] = reverse("hazards:plan_delete", args=[slug, self.object.pk])
        context["inspections"] = selectors.inspections(self.community).filter(plan=self.object)
        return context


class PlanCreate(FormPageMixin, GroupFormMixin, CommunityCreateView):
    model = InspectionPlan
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:plan_list"
    form_class = InspectionPlanForm
    edit_roles = OFFICE_AND_LEADERS


class PlanUpdate(FormPageMixin, GroupFormMixin, CommunityUpdateView):
    model = InspectionPlan
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:plan_list"
    form_class = InspectionPlanForm
    edit_roles = OFFICE_AND_LEADERS


class PlanDelete(CommunityDeleteView):
    model = InspectionPlan
    success_url_name = "hazards:plan_list"


# Inspections ----------------------------------------------------------------------------------


class InspectionList(CommunityListView):
    model = Inspection
    template_name = "hazards/inspection_list.html"
    filterset_class = InspectionFilter
    search_fields = ("inspectors", "scope", "summary", "places__name")
    create_url_name = "hazards:inspection_create"
    edit_roles = OFFICE_AND_LEADERS
    title = _("安全检查")

    def base_queryset(self):
        return selectors.inspections(self.community)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("q"):
            queryset = queryset.distinct()  # the search joins the places
        return queryset


class InspectionDetail(DetailFieldsMixin, CommunityDetailView):
    model = Inspection
    template_name = "hazards/inspection_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "date",
        "inspection_type",
        "method",
        "plan",
        "places",
        "scope",
        "inspectors",
        "working_group",
        "summary",
        "recorded_by",
    ]

    def get_queryset(self):
        return selectors.inspections(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        slug = self.community.slug
        context["edit_url"] = reverse("hazards:inspection_update", args=[slug, inspection.pk])
        if self.membership.role == "office":
            context["delete_url"] = reverse("hazards:inspection_delete", args=[slug, inspection.pk])
        context["items"] = inspection.items.all()
        context["dangers"] = inspection.dangers.select_related("community")
        context["actions"] = selectors.actions_for_source(inspection)
        context["target_group_labels"] = _target_labels(inspection.target_groups)
        context["fail"] = CheckResult.FAIL
        return context


def _target_labels(codes):
    from safecommunity.elements import TargetGroup

    labels = dict(TargetGroup.choices)
    return [labels.get(code, code) for code in codes or []]


class InspectionFormMixin(FormPageMixin, GroupFormMixin, CreatorMixin):
    """An inspection and its checklist are saved together, or not at all."""

    model = Inspection
    cancel_url_name = "hazards:inspection_list"
    form_class = InspectionForm
    edit_roles = OFFICE_AND_LEADERS
    template_name = "hazards/inspection_form.html"
    creator_field = "recorded_by"

    def checklist_initial(self):
        return []

    def get_formset(self):
        initial = self.checklist_initial()
        formset_class = item_formset_class(extra=len(initial) or 2)
        instance = self.object if getattr(self, "object", None) else Inspection()
        if self.request.method == "POST":
            return formset_class(self.request.POST, instance=instance, prefix="items")
        return formset_class(instance=instance, prefix="items", initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                response = self.form_valid(form)
                formset.instance = self.object
                items = formset.save(commit=False)
                for obj in formset.deleted_objects:
                    obj.delete()
                for position, item in enumerate(items):
                    item.position = item.position or position + 1
                    item.save()
            return response
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class InspectionCreate(AttachmentsOnCreateMixin, InspectionFormMixin, CommunityCreateView):
    def checklist_initial(self):
        return [{"item": str(text), "result": CheckResult.PASS} for text in DEFAULT_CHECKLIST]

    def get_initial(self):
        initial = {"date": timezone.localdate()}
        plan_id = self.request.GET.get("plan")
        if plan_id and plan_id.isdigit():
            plan = InspectionPlan.objects.filter(community=self.community, pk=plan_id).first()
            if plan is not None:
                initial.update(
                    plan=plan,
                    inspection_type=plan.inspection_type,
                    method=plan.method,
                    places=list(plan.places.all()),
                    target_groups=plan.target_groups,
                    scope=plan.scope[:200],
                    inspectors=plan.inspectors,
                    working_group=plan.working_group,
                )
        return initial


class InspectionUpdate(InspectionFormMixin, CommunityUpdateView):
    pass


class InspectionDelete(CommunityDeleteView):
    model = Inspection
    success_url_name = "hazards:inspection_list"


# Monitoring -----------------------------------------------------------------------------------


class Monitoring(KeptContentMixin, CommunityMixin, TemplateView):
    """High-risk places: when each was last inspected and which are overdue; project checks."""

    template_name = "hazards/monitoring.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_html is not None:
            context["title"] = _("重点场所监测")
            return context
        today = timezone.localdate()
        # The watch order needs every place's last inspection: computed once (cached until the
        # community's records change), then only the page's places are loaded.
        rows = selectors.watch_summary(self.community, today)
        overdue_count = sum(1 for row in rows if row.overdue)
        watched_count = len(rows)
        if self.request.GET.get("overdue") == "1":
            rows = [row for row in rows if row.overdue]
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        watch_rows = selectors.watch_rows(self.community, page.object_list)
        context.update(
            title=_("重点场所监测"),
            today=today,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            watch_rows=watch_rows,
            watch_table=watch_table(watch_rows),
            overdue_count=overdue_count,
            watched_count=watched_count,
            only_overdue=self.request.GET.get("overdue") == "1",
            project_checks=selectors.project_inspections_by_group(
                self.community, PROJECT_INSPECTION_TYPES
            ),
            schedule_figures=selectors.schedule_figures(self.community, today),
        )
        return context


def watch_table(watch_rows):
    """The cells of the monitoring table, resolved once here: the page shows 50 places, and each
    lookup, filter and translation in the template's row costs more than the same in Python."""
    from committee.templatetags.sc_tags import level_badge, ymd

    kinds = {value: str(label) for value, label in Place._meta.get_field("kind").flatchoices}
    levels = {value: str(label) for value, label in Place._meta.get_field("risk_level").flatchoices}
    not_yet, on_time = gettext("尚未检查"), gettext("按期")
    rows = []
    for row in watch_rows:
        place = row.place
        rows.append(
            {
                "url": place.get_absolute_url(),
                "name": place.name,
                "kind": kinds.get(place.kind, place.kind),
                "level": level_badge(
                    place.risk_level, levels.get(place.risk_level, place.risk_level)
                ),
                "group": "" if place.working_group is None else str(place.working_group),
                "interval": gettext("%(n)s 天") % {"n": place.interval_days},
                "last": ymd(row.last_inspected) if row.last_inspected else not_yet,
                "next_due": ymd(row.next_due),
                "status": format_html(
                    '<span class="badge text-bg-danger">{}</span>',
                    gettext("逾期 %(n)s 天") % {"n": row.overdue_days},
                )
                if row.overdue
                else format_html('<span class="badge text-bg-success">{}</span>', on_time),
            }
        )
    return rows
