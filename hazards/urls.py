from django.urls import path

from safecommunity.files import StoredFileView

from .models import DangerEvent, Hazard, HiddenDanger, Inspection, InspectionItem
from .views import actions, dangers, hazards, inspections, maps, places, schedules

app_name = "hazards"


def crud(prefix, name, module, stem):
    """list / new / detail / edit / delete for one model."""
    return [
        path(f"{prefix}/", getattr(module, f"{stem}List").as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", getattr(module, f"{stem}Create").as_view(), name=f"{name}_create"),
        path(
            f"{prefix}/<int:pk>/", getattr(module, f"{stem}Detail").as_view(), name=f"{name}_detail"
        ),
        path(
            f"{prefix}/<int:pk>/edit/",
            getattr(module, f"{stem}Update").as_view(),
            name=f"{name}_update",
        ),
        path(
            f"{prefix}/<int:pk>/delete/",
            getattr(module, f"{stem}Delete").as_view(),
            name=f"{name}_delete",
        ),
    ]


def photo(prefix, name, model):
    """The record's photo and its thumbnail, served after the community and role check."""
    return [
        path(
            f"{prefix}/<int:pk>/photo/",
            StoredFileView.as_view(model=model, field="photo"),
            name=f"{name}_photo",
        ),
        path(
            f"{prefix}/<int:pk>/photo/thumbnail/",
            StoredFileView.as_view(model=model, field="photo", thumbnail=True),
            name=f"{name}_photo_thumbnail",
        ),
    ]


urlpatterns = [
    *crud("places", "place", places, "Place"),
    path("places/import/", places.PlaceImport.as_view(), name="place_import"),
    path("places/export/", places.PlaceExport.as_view(), name="place_export"),
    # The four-colour risk map and its site plans (hazards.maps)
    path("map/", maps.MapView.as_view(), name="map"),
    path("map/pin/", maps.PinPlace.as_view(), name="map_pin"),
    path("map/plans/new/", maps.SitePlanCreate.as_view(), name="site_plan_create"),
    path("map/plans/<int:pk>/image/", maps.SitePlanImage.as_view(), name="site_plan_image"),
    path("map/plans/<int:pk>/default/", maps.SitePlanDefault.as_view(), name="site_plan_default"),
    path("map/plans/<int:pk>/delete/", maps.SitePlanDelete.as_view(), name="site_plan_delete"),
    *crud("register", "hazard", hazards, "Hazard"),
    path("register/import/", hazards.HazardImport.as_view(), name="hazard_import"),
    path("register/export/", hazards.HazardExport.as_view(), name="hazard_export"),
    path("register/<int:pk>/assess/", hazards.HazardAssess.as_view(), name="hazard_assess"),
    *crud("plans", "plan", inspections, "Plan"),
    *crud("inspections", "inspection", inspections, "Inspection"),
    path("monitoring/", inspections.MonitoringView.as_view(), name="monitoring"),
    *crud("checklists", "checklist", schedules, "Checklist"),
    path("checklists/builtin/", schedules.ChecklistInstall.as_view(), name="checklist_install"),
    *crud("schedules", "schedule", schedules, "Schedule"),
    path("schedules/calendar/", schedules.CalendarView.as_view(), name="schedule_calendar"),
    path("schedules/due/<int:pk>/", schedules.OccurrenceDo.as_view(), name="occurrence_do"),
    path(
        "inspections/items/<int:pk>/photo/",
        StoredFileView.as_view(
            model=InspectionItem, field="photo", community_path="inspection__community"
        ),
        name="inspection_item_photo",
    ),
    path(
        "inspections/items/<int:pk>/photo/thumbnail/",
        StoredFileView.as_view(
            model=InspectionItem,
            field="photo",
            community_path="inspection__community",
            thumbnail=True,
        ),
        name="inspection_item_photo_thumbnail",
    ),
    *crud("dangers", "danger", dangers, "Danger"),
    path("dangers/export/", dangers.DangerExport.as_view(), name="danger_export"),
    path("dangers/<int:pk>/order/", dangers.DangerOrder.as_view(), name="danger_order"),
    path("dangers/<int:pk>/rectify/", dangers.DangerRectify.as_view(), name="danger_rectify"),
    path("dangers/<int:pk>/reinspect/", dangers.DangerReinspect.as_view(), name="danger_reinspect"),
    path("dangers/<int:pk>/close/", dangers.DangerClose.as_view(), name="danger_close"),
    *photo("register", "hazard", Hazard),
    *photo("inspections", "inspection", Inspection),
    *photo("dangers", "danger", HiddenDanger),
    *photo("dangers/events", "danger_event", DangerEvent),
    path(
        "dangers/<int:pk>/supervision/",
        dangers.DangerListSupervision.as_view(),
        name="danger_list_supervision",
    ),
    path(
        "dangers/<int:pk>/supervision/lift/",
        dangers.DangerLiftSupervision.as_view(),
        name="danger_lift_supervision",
    ),
    *crud("actions", "action", actions, "Action"),
    path("actions/<int:pk>/start/", actions.ActionStart.as_view(), name="action_start"),
    path("actions/<int:pk>/complete/", actions.ActionComplete.as_view(), name="action_complete"),
    path("actions/<int:pk>/verify/", actions.ActionVerify.as_view(), name="action_verify"),
    path("actions/<int:pk>/close/", actions.ActionClose.as_view(), name="action_close"),
]
