"""Entry forms that survive no signal: the server half of the phone outbox (static/js/offline.js).

- ``OfflineCreateMixin`` for a create view: a POST carrying a ``client_id`` (a UUID made on the
  device) that was already accepted for this user stores nothing and redirects to the first
  record. A POST sent by the outbox (header ``X-Offline-Outbox``) is answered with JSON
  ``{"accepted": true, "url": ...}`` instead of the redirect, so the script can tell an accepted
  entry from a login page or a form shown again with errors.
- ``VersionCheckMixin`` for an update view: the form carries the record's version (its
  ``updated_at``, else its latest history row); a save over a record changed since the form was
  loaded is refused with 409 and a page showing the current values beside the user's input.
- The small views the script and the installable web app need: the CSRF token, the outbox
  page, the offline fallback page, the web app manifest and the service worker.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .models import ClientSubmission
from .views import display_value

OUTBOX_HEADER = "HTTP_X_OFFLINE_OUTBOX"
CAPABLE_HEADER = "X-Offline-Capable"  # the service worker keeps a copy of such pages
REDIRECTS = (301, 302, 303)


def parse_client_id(value: Any) -> uuid.UUID | None:
    """The device's id for an entry, or None when absent or not a UUID (then the POST is an
    ordinary one)."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def earlier_submission(user: Any, client_id: uuid.UUID) -> ClientSubmission | None:
    return ClientSubmission.objects.filter(user=user, client_id=client_id).first()


def record_submission(
    community: Any, user: Any, client_id: uuid.UUID, record: Any, url: str
) -> ClientSubmission:
    return ClientSubmission.objects.create(
        community=community,
        user=user,
        client_id=client_id,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        url=url[:300],
    )


class OfflineCreateMixin:
    """A create view whose form may come from the phone outbox (put it before the view's own
    ``post``, e.g. first among the bases). The view sets ``self.object`` to the saved record
    and answers a redirect on success, as Django's CreateView does; a view with a ``post`` of
    its own names it ``accept`` instead, so the check runs first."""

    def accept(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def offline_record_url(self, record: Any) -> str:
        return record.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("client_id", uuid.uuid4())
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            response[CAPABLE_HEADER] = "1"
        return response

    def offline_answer(self, url: str, duplicate: bool = False) -> HttpResponse:
        if self.request.META.get(OUTBOX_HEADER):
            return JsonResponse({"accepted": True, "url": url, "duplicate": duplicate})
        return redirect(url)

    def resend(self, earlier: ClientSubmission) -> HttpResponse:
        if earlier.community_id != self.community.pk:
            # The same device id sent to another community: never point there.
            return HttpResponseBadRequest(_("该条目已发送到其他社区。"))
        return self.offline_answer(earlier.url, duplicate=True)

    def post(self, request, *args, **kwargs):
        client_id = parse_client_id(request.POST.get("client_id"))
        if client_id is None:
            return self.accept(request, *args, **kwargs)
        earlier = earlier_submission(request.user, client_id)
        if earlier is not None:
            return self.resend(earlier)
        try:
            with transaction.atomic():
                response = self.accept(request, *args, **kwargs)
                record = getattr(self, "object", None)
                accepted = response.status_code in REDIRECTS and record is not None and record.pk
                if accepted:
                    url = self.offline_record_url(record)
                    record_submission(self.community, request.user, client_id, record, url)
        except IntegrityError:
            # A resend that raced the first send: that one won, this one stored nothing.
            earlier = earlier_submission(request.user, client_id)
            if earlier is None:
                raise
            return self.resend(earlier)
        if accepted:
            return self.offline_answer(response["Location"])
        return response


# Edit conflicts --------------------------------------------------------------------------------

VERSION_FIELD = "record_version"


def record_version(record: Any) -> str:
    """What changes whenever the record is saved: ``updated_at``, else the id of its latest
    history row (django-simple-history), else nothing (no check)."""
    updated = getattr(record, "updated_at", None)
    if updated is not None:
        return updated.isoformat()
    history = getattr(record, "history", None)
    if history is not None:
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        return str(latest or "")
    return ""


class VersionCheckMixin:
    """An update view that refuses to overwrite a change saved by someone else meanwhile.

    The form page carries ``record_version`` (templates render ``_record_version.html``); a POST
    whose version is not the record's current one re-renders the form with the user's input,
    the current version (so saving again knowingly applies the input) and a table of the fields
    where the stored values differ from the input, with status 409 Conflict.
    """

    conflict_template = "_conflict.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[VERSION_FIELD] = record_version(self.object)
        return context

    def form_valid(self, form):
        sent = self.request.POST.get(VERSION_FIELD)
        stored = type(self.object)._default_manager.get(pk=self.object.pk)
        current = record_version(stored)
        if sent is not None and current and sent != current:
            return self.conflict(form, stored, current)
        return super().form_valid(form)

    def conflict(self, form, stored: Any, current_version: str) -> HttpResponse:
        rows = []
        for name, field in form.fields.items():
            if name not in form.cleaned_data or not hasattr(stored, name):
                continue
            theirs, mine = field_value(stored, name), form.cleaned_data[name]
            if comparable(theirs) != comparable(mine):
                choices = dict(getattr(field, "flatchoices", None) or ())
                rows.append((form[name].label, shown(theirs, choices), shown(mine, choices)))
        context = self.get_context_data(form=form)
        context[VERSION_FIELD] = current_version
        context["conflict_rows"] = rows
        context["edit_conflict"] = True
        response = self.render_to_response(context)
        response.status_code = 409
        return response


def field_value(record: Any, name: str) -> Any:
    value = getattr(record, name)
    manager = getattr(value, "all", None)
    if callable(manager):  # many-to-many
        return list(manager())
    return value


def comparable(value: Any) -> Any:
    """A stored value and a cleaned form value in one shape: records by pk, many as a set,
    files by name, empty as None."""
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return frozenset(comparable(v) for v in value)
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, File):
        return value.name or None
    if value in ("", None):
        return None
    return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else value


