from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class IndicatorL2Inline(admin.TabularInline):
    model = models.IndicatorL2
    extra = 0
    fields = ["code", "title", "points", "order", "guidance"]


@admin.register(models.IndicatorScheme)
class IndicatorSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_default", "pass_score", "rectify_score"]


@admin.register(models.IndicatorL1)
class IndicatorL1Admin(SimpleHistoryAdmin):
    list_display = ["scheme", "element", "title", "order"]
    list_filter = ["scheme"]
    inlines = [IndicatorL2Inline]


@admin.register(models.Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "community", "kind", "date", "size", "personal_data"]
    list_filter = ["community", "kind"]
    search_fields = ["title", "tags", "original_name"]
    readonly_fields = ["file", "thumbnail", "mime_type", "size", "sha256", "original_name"]


@admin.register(models.Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "community", "kind", "period_start", "state", "generated_at"]
    list_filter = ["community", "kind", "state"]


@admin.register(models.ManagementReview)
class ManagementReviewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "community", "date"]
    list_filter = ["community"]


@admin.register(models.Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "community", "scheme", "date"]
    list_filter = ["community", "scheme"]


@admin.register(models.DossierBuild)
class DossierBuildAdmin(admin.ModelAdmin):
    list_display = ["community", "state", "progress", "created_at", "finished_at"]
    list_filter = ["state"]
