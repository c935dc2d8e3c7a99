from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    AwarenessSurvey,
    Objective,
    ObjectiveValue,
    Plan,
    PlanTask,
    Project,
    ProjectUpdate,
)


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "kind", "start_year", "end_year", "status")
    list_filter = ("kind", "status", "community")
    inlines = [PlanTaskInline]


class ObjectiveValueInline(admin.TabularInline):
    model = ObjectiveValue
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "indicator_kind", "baseline_year", "target_year")
    list_filter = ("indicator_kind", "community")
    inlines = [ObjectiveValueInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "safety_area", "working_group", "status", "progress")
    list_filter = ("status", "safety_area", "community")
    search_fields = ("title", "code")
    raw_id_fields = ("hazards",)


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("project", "date", "percent", "author")
    list_select_related = ("project", "author")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "date", "kind", "safety_area", "participants")
    list_filter = ("kind", "safety_area", "community")
    search_fields = ("title", "place")


@admin.register(AwarenessSurvey)
class AwarenessSurveyAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "date", "sample_size", "aware_count")
