"""Who may call what: the tenancy rules of ``safecommunity/tenancy.py`` for tokens.

A token acts in its own community only (every queryset is filtered by it, so a foreign
object answers 404). A unit token (a hospital's) submits and reads its unit's injury cards and
nothing else; a community token also reads the community's aggregates and hidden dangers.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class HasToken(permissions.BasePermission):
    """Any valid token (the authentication class already refused expired and revoked ones)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)


class CommunityToken(HasToken):
    """A token of the whole community, not of one reporting unit."""

    message = _("报告单位的令牌只能用于伤害监测报告卡。")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.auth.reporting_unit_id is None
