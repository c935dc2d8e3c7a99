"""Simplified Chinese by default: the browser's Accept-Language is ignored, so only the language
the user picks (the language cookie) switches the interface."""


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
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
            from committee.views import health

            request.get_host()  # ALLOWED_HOSTS still applies: DisallowedHost answers 400
            return health(request)
        return self.get_response(request)
