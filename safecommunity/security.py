"""Who is asking: the client address behind the reverse proxy."""

import ipaddress

from django.conf import settings


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address for the login lockout (django-axes ``AXES_CLIENT_IP_CALLABLE``).

    Without a trusted proxy (``TRUSTED_PROXY_COUNT=0``) it is ``REMOTE_ADDR``, and a client's own
    ``X-Forwarded-For`` is ignored: anyone can write that header. Behind N trusted proxies, each
    appending the address it saw (nginx ``$proxy_add_x_forwarded_for``), the client is the N-th
    entry from the right; entries further left were written by the client and are not trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()
        ]
        if len(forwarded) >= count:
            address = _valid_ip(forwarded[-count])
            if address:
                return address
    return remote
