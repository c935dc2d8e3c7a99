"""Element 6: publicity, education and training activities, their import and their figures."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.evidence import Period, month_label
from safecommunity.importing import ExportView, ImportView
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

from .. import charts, selectors, statistics
from ..filters import ActivityFilter
from ..forms import ActivityForm
from ..models import Activity
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
        if context["can_edit"]:
            context["edit_url"] = reverse("projects:activity_update", args=[slug, self.object.pk])
        if self.membership.role == Role.OFFICE:
            context["delete_url"] = reverse("projects:activity_delete", args=[slug, self.object.pk])
        return context


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
