from django.contrib import admin

from . import models


class RegionReviewerInline(admin.TabularInline):
    model = models.RegionReviewer
    extra = 0
    raw_id_fields = ["user"]  # autocomplete once the User admin (with search) is registered


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
    raw_id_fields = ["user"]
    autocomplete_fields = ["region"]
