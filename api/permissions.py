"""Who may call what: the tenancy rules of ``safecommunity/tenancy.py`` for tokens.

A token acts in its own community only (every queryset is filtered by it, so a foreign
object answers 404). A unit token (a hospital's) submits and reads its unit's injury cards and
nothing else; a community token also reads the community's records and aggregates. A region
token (a county or province platform's) reads the per-community figures of its region and
below, as its reviewer does on the region pages, and nothing of any one community; another
region answers 404.

    token kind   injury cards   units   dangers, inspections, projects, aggregates   regions
    community    all            all     yes                                          403
    unit         its unit's     its     403                                          403
    region       403            403     403                                          its own
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class HasToken(permissions.BasePermission):
    """A valid token that acts in a community (the default of every endpoint but the region
    ones; the authentication class already refused expired and revoked tokens)."""

    message = _("区域令牌只能用于区域汇总接口。")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken) and request.auth.community_id is not None


class CommunityToken(HasToken):
    """A token of the whole community, not of one reporting unit."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.auth.reporting_unit_id is not None:
            self.message = _("报告单位的令牌只能用于伤害监测报告卡。")
            return False
        return True


class RegionToken(permissions.BasePermission):
    """A token of a region (issued for one of its reviewers)."""

    message = _("此接口需要区域令牌（由区域评审员申请）。")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken) and request.auth.region_id is not None
