from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]``): one client
    cannot crowd out the others, whichever address it calls from."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None  # refused by authentication anyway
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
