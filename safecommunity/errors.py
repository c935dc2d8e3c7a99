"""Error views: a database outage is a 503 "try again shortly", not a 500 "something broke"."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER = 30  # seconds


@requires_csrf_token
def server_error(request):
    """``handler500``. Renders without a request context (no context processor may touch the
    database that just failed). A lost or refused database connection answers 503 with
    Retry-After, so users and proxies know to retry; the error is logged either way."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
