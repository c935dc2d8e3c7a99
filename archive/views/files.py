"""Serving stored files: only through views that checked community and role, never from MEDIA_URL."""

from django.http import FileResponse, Http404


def serve_file(stored, *, filename, content_type, inline=False):
    """A streaming response for a FieldFile: attachment (or inline for our own thumbnails), nosniff."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, no-cache"
    return response
