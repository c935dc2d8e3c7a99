"""The accreditation dossier page: start a build, watch its progress, download PDF and ZIP."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from safecommunity.files import serve_file
from safecommunity.tenancy import CommunityMixin

from .. import selectors
from ..choices import JobState
from ..dossier_content import default_period
from ..forms import DossierForm
from ..services import dossier as services


class Dossier(CommunityMixin, TemplateView):
    template_name = "archive/dossier.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        builds = [services.expire_if_stale(b) for b in selectors.dossier_builds(self.community)[:5]]
        start, end = default_period(self.community)
        context.update(
            title=_("申报材料"),
            builds=builds,
            current=builds[0] if builds else None,
            form=kwargs.get("form")
            or DossierForm(initial={"period_start": start, "period_end": end}),
            can_build=self.membership.role in self.edit_roles,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.membership.role not in self.edit_roles:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = DossierForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        running = selectors.dossier_builds(self.community).filter(
            state__in=[JobState.PENDING, JobState.RUNNING]
        )
        if any(not services.expire_if_stale(b).is_finished for b in running):
            messages.warning(request, _("已有申报材料正在生成，请等待完成。"))
        else:
            services.start_build(
                community=self.community,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                user=request.user,
            )
            messages.success(request, _("已开始生成申报材料。"))
        return HttpResponseRedirect(request.path)


@method_decorator(never_cache, name="dispatch")
class DossierStatus(CommunityMixin, View):
    def get(self, request, *args, **kwargs):
        build = get_object_or_404(selectors.dossier_builds(self.community), pk=kwargs["pk"])
        return JsonResponse(services.job_status(build))


class DossierDownload(CommunityMixin, View):
    def get(self, request, *args, **kwargs):
        build = get_object_or_404(
            selectors.dossier_builds(self.community), pk=kwargs["pk"], state=JobState.DONE
        )
        stamp = f"{build.finished_at:%Y%m%d}" if build.finished_at else ""
        label = _("安全社区申报材料")
        base = f"{self.community.name}-{label}{stamp}"
        if kwargs["what"] == "pdf":
            return serve_file(build.pdf, filename=f"{base}.pdf", content_type="application/pdf")
        if kwargs["what"] == "zip":
            return serve_file(build.zip, filename=f"{base}.zip", content_type="application/zip")
        raise Http404
