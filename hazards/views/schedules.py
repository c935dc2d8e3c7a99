"""Checklist templates, inspection schedules, their calendar, and doing a due inspection."""

import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, TemplateView

from safecommunity.offline import OfflineCreateMixin
from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin, leads_group
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityFormMixin,
    CommunityListView,
    CommunityUpdateView,
    CreatorMixin,
    DetailFieldsMixin,
    EditableRowsMixin,
    FormPageMixin,
    GroupFormMixin,
    InlineRowsMixin,
    KeptContentMixin,
)

from .. import selectors
from ..choices import OccurrenceStatus
from ..forms import (
    ChecklistItemFormSet,
    ChecklistTemplateForm,
    InspectionScheduleForm,
    OccurrenceInspectionForm,
    OccurrenceItemFormSet,
)
from ..models import ChecklistTemplate, Inspection, InspectionSchedule
from ..services import schedules as services

# Checklist templates ---------------------------------------------------------------------------


class ChecklistList(CommunityListView):
    model = ChecklistTemplate
    template_name = "hazards/checklist_list.html"
    search_fields = ("name",)
    create_url_name = "hazards:checklist_create"
    title = gettext_lazy("检查表模板")
    columns = (
        (gettext_lazy("模板名称"), "name"),
        (gettext_lazy("适用场所类型"), "get_place_kind_display"),
        (gettext_lazy("检查项目数"), "item_count"),
    )

    def base_queryset(self):
        return selectors.checklists(self.community)


class ChecklistInstall(CommunityMixin, View):
    """Copy the built-in templates (market, school, site, elderly home, waterside) into the
    community, so the office edits its own copies."""

    requires_edit = True

    def post(self, request, *args, **kwargs):
        added = services.install_builtin_checklists(self.community)
        messages.success(request, _("已载入 %(n)d 个内置检查表模板。") % {"n": added})
        return redirect("hazards:checklist_list", self.community.slug)


class ChecklistDetail(DetailFieldsMixin, CommunityDetailView):
    model = ChecklistTemplate
    template_name = "hazards/checklist_detail.html"
    detail_fields = ["name", "place_kind", "notes"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        context["edit_url"] = reverse("hazards:checklist_update", args=[slug, self.object.pk])
        context["delete_url"] = reverse("hazards:checklist_delete", args=[slug, self.object.pk])
        context["items"] = self.object.items.all()
        return context


class ChecklistFormMixin(InlineRowsMixin, FormPageMixin):
    model = ChecklistTemplate
    form_class = ChecklistTemplateForm
    formset_class = ChecklistItemFormSet
    formset_prefix = "items"
    template_name = "hazards/checklist_form.html"
    cancel_url_name = "hazards:checklist_list"

    def after_save(self, obj):
        # Numbered rows first, in their order; rows left unnumbered after them, as typed.
        rows = sorted(obj.items.all(), key=lambda item: (item.position or 10**4, item.pk))
        for position, item in enumerate(rows, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


class ChecklistCreate(ChecklistFormMixin, CommunityCreateView):
    pass


class ChecklistUpdate(ChecklistFormMixin, CommunityUpdateView):
    pass


class ChecklistDelete(CommunityDeleteView):
    model = ChecklistTemplate
    success_url_name = "hazards:checklist_list"


# Schedules ---------------------------------------------------------------------------------------


class ScheduleList(EditableRowsMixin, CommunityListView):
    model = InspectionSchedule
    template_name = "hazards/schedule_list.html"
    search_fields = ("title",)
    create_url_name = "hazards:schedule_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("检查排程")

    def base_queryset(self):
        return selectors.schedules(self.community)


class ScheduleDetail(DetailFieldsMixin, CommunityDetailView):
    model = InspectionSchedule
    template_name = "hazards/schedule_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "recurrence",
        "rrule",
        "holiday_dates",
        "start_date",
        "end_date",
        "places",
        "checklist",
        "inspection_type",
        "method",
        "team",
        "working_group",
        "is_active",
    ]

    def get_queryset(self):
        return selectors.schedules(self.community).prefetch_related("places", "team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        today = timezone.localdate()
        context["edit_url"] = reverse("hazards:schedule_update", args=[slug, self.object.pk])
        context["delete_url"] = reverse("hazards:schedule_delete", args=[slug, self.object.pk])
        rows = selectors.occurrences(self.community).filter(schedule=self.object)
        context["upcoming"] = rows.filter(status=OccurrenceStatus.DUE).order_by("due_date")[:20]
        context["past"] = rows.exclude(status=OccurrenceStatus.DUE).order_by("-due_date")[:20]
        context["today"] = today
        return context


class ScheduleFormMixin(FormPageMixin, GroupFormMixin, CreatorMixin):
    model = InspectionSchedule
    form_class = InspectionScheduleForm
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:schedule_list"
    edit_roles = OFFICE_AND_LEADERS

    def form_valid(self, form):
        response = super().form_valid(form)
        added = services.generate_occurrences(self.object)
        if added:
            messages.info(self.request, _("已生成 %(n)d 项待检查任务。") % {"n": added})
        return response


class ScheduleCreate(ScheduleFormMixin, CommunityCreateView):
    def get_initial(self):
        return {"start_date": timezone.localdate()}


class ScheduleUpdate(ScheduleFormMixin, CommunityUpdateView):
    pass


class ScheduleDelete(CommunityDeleteView):
    model = InspectionSchedule
    edit_roles = OFFICE_AND_LEADERS
    success_url_name = "hazards:schedule_list"


# The calendar ------------------------------------------------------------------------------------


def _month(value, today):
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, AttributeError):
        return today.replace(day=1)


class ScheduleCalendar(KeptContentMixin, CommunityMixin, TemplateView):
    """A month of due inspections, mine or everybody's, each linking to doing it."""

    template_name = "hazards/schedule_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_html is not None:
            context["title"] = _("检查日历")
            return context
        today = timezone.localdate()
        first = _month(self.request.GET.get("month", ""), today)
        if not 2000 <= first.year <= 2100:
            first = today.replace(day=1)
        days_in_month = calendar.monthrange(first.year, first.month)[1]
        last = first.replace(day=days_in_month)
        who = self.request.GET.get("who") or (
            "all" if self.role in ("office", "reviewer") else "me"
        )
        rows = (
            selectors.occurrences_of(self.community, self.membership)
            if who == "me"
            else selectors.occurrences(self.community)
        )
        by_day = {}
        for occ in rows.filter(due_date__range=(first, last)).order_by("due_date", "place__name"):
            occ.community = self.community
            by_day.setdefault(occ.due_date, []).append(occ)
        weeks = [
            [
                {"day": day, "in_month": day.month == first.month, "items": by_day.get(day, [])}
                for day in week
            ]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
                first.year, first.month
            )
        ]
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        context.update(
            title=_("检查日历"),
            month=first,
            weeks=weeks,
            days=[(day, by_day[day]) for day in sorted(by_day)],
            today=today,
            who=who,
            previous=f"{previous:%Y-%m}",
            following=f"{following:%Y-%m}",
            current=f"{first:%Y-%m}",
            statuses=OccurrenceStatus,
        )
        return context


