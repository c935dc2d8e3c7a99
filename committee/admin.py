"""The raw tables for superusers. Day-to-day work (starting a community, its users, its setup)
has pages in the product: /manage/ and each community's 用户与角色."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "display_name", "email", "phone"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("安全社区"), {"fields": ("display_name", "phone", "must_change_password")}),
    )


@admin.register(models.Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "area_code", "region", "target_level"]
    list_filter = ["kind", "target_level"]
    search_fields = ["name", "slug", "area_code"]
    autocomplete_fields = ["region"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role"]
    list_filter = ["role", "community"]
    search_fields = ["user__username", "user__display_name", "community__name"]
    autocomplete_fields = ["user", "community"]


class GroupMembershipInline(admin.TabularInline):
    model = models.GroupMembership
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(models.WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community", "kind", "safety_area", "lead_unit"]
    list_filter = ["kind", "community"]
    search_fields = ["name", "community__name"]
    inlines = [GroupMembershipInline]


@admin.register(models.Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community", "unit", "committee_role", "user", "is_active"]
    list_filter = ["committee_role", "is_active", "community"]
    search_fields = ["name", "unit", "community__name"]
    autocomplete_fields = ["user"]


class RegionReviewerInline(admin.TabularInline):
    model = models.RegionReviewer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    """Regions are made from area codes (``committee.regions.ensure_region_path``); here they are
    named and given their reviewers."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "parent"]
    inlines = [RegionReviewerInline]

    def has_add_permission(self, request):
        return False  # a region comes with its chain from a code, never alone


@admin.register(models.RegionReviewer)
class RegionReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "created_at"]
    list_filter = ["region__level"]
    search_fields = ["user__username", "user__display_name", "region__code", "region__name"]
    autocomplete_fields = ["user", "region"]
