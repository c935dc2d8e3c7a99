from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "category", "kind", "risk_level", "is_key_place")
    list_filter = ("community", "category", "risk_level", "is_key_place")
    search_fields = ("name", "address")


class AssessmentInline(admin.TabularInline):
    model = models.Assessment
    extra = 0


@admin.register(models.Hazard)
class HazardAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "safety_area", "level", "status", "identified_on")
    list_filter = ("community", "safety_area", "level", "status")
    search_fields = ("title", "code")
    raw_id_fields = ("place", "working_group", "created_by")
    inlines = [AssessmentInline]


@admin.register(models.InspectionPlan)
class InspectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "inspection_type", "start_date", "end_date", "status")
    list_filter = ("community", "inspection_type", "status")


class InspectionItemInline(admin.TabularInline):
    model = models.InspectionItem
    extra = 0


@admin.register(models.Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "community", "inspection_type", "method", "inspectors")
    list_filter = ("community", "inspection_type", "method")
    raw_id_fields = ("plan", "places", "working_group", "recorded_by")
    inlines = [InspectionItemInline]


class DangerEventInline(admin.TabularInline):
    model = models.DangerEvent
    extra = 0
    readonly_fields = ("action", "from_status", "to_status", "user", "at", "note", "photo")


@admin.register(models.HiddenDanger)
class HiddenDangerAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "grade", "status", "found_on", "deadline")
    list_filter = ("community", "grade", "status", "safety_area")
    search_fields = ("title", "description")
    raw_id_fields = ("place", "inspection", "hazard", "working_group", "recorded_by")
    inlines = [DangerEventInline]


@admin.register(models.CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "kind", "source_kind", "status", "due_date")
    list_filter = ("community", "kind", "source_kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("working_group",)


class ChecklistTemplateItemInline(admin.TabularInline):
    model = models.ChecklistTemplateItem
    extra = 0


@admin.register(models.ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "place_kind")
    list_filter = ("community", "place_kind")
    inlines = [ChecklistTemplateItemInline]


@admin.register(models.InspectionSchedule)
class InspectionScheduleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "recurrence", "start_date", "end_date", "is_active")
    list_filter = ("community", "recurrence", "is_active")
    raw_id_fields = ("working_group", "checklist", "created_by")


@admin.register(models.ScheduledInspection)
class ScheduledInspectionAdmin(admin.ModelAdmin):
    list_display = ("due_date", "place", "schedule", "community", "status", "done_on")
    list_filter = ("community", "status")
    raw_id_fields = ("schedule", "place", "inspection")
