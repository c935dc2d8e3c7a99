"""PDF rendering: a Django template, then WeasyPrint, never the network.

Every PDF of the project (evaluation reports, the dossier) goes through
``render_pdf()`` so that all of them share the bundled CJK font, the print
base template ``pdf/base.html`` and an URL fetcher that reads ``/static/`` and
``/media/`` from local disk. Any other fetch is refused at once: the platform
runs on offline intranets, where waiting for a timeout would stall a worker.
"""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_PATH = FONT_DIR / "wqy-microhei.ttf"


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes.

    The context gains ``pdf_font_url``, the file URI of the bundled font that
    ``pdf/base.html`` loads with ``@font-face``. Relative URLs resolve against
    ``BASE_DIR``. Resources that cannot be served locally are left out with a
    warning from WeasyPrint's logger; rendering itself does not fail on them.
    """
    html = render_to_string(
        template_name, {**context, "pdf_font_url": FONT_PATH.as_uri()}, request=request
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=OfflineURLFetcher())
    return document.write_pdf()


def render_pdf_to_file(template_name: str, context: dict, path) -> Path:
    """Render a PDF into ``path``, creating its folder; return the path.

    The file is written beside its final name and then moved into place, so a
    reader never sees half a PDF.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(render_pdf(template_name, context))
    os.replace(partial, path)
    return path


class OfflineURLFetcher(URLFetcher):
    """Serve static and media files from disk; refuse everything else.

    Handled, whatever the host: ``<STATIC_URL>...`` from ``STATIC_ROOT`` or,
    before ``collectstatic``, the staticfiles finders; ``<MEDIA_URL>...`` from
    ``MEDIA_ROOT``. ``file:`` URLs are read only under the font folder,
    ``STATIC_ROOT``, ``STATICFILES_DIRS`` and ``MEDIA_ROOT``; ``data:`` URIs
    are decoded. Any other URL raises, which WeasyPrint reports as a warning.
    """

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == MEDIA_SCHEME:
            name = unquote(url[len(MEDIA_SCHEME) + 1 :])
            if not name or name.startswith("/") or ".." in name.split("/"):
                raise ValueError(f"Not a stored file name: {url}")
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=default_storage.open(name, "rb"), headers={"Content-Type": content_type}
            )
        if scheme in ("http", "https", "file"):
            path = local_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                # Keep the requested URL so that relative URLs inside a stylesheet
                # come back through the same /static/ mapping.
                return URLFetcherResponse(
                    url, body=path.open("rb"), headers={"Content-Type": content_type}
                )
        raise ValueError(f"PDF rendering is offline; not fetching {url}")


MEDIA_SCHEME = "media"


def media_source(stored) -> str | None:
    """What a PDF ``<img>`` needs to show a stored file (a ``FieldFile``), or None when empty.

    A local absolute path when the file is on this disk (the default file system storage, a
    shared volume), else a ``media:<name>`` URI that the fetcher reads through the storage —
    S3-compatible object storage included, so PDFs built by any worker host show their photos.
    None as well when the storage no longer holds the file.
    """
    if not stored:
        return None
    try:
        path = stored.path
    except (NotImplementedError, ValueError):
        path = None
    if path and Path(path).is_file():
        return path
    if stored.storage.exists(stored.name):
        return f"{MEDIA_SCHEME}:{stored.name}"
    return None


def image_uri(source: str | None) -> str:
    """The URI of a ``media_source()`` value for ``<img src>``."""
    if not source:
        return ""
    if source.startswith(f"{MEDIA_SCHEME}:"):
        return source
    return Path(source).resolve().as_uri()


def local_path(url: str) -> Path | None:
    """The local file behind a static, media or allowed ``file:`` URL, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    static_prefix = _url_path(settings.STATIC_URL)
    media_prefix = _url_path(settings.MEDIA_URL)
    if static_prefix and path.startswith(static_prefix):
        return _static_file(path.removeprefix(static_prefix))
    if media_prefix and path.startswith(media_prefix) and settings.MEDIA_ROOT:
        return _file_under(settings.MEDIA_ROOT, path.removeprefix(media_prefix))
    if parts.scheme.lower() == "file":
        candidate = Path(url2pathname(parts.path)).resolve()
        if candidate.is_file() and any(candidate.is_relative_to(root) for root in _file_roots()):
            return candidate
    return None


def _static_file(name):
    if settings.STATIC_ROOT:
        found = _file_under(settings.STATIC_ROOT, name)
        if found:
            return found
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if found else None


def _file_under(root, name):
    try:
        candidate = Path(safe_join(root, name))
    except SuspiciousFileOperation:
        return None
    return candidate if candidate.is_file() else None


def _file_roots():
    roots = [FONT_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT]
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        roots.append(entry[1] if isinstance(entry, list | tuple) else entry)
    return [Path(root).resolve() for root in roots if root]


def _url_path(url):
    """The path part of STATIC_URL or MEDIA_URL ("/static/"), which may be a full URL."""
    if not url:
        return ""
    path = urlsplit(url).path
    if not path.startswith("/"):
        path = "/" + path
    return path if path != "/" else ""
