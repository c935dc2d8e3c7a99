"""``Authorization: Token <secret>`` (or ``Bearer <secret>``) for the API."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from safecommunity.tenancy import reviews_region

from .models import ApiToken, hash_secret

KEYWORDS = ("token", "bearer")
# last_used is written at most once a minute per token: a batch job's calls cost no write each.
TOUCH_EVERY = datetime.timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """Finds the token by the hash of the secret; refuses an unknown, expired or revoked one.

    ``request.auth`` is the token; ``request.user`` the office user who issued it (the audit
    history names that user and the token), anonymous if that user is gone. A region token is
    the delegation of a reviewer (``created_by``): it is refused once he no longer reviews the
    region (assignment removed, account deactivated or deleted), as the region page would be.
    """

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization 头应为“Token <令牌>”。"))
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌无效。")) from None
        token = (
            ApiToken.objects.select_related("community", "reporting_unit", "region", "created_by")
            .filter(key_hash=hash_secret(secret))
            .first()
        )
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效。"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("令牌已被吊销。"))
        if not token.is_usable(now):
            raise exceptions.AuthenticationFailed(_("令牌已过期。"))
        if token.region_id is not None and not _reviewer_holds(token):
            raise exceptions.AuthenticationFailed(_("签发对象已不再评审该区域，令牌失效。"))
        if token.last_used is None or now - token.last_used >= TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return (token.created_by or AnonymousUser(), token)

    def authenticate_header(self, request):
        return "Token"


def _reviewer_holds(token):
    user = token.created_by
    return user is not None and user.is_active and reviews_region(user, token.region)
