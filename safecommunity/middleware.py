"""The project's middleware: default language, health check, security headers, session refresh."""

import time

from django.conf import settings
from django.utils.cache import patch_cache_control


class DefaultLanguageMiddleware:
    """Simplified Chinese by default: the browser's Accept-Language is ignored, so only the
    language the user picks (the language cookie) switches the interface."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """A sliding idle timeout without a session write on every request.

    An existing session is marked modified when its last refresh is older than
    ``SESSION_REFRESH_SECONDS``, so SessionMiddleware saves it (a new expiry date) about once every
    few minutes of activity instead of on each page view: an idle session still expires after
    ``SESSION_COOKIE_AGE`` (give or take the refresh interval), and an active one never does.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answer ``/health/`` first, before sessions, authentication and the rest: a load balancer's
    probe must tell "database down" (503) from "up" (200) even when every other middleware
    would fail on the database (a session cookie, the user), and must never need a login."""

    PATH = "/health/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == self.PATH:
            from django.urls import resolve

            request.get_host()  # ALLOWED_HOSTS still applies: DisallowedHost answers 400
            return resolve(self.PATH).func(request)  # the view the URLconf serves there
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers every response gets, set once here rather than page by page.

    - ``Content-Security-Policy`` on HTML: scripts, styles, fonts and frames only from our own
      origin (the vendored assets make that possible), no inline script or ``javascript:`` URL
      (behaviour lives in static/js), images also as ``data:`` (Bootstrap's icons in CSS), and
      no framing (as X-Frame-Options says to older browsers).
    - ``Permissions-Policy``: no page uses the camera, microphone, location, payment or USB (the
      card photo is a plain file input, which needs none of them), so none may ever ask.
    - ``Cache-Control: private, no-store`` for a logged-in user: a page of names, ID numbers
      and phones must stay neither in a shared proxy nor in the browser's cache after logout.
    """

    CONTENT_SECURITY_POLICY = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
