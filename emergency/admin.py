from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class PlanGroupInline(admin.TabularInline):
    model = models.PlanGroup
    extra = 0


@admin.register(models.EmergencyPlan)
class EmergencyPlanAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "community",
        "category",
        "level",
        "version_no",
        "status",
        "next_review",
    )
    list_filter = ("community", "category", "level", "status")
    search_fields = ("title", "code", "owner_unit")
    raw_id_fields = ("working_group", "hazards")
    readonly_fields = ("lineage", "version_no", "predecessor", "change_summary", "change_reason")
    inlines = [PlanGroupInline]


@admin.register(models.Supply)
class SupplyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "kind", "quantity", "unit", "expires_on", "next_check_on")
    list_filter = ("community", "kind")
    search_fields = ("name", "location")


@admin.register(models.Shelter)
class ShelterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "kind", "capacity", "is_active")
    list_filter = ("community", "kind", "is_active")
    search_fields = ("name", "address")


@admin.register(models.RescueTeam)
class RescueTeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "kind", "size", "leader", "is_active")
    list_filter = ("community", "kind", "is_active")
    search_fields = ("name", "leader")
    raw_id_fields = ("partner", "volunteers")


class ParticipantInline(admin.TabularInline):
    model = models.DrillParticipant
    extra = 0


class ProblemInline(admin.StackedInline):
    model = models.DrillProblem
    extra = 0
    readonly_fields = ("action",)


@admin.register(models.Drill)
class DrillAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "date", "drill_type", "status", "participants", "rating")
    list_filter = ("community", "drill_type", "status", "rating")
    search_fields = ("title", "place")
    raw_id_fields = ("plan", "working_group")
    inlines = [ParticipantInline, ProblemInline]


@admin.register(models.EmergencyResponse)
class EmergencyResponseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "occurred_at", "emergency_type", "response_level")
    list_filter = ("community", "category")
    search_fields = ("title", "place")
    raw_id_fields = ("plan", "teams", "accidents", "injury_cards")
