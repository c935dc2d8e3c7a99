"""Emergency plans: list, page with the version chain, create, edit, revise, delete, document."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from safecommunity.display import label_choices
from safecommunity.files import StoredFileView
from safecommunity.tenancy import CommunityMixin
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    CreatorMixin,
    DetailFieldsMixin,
    InlineRowsMixin,
)
from safecommunity.workflow import error_text

from .. import selectors, services
from ..choices import PlanStatus
from ..filters import PlanFilter
from ..forms import PlanForm, PlanGroupFormSet, PlanRevisionForm, group_formset_class
from ..models import EmergencyPlan
from ..services.plans import GROUP_FIELDS


class PlanList(CommunityListView):
    model = EmergencyPlan
    template_name = "emergency/plan_list.html"
    filterset_class = PlanFilter
    search_fields = ("title", "code", "owner_unit", "scope")
    create_url_name = "emergency:plan_create"
    title = gettext_lazy("应急预案")

    def base_queryset(self):
        queryset = selectors.plan_list(self.community)
        if self.request.GET.get("status") != PlanStatus.SUPERSEDED:
            queryset = queryset.exclude(status=PlanStatus.SUPERSEDED)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today
        rows = context["object_list"]
        drilled = selectors.held_drill_counts(self.community, {plan.lineage for plan in rows})
        label_choices(rows, "category", "emergency_type", "level", "status")
        for plan in rows:
            plan.review = plan.review_state(today)
            plan.drill_count = drilled.get(plan.lineage, 0)
        return context


class PlanDetail(DetailFieldsMixin, CommunityDetailView):
    model = EmergencyPlan
    template_name = "emergency/plan_detail.html"
    detail_fields = [
        "code",
        "category",
        "emergency_type",
        "level",
        "status",
        "owner_unit",
        "working_group",
        "approved_on",
        "approved_by",
        "next_review",
        "scope",
    ]

    def get_queryset(self):
        return selectors.plans(self.community).select_related("predecessor", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        slug = self.community.slug
        editable = context["can_edit"] and not plan.is_history
        context.update(
            today=timezone.localdate(),
            review=plan.review_state(timezone.localdate()),
            versions=list(selectors.plan_versions(plan)),
            groups=plan.groups.all(),
            hazards=plan.hazards.order_by("safety_area", "title"),
            drills=selectors.plan_drills(plan)[:10],
            can_edit=editable,
        )
        context["live_version"] = next(
            (v for v in context["versions"] if v.status != PlanStatus.SUPERSEDED), None
        )
        if editable:
            context["edit_url"] = reverse("emergency:plan_update", args=[slug, plan.pk])
            context["revise_url"] = reverse("emergency:plan_revise", args=[slug, plan.pk])
            context["delete_url"] = reverse("emergency:plan_delete", args=[slug, plan.pk])
        return context


class PlanCreate(CreatorMixin, InlineRowsMixin, CommunityCreateView):
    model = EmergencyPlan
    form_class = PlanForm
    formset_class = PlanGroupFormSet
    formset_prefix = "groups"
    template_name = "emergency/plan_form.html"


class PlanUpdate(InlineRowsMixin, CommunityUpdateView):
    """Corrections to the live version; a substantive change is a revision (new version)."""

    model = EmergencyPlan
    form_class = PlanForm
    formset_class = PlanGroupFormSet
    formset_prefix = "groups"
    template_name = "emergency/plan_form.html"

    def get_object(self, queryset=None):
        plan = super().get_object(queryset)
        if plan.is_history:
            raise PermissionDenied
        return plan


class PlanRevise(CommunityMixin, FormView):
    """Issue a new version: the form starts from the current one; what changed and why are
    required; the current version is kept as history."""

    requires_edit = True
    form_class = PlanRevisionForm
    template_name = "emergency/plan_form.html"

    def get_plan(self):
        plan = get_object_or_404(selectors.plans(self.community), pk=self.kwargs["pk"])
        if plan.is_history or not self.can_edit_object(plan):
            raise PermissionDenied
        return plan

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.plan, community=self.community, user=self.request.user)
        return kwargs

    def get_formset(self):
        initial = [{k: getattr(g, k) for k in GROUP_FIELDS} for g in self.plan.groups.all()]
        formset_class = group_formset_class(extra=len(initial) + 2)
        kwargs = {"instance": EmergencyPlan(), "prefix": "groups", "initial": initial}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return formset_class(**kwargs)

    def get(self, request, *args, **kwargs):
        self.plan = self.get_plan()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.plan = self.get_plan()
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            groups = _group_rows(formset)
            try:
                with transaction.atomic():
                    revision = services.revise_plan(
                        self.plan,
                        user=request.user,
                        change_summary=data.pop("change_summary"),
                        change_reason=data.pop("change_reason"),
                        hazards=data.pop("hazards"),
                        changes=data,
                        groups=groups,
                    )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("已发布%(version)s。") % {"version": revision.version_label}
                )
                return redirect(revision.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        context.update(
            community=self.community,
            object=self.plan,
            revising=True,
            title=_("修订预案：%(title)s（将发布第%(n)d版）")
            % {"title": self.plan.title, "n": self.plan.version_no + 1},
        )
        return context


def _group_rows(formset):
    """The organisation rows a revision keeps: rows changed on the page (validated), rows carried
    over unchanged from the predecessor (their initial values), minus rows marked for deletion."""
    rows = []
    for form in formset.forms:
        if form.has_changed():
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
        elif form.initial:
            data = form.initial
        else:
            continue
        rows.append({k: data.get(k, "") for k in GROUP_FIELDS if k != "order"})
    return rows


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class PlanDelete(CommunityDeleteView):
    model = EmergencyPlan
    success_url_name = "emergency:plan_list"

    def form_valid(self, form):
        try:
            predecessor = services.delete_plan(self.object)
        except ValidationError as exc:
            messages.error(self.request, error_text(exc))
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("已删除。"))
        if predecessor is not None:
            return redirect(predecessor.get_absolute_url())
        return redirect(self.get_success_url())


class PlanDocument(StoredFileView):
    """The plan document, only through this view (community and role checked), as a download."""

    model = EmergencyPlan
    field = "document"

    def get_queryset(self):
        return selectors.plans(self.community)

    def download_name(self, plan):
        return plan.document_name or plan.title
