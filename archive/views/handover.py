"""The office's hand-over page: download the community's package, or fill an empty community
from one (upload → preview → confirm).

The export is built synchronously into a temporary file and streamed. A background job would
need a job row (a model and a migration) and a worker for what is mostly copying files; the
time goes into reading the evidence files, as for a download of the dossier ZIP. A community too
large for a web request has ``manage.py export_community``, which the page names.
"""

import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin

from ..handover import ledgers
from ..services.handover import (
    HandoverError,
    community_is_empty,
    export_community,
    import_community,
)

MAX_PACKAGE_BYTES = getattr(settings, "HANDOVER_MAX_UPLOAD_BYTES", 2 * 1024**3)


class PackageForm(forms.Form):
    package = forms.FileField(label=gettext_lazy("社区交接包（ZIP）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].widget.attrs.update({"class": "form-control", "accept": ".zip"})

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("只支持 .zip 文件。"))
        if upload.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(_("文件过大。"))
        return upload


def _staging_dir():
    path = Path(settings.VAR_DIR) / "handover"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Handover(CommunityMixin, View):
    view_roles = OFFICE_ONLY
    template_name = "archive/handover.html"

    def session_key(self):
        return f"handover:{self.community.pk}"

    def render_page(self, **context):
        context.setdefault("form", PackageForm())
        context.update(
            community=self.community,
            membership=self.membership,
            title=_("社区交接与备份"),
            ledgers=ledgers(),
            is_empty=community_is_empty(self.community),
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = PackageForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form=form)
        token = uuid.uuid4().hex
        path = _staging_dir() / f"{token}.zip"
        with path.open("wb") as target:
            for chunk in form.cleaned_data["package"].chunks():
                target.write(chunk)
        try:
            with path.open("rb") as source:
                report = import_community(self.community, source, user=request.user, commit=False)
        except HandoverError as exc:
            path.unlink(missing_ok=True)
            form.add_error("package", str(exc))
            return self.render_page(form=form)
        request.session[self.session_key()] = token
        return self.render_page(report=report, token=token if report.ok else None)

    def confirm(self, request):
        token = request.session.get(self.session_key())
        if not token or request.POST.get("token") != token:
            raise PermissionDenied
        path = _staging_dir() / f"{token}.zip"
        try:
            with path.open("rb") as source:
                report = import_community(self.community, source, user=request.user)
        except (HandoverError, FileNotFoundError) as exc:
            messages.error(request, str(exc))
            return redirect("archive:handover", community=self.community.slug)
        if not report.committed:
            return self.render_page(report=report)
        path.unlink(missing_ok=True)
        del request.session[self.session_key()]
        messages.success(
            request,
            _("交接包已导入：%(rows)d 条记录，%(files)d 个文件。")
            % {"rows": report.total, "files": report.files},
        )
        return redirect("archive:handover", community=self.community.slug)


class HandoverExport(CommunityMixin, View):
    view_roles = OFFICE_ONLY

    def get(self, request, *args, **kwargs):
        handle = tempfile.TemporaryFile(dir=_staging_dir())
        export_community(self.community, handle)
        handle.seek(0)
        label = _("交接包")
        filename = f"{self.community.name}-{label}-{timezone.localdate():%Y%m%d}.zip"
        response = FileResponse(handle, as_attachment=True, content_type="application/zip")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        response["Cache-Control"] = "private, no-store"
        return response
