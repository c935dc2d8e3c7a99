"""Periodic evaluation reports (element 12): list, on-demand generation, detail, status for polling."""

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from safecommunity.tenancy import CommunityMixin
from safecommunity.views import CommunityDetailView, CommunityListView

from .. import selectors
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


class ReportCreate(CommunityMixin, TemplateView):
    """The period chooser; POST generates (or regenerates) that report in the background.

    A refused request (a bad period, or a running one not yet confirmed) comes back on this page
    with everything chosen kept and the warning next to the confirmation box.
    """

    template_name = "archive/report_form.html"
    requires_edit = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("生成评估报告"), form=kwargs.get("form") or ReportRequestForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ReportRequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        report = services.request_report(
            community=self.community,
            kind=form.cleaned_data["kind"],
            period=form.period,
            user=request.user,
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
        context["regenerate_form"] = ReportRequestForm.for_report(report)
        context["status"] = services.job_status(report)
        context["headline"] = report.summary.get("headline", {})
        context["gaps"] = report.summary.get("gaps", [])
        return context


@method_decorator(never_cache, name="dispatch")
class ReportStatus(CommunityMixin, View):
    """The report's state for polling: JSON, or (htmx) the page's state block, re-rendered.

    The block carries the badge, the message and the progress bar from one status, so they
    cannot disagree; it keeps polling itself until the report is finished.
    """

    def get(self, request, *args, **kwargs):
        report = get_object_or_404(selectors.reports(self.community), pk=kwargs["pk"])
        report = services.expire_if_stale(report)
        status = services.job_status(report)
        if request.headers.get("HX-Request"):
            return render(
                request,
                "archive/_report_state.html",
                {
                    "community": self.community,
                    "object": report,
                    "status": status,
                    "gaps": report.summary.get("gaps", []),
                },
            )
        return JsonResponse(status)
