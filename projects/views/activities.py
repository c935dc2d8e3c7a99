"""Element 6: publicity, education and training activities, their import and their figures."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.evidence import Period, month_label
from safecommunity.importing import ExportView, ImportView
from safecommunity.offline import OfflineCreateMixin
from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    DetailFieldsMixin,
    EditableRowsMixin,
    FormPageMixin,
    GroupFormMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import charts, selectors, services, statistics
from ..filters import ActivityFilter
from ..forms import ActivityForm, ActivitySignInForm
from ..models import Activity, ActivitySignIn
from ..resources import ActivityResource


def last_twelve_months(today):
    """The period from the first day of the month eleven months ago up to today."""
    index = today.year * 12 + today.month - 1 - 11
    start = datetime.date(index // 12, index % 12 + 1, 1)
    return Period(start, today, f"{month_label(start)}–{month_label(today)}")


class ActivityList(EditableRowsMixin, CommunityListView):
    model = Activity
    template_name = "projects/activity_list.html"
    filterset_class = ActivityFilter
    search_fields = ("title", "place", "organiser", "audience")
    create_url_name = "projects:activity_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("宣传教育培训活动")

    def base_queryset(self):
        return selectors.activities(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.activity_totals(self.object_list)
        context["can_import"] = self.membership.role == Role.OFFICE
        return context


class ActivityStats(CommunityMixin, TemplateView):
    """Activities and participants by month, area and type; reach as a share of population."""

    template_name = "projects/activity_stats.html"

    def period(self):
        today = timezone.localdate()
        year = self.request.GET.get("year", "")
        if year.isdigit() and 2000 <= int(year) <= today.year:
            return Period.year(int(year))
        return last_twelve_months(today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period()
        stats = statistics.activity_stats(self.community, period)
        this_year = timezone.localdate().year
        context.update(
            title=gettext_lazy("宣传教育培训统计"),
            period=period,
            stats=stats,
            years=range(this_year, this_year - 5, -1),
            selected_year=self.request.GET.get("year", ""),
            month_chart=charts.activities_by_month(stats),
            participant_chart=charts.participants_by_month(stats),
            area_chart=charts.activities_by_area(stats),
            kind_chart=charts.activities_by_kind(stats),
            reach_chart=charts.reach_over_time(stats),
        )
        return context


class ActivityDetail(DetailFieldsMixin, CommunityDetailView):
    model = Activity
    template_name = "projects/activity_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "kind",
        "date",
        "place",
        "organiser",
        "working_group",
        "project",
        "safety_area",
        "audience",
        "target_group",
        "participants",
        "materials",
        "materials_count",
        "content",
    ]

    def get_queryset(self):
        return selectors.activities(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        context["sign_ins"] = list(self.object.sign_ins.all())
        if context["can_edit"]:
            context["edit_url"] = reverse("projects:activity_update", args=[slug, self.object.pk])
            context["sign_in_url"] = reverse(
                "projects:activity_sign_in", args=[slug, self.object.pk]
            )
        if self.membership.role == Role.OFFICE:
            context["delete_url"] = reverse("projects:activity_delete", args=[slug, self.object.pk])
        return context


class ActivitySignInCreate(OfflineCreateMixin, CommunityCreateView):
    """现场签到 on the organiser's phone: one participant per entry, the form ready again for
    the next; with no signal the entries wait in the phone's outbox (``safecommunity.offline``)
    and are stored once each when it returns. Who may edit the activity may take sign-ins."""

    model = ActivitySignIn
    form_class = ActivitySignInForm
    template_name = "projects/activity_sign_in.html"
    edit_roles = OFFICE_AND_LEADERS

    def get_activity(self):
        if not hasattr(self, "activity"):
            self.activity = get_object_or_404(
                selectors.activities(self.community), pk=self.kwargs["pk"]
            )
            if not self.can_edit_object(self.activity):
                raise PermissionDenied
        return self.activity

    def get(self, request, *args, **kwargs):
        self.get_activity()
        return super().get(request, *args, **kwargs)

    def accept(self, request, *args, **kwargs):
        self.get_activity()
        return super().accept(request, *args, **kwargs)

    def form_title(self):
        return _("现场签到")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        recent = self.activity.sign_ins.order_by("-signed_at", "-pk")
        context["signed_count"] = recent.count()
        context["recent"] = list(recent[:5])
        return context

    def form_valid(self, form):
        form.instance.activity = self.activity
        form.instance.created_by = self.request.user
        self.success_message = _("已签到：%(name)s（共 %(n)d 人）") % {
            "name": form.instance.name,
            "n": self.activity.sign_ins.count() + 1,
        }
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("projects:activity_sign_in", args=[self.community.slug, self.activity.pk])

    def offline_record_url(self, record):
        return self.get_success_url()


class ApplySignIns(WorkflowStepView):
    """以签到名单为准: the activity's participant figures set from its sign-ins."""

    model = Activity
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return selectors.activities(self.community)

    def perform(self, activity, form):
        if not activity.sign_ins.exists():
            messages.warning(self.request, _("还没有签到记录。"))
            return False
        activity = services.apply_sign_ins(activity)
        messages.success(
            self.request,
            _("已按签到名单更新参加人数：%(n)d 人。") % {"n": activity.participants},
        )
        return False


class ActivityCreate(AttachmentsOnCreateMixin, FormPageMixin, GroupFormMixin, CommunityCreateView):
    model = Activity
    template_name = "projects/form.html"
    cancel_url_name = "projects:activity_list"
    form_class = ActivityForm
    edit_roles = OFFICE_AND_LEADERS

    def get_initial(self):
        initial = {"date": timezone.localdate()}
        project = self.request.GET.get("project", "")
        if project.isdigit():
            found = selectors.projects(self.community).filter(pk=project).first()
            if found is not None:
                initial.update(
                    project=found.pk,
                    working_group=found.working_group_id,
                    safety_area=found.safety_area,
                )
        return initial


class ActivityUpdate(FormPageMixin, GroupFormMixin, CommunityUpdateView):
    model = Activity
    template_name = "projects/form.html"
    cancel_url_name = "projects:activity_list"
    form_class = ActivityForm
    edit_roles = OFFICE_AND_LEADERS


class ActivityDelete(CommunityDeleteView):
    model = Activity
    success_url_name = "projects:activity_list"


class ActivityImport(ImportView):
    resource_class = ActivityResource
    title = gettext_lazy("导入宣传教育培训活动")
    success_url_name = "projects:activity_list"


class ActivityExport(ExportView):
    resource_class = ActivityResource
    filename = gettext_lazy("宣传教育培训活动台账")
