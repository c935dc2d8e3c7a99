"""Periodic evaluation reports (element 12): list, on-demand generation, detail, status for polling."""

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from safecommunity.tenancy import CommunityMixin
from safecommunity.views import CommunityDetailView, CommunityListView

from .. import selectors
from ..choices import JobState
from ..filters import ReportFilter
from ..forms import ReportRequestForm
from ..models import Report
from ..services import reports as services


class ReportList(CommunityListView):
    model = Report
    template_name = "archive/report_list.html"
    filterset_class = ReportFilter
    search_fields = ("title",)
    title = gettext_lazy("评估报告")

    def base_queryset(self):
        return selectors.reports(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["request_form"] = ReportRequestForm()
        return context


class ReportCreate(CommunityMixin, View):
    """POST: generate (or regenerate) the report of a kind and period, in the background."""

    requires_edit = True

    def post(self, request, *args, **kwargs):
        form = ReportRequestForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(reverse("archive:report_list", args=[self.community.slug]))
        data = form.cleaned_data
        period = services.period_for(data["kind"], data["day"], data.get("end"))
        report = services.request_report(
            community=self.community, kind=data["kind"], period=period, user=request.user
        )
        messages.success(
            request, _("已提交生成“%(title)s”，完成后会通知办公室。") % {"title": report.title}
        )
        return HttpResponseRedirect(report.get_absolute_url())


class ReportDetail(CommunityDetailView):
    model = Report
    template_name = "archive/report_detail.html"

    def get_queryset(self):
        return selectors.reports(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["can_generate"] = self.membership.role in self.edit_roles
        context["regenerate_form"] = ReportRequestForm(
            initial={"kind": report.kind, "day": report.period_start, "end": report.period_end}
        )
        context["headline"] = report.summary.get("headline", {})
        context["gaps"] = report.summary.get("gaps", [])
        return context


@method_decorator(never_cache, name="dispatch")
class ReportStatus(CommunityMixin, View):
    def get(self, request, *args, **kwargs):
        report = get_object_or_404(selectors.reports(self.community), pk=kwargs["pk"])
        report = services.expire_if_stale(report)
        done = report.state == JobState.DONE and report.document_id
        return JsonResponse(
            {
                "state": report.state,
                "progress": 100
                if report.is_finished
                else (50 if report.state == JobState.RUNNING else 5),
                "message": report.message or report.get_state_display(),
                "download_url": report.document.get_download_url() if done else "",
            }
        )
