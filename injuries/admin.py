from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accident, InjuryCard, ReportingUnit


@admin.register(ReportingUnit)
class ReportingUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "community", "kind", "code", "is_active")
    list_filter = ("kind", "is_active", "community")
    search_fields = ("name", "code")
    filter_horizontal = ("reporters",)


@admin.register(Accident)
class AccidentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "community", "kind", "occurred_at", "deaths", "injured")
    list_filter = ("kind", "community")
    search_fields = ("title", "place")
    date_hierarchy = "occurred_at"


@admin.register(InjuryCard)
class InjuryCardAdmin(SimpleHistoryAdmin):
    list_display = ("number", "community", "injury_at", "sex", "age", "cause", "reporting_unit")
    list_filter = ("community", "cause", "age_group", "is_duplicate")
    list_select_related = ("community", "reporting_unit")
    raw_id_fields = ("reporter", "created_by", "accident", "reporting_unit")
    date_hierarchy = "injury_at"