def shown(value: Any, choices: dict) -> str:
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return "、".join(shown(v, choices) for v in value) or "—"
    if value in ("", None):
        return "—"
    if not hasattr(value, "_meta") and choices and value in choices:
        return str(choices[value])
    if isinstance(value, File):
        return value.name or "—"
    return str(display_value(value))


# Views of the outbox and the installable web app ----------------------------------------------


@never_cache
@login_required
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token for the outbox (a cached form page may carry a rotated one)."""
    return JsonResponse({"token": get_token(request)})


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """What this device is keeping to send (listed by the script from IndexedDB)."""
    response = render(request, "safecommunity/outbox.html", {"title": _("待发送")})
    response[CAPABLE_HEADER] = "1"
    return response


def offline_page(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page never visited while online."""
    return render(request, "safecommunity/offline.html", {"title": _("无网络连接")})


def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("安全社区"),
        "short_name": _("安全社区"),
        "description": _("安全社区管理平台：现场填报，无信号时保存在本机。"),
        "lang": "zh-Hans",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


SW_VERSION = "1"  # bump when sw.js's logic changes; asset changes change the hash by themselves

PRECACHE = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/htmx/htmx.min.js",
    "css/site.css",
    "css/schedules.css",
    "js/site.js",
    "js/offline.js",
    "img/icon-192.png",
]


def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js at the root, so its scope is the whole site. The asset list uses the static URLs
    (hashed names in production), and the cache version follows them."""
    assets = [static(name) for name in PRECACHE]
    version = f"{SW_VERSION}-{hashlib.sha256(' '.join(assets).encode()).hexdigest()[:10]}"
    response = render(
        request,
        "safecommunity/sw.js",
        {"version": version, "assets": assets, "offline_url": "/offline/"},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