# Doing a due inspection ---------------------------------------------------------------------------


def may_do(membership, occurrence):
    """Office staff, the schedule's team, and leaders of its group may record it."""
    if membership.role == "office":
        return True
    schedule = occurrence.schedule
    if membership.role == "reviewer" or membership.role == "reporter":
        return False
    if schedule.team.filter(pk=membership.user_id).exists():
        return True
    return membership.role == "leader" and leads_group(membership.user, schedule.working_group)


class OccurrenceDo(
    OfflineCreateMixin, FormPageMixin, CommunityFormMixin, CommunityMixin, CreateView
):
    """The inspection form of one due inspection, pre-filled from its schedule, one row per
    checklist item. The form is ``data-offline="inspection"`` with a ``client_id``, for the
    offline outbox."""

    model = Inspection
    form_class = OccurrenceInspectionForm
    template_name = "hazards/occurrence_form.html"
    cancel_url_name = "hazards:schedule_calendar"
    requires_edit = False
    success_message = gettext_lazy("检查已记录。")

    def get_occurrence(self):
        if not hasattr(self, "_occurrence"):
            self._occurrence = get_object_or_404(
                selectors.occurrences(self.community).select_related(
                    "schedule__checklist", "schedule__working_group"
                ),
                pk=self.kwargs["pk"],
            )
            if not may_do(self.membership, self._occurrence):
                raise PermissionDenied
        return self._occurrence

    def get(self, request, *args, **kwargs):
        occurrence = self.get_occurrence()
        if occurrence.status == OccurrenceStatus.DONE and occurrence.inspection_id:
            return redirect(
                "hazards:inspection_detail", self.community.slug, occurrence.inspection_id
            )
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        occurrence = self.get_occurrence()
        schedule = occurrence.schedule
        team = ", ".join(user.get_full_name() or user.username for user in schedule.team.all())
        return {
            "date": timezone.localdate(),
            "inspection_type": schedule.inspection_type,
            "method": schedule.method,
            "places": [occurrence.place],
            "inspectors": (team or self.request.user.get_full_name() or self.request.user.username)[
                :200
            ],
        }

    def form_title(self):
        occurrence = self.get_occurrence()
        return _("检查：%(place)s") % {"place": occurrence.place.name}

    def get_formset(self):
        occurrence = self.get_occurrence()
        if self.request.method == "POST":
            return OccurrenceItemFormSet(
                self.request.POST, self.request.FILES, instance=Inspection(), prefix="items"
            )
        rows = services.checklist_rows(occurrence)
        formset_class = type("RowsFormSet", (OccurrenceItemFormSet,), {"extra": len(rows)})
        return formset_class(instance=Inspection(), prefix="items", initial=rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        context["occurrence"] = self.get_occurrence()
        return context

    def accept(self, request, *args, **kwargs):  # the POST, after OfflineCreateMixin's check
        occurrence = self.get_occurrence()
        self.object = None
        if occurrence.status == OccurrenceStatus.DONE and occurrence.inspection_id:
            # A resend of a form already saved: show the record, store nothing twice.
            return self.offline_answer(
                reverse(
                    "hazards:inspection_detail",
                    args=[self.community.slug, occurrence.inspection_id],
                )
            )
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                inspection = form.save(commit=False)
                inspection.community = self.community
                inspection.recorded_by = request.user
                inspection.working_group = occurrence.schedule.working_group
                inspection.save()
                form.save_m2m()
                formset.instance = inspection
                for position, item in enumerate(formset.save(commit=False), start=1):
                    item.position = position
                    item.save()
                services.complete_occurrence(occurrence, inspection)
            self.object = inspection
            messages.success(request, self.success_message)
            return redirect("hazards:inspection_detail", self.community.slug, inspection.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
