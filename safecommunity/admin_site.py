"""The Django admin, for superusers only.

Everything a committee does goes through the product's pages, which apply community and role. The
admin bypasses both, so Django's default rule (any ``is_staff`` user may enter) is too wide here:
only an active superuser reaches it; anyone else is sent to the admin login.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class SafeCommunityAdminConfig(AdminConfig):
    default_site = "safecommunity.admin_site.SuperuserAdminSite"
