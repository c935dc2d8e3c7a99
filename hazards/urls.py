from django.urls import path

from safecommunity.files import StoredFileView

from .models import DangerEvent, Hazard, HiddenDanger, Inspection, InspectionItem
from .views import actions, dangers, hazards, inspections, maps, places, schedules

app_name = "hazards"


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
    path("places/", places.PlaceList.as_view(), name="place_list"),
    path("places/new/", places.PlaceCreate.as_view(), name="place_create"),
    path("places/<int:pk>/", places.PlaceDetail.as_view(), name="place_detail"),
    path("places/<int:pk>/edit/", places.PlaceUpdate.as_view(), name="place_update"),
    path("places/<int:pk>/delete/", places.PlaceDelete.as_view(), name="place_delete"),
    path("places/import/", places.PlaceImport.as_view(), name="place_import"),
    path("places/export/", places.PlaceExport.as_view(), name="place_export"),
    # The four-colour risk map and its site plans (hazards.maps)
    path("map/", maps.HazardMap.as_view(), name="map"),
    path("map/pin/", maps.PinPlace.as_view(), name="map_pin"),
    path("map/plans/new/", maps.SitePlanCreate.as_view(), name="site_plan_create"),
    path("map/plans/<int:pk>/image/", maps.SitePlanImage.as_view(), name="site_plan_image"),
    path("map/plans/<int:pk>/default/", maps.SitePlanDefault.as_view(), name="site_plan_default"),
    path("map/plans/<int:pk>/delete/", maps.SitePlanDelete.as_view(), name="site_plan_delete"),
    path("register/", hazards.HazardList.as_view(), name="hazard_list"),
    path("register/new/", hazards.HazardCreate.as_view(), name="hazard_create"),
    path("register/<int:pk>/", hazards.HazardDetail.as_view(), name="hazard_detail"),
    path("register/<int:pk>/edit/", hazards.HazardUpdate.as_view(), name="hazard_update"),
    path("register/<int:pk>/delete/", hazards.HazardDelete.as_view(), name="hazard_delete"),
    path("register/import/", hazards.HazardImport.as_view(), name="hazard_import"),
    path("register/export/", hazards.HazardExport.as_view(), name="hazard_export"),
    path("register/<int:pk>/assess/", hazards.HazardAssess.as_view(), name="hazard_assess"),
    path("plans/", inspections.PlanList.as_view(), name="plan_list"),
    path("plans/new/", inspections.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", inspections.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", inspections.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", inspections.PlanDelete.as_view(), name="plan_delete"),
    path("inspections/", inspections.InspectionList.as_view(), name="inspection_list"),
    path("inspections/new/", inspections.InspectionCreate.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", inspections.InspectionDetail.as_view(), name="inspection_detail"),
    path(
        "inspections/<int:pk>/edit/",
        inspections.InspectionUpdate.as_view(),
        name="inspection_update",
    ),
    path(
        "inspections/<int:pk>/delete/",
        inspections.InspectionDelete.as_view(),
        name="inspection_delete",
    ),
    path("monitoring/", inspections.Monitoring.as_view(), name="monitoring"),
    path("checklists/", schedules.ChecklistList.as_view(), name="checklist_list"),
    path("checklists/new/", schedules.ChecklistCreate.as_view(), name="checklist_create"),
    path("checklists/<int:pk>/", schedules.ChecklistDetail.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/edit/", schedules.ChecklistUpdate.as_view(), name="checklist_update"),
    path(
        "checklists/<int:pk>/delete/", schedules.ChecklistDelete.as_view(), name="checklist_delete"
    ),
    path("checklists/builtin/", schedules.ChecklistInstall.as_view(), name="checklist_install"),
    path("schedules/", schedules.ScheduleList.as_view(), name="schedule_list"),
    path("schedules/new/", schedules.ScheduleCreate.as_view(), name="schedule_create"),
    path("schedules/<int:pk>/", schedules.ScheduleDetail.as_view(), name="schedule_detail"),
    path("schedules/<int:pk>/edit/", schedules.ScheduleUpdate.as_view(), name="schedule_update"),
    path("schedules/<int:pk>/delete/", schedules.ScheduleDelete.as_view(), name="schedule_delete"),
    path("schedules/calendar/", schedules.ScheduleCalendar.as_view(), name="schedule_calendar"),
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
    path("dangers/", dangers.DangerList.as_view(), name="danger_list"),
    path("dangers/new/", dangers.DangerCreate.as_view(), name="danger_create"),
    path("dangers/<int:pk>/", dangers.DangerDetail.as_view(), name="danger_detail"),
    path("dangers/<int:pk>/edit/", dangers.DangerUpdate.as_view(), name="danger_update"),
    path("dangers/<int:pk>/delete/", dangers.DangerDelete.as_view(), name="danger_delete"),
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
    path("actions/", actions.ActionList.as_view(), name="action_list"),
    path("actions/new/", actions.ActionCreate.as_view(), name="action_create"),
    path("actions/<int:pk>/", actions.ActionDetail.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", actions.ActionUpdate.as_view(), name="action_update"),
    path("actions/<int:pk>/delete/", actions.ActionDelete.as_view(), name="action_delete"),
    path("actions/<int:pk>/start/", actions.ActionStart.as_view(), name="action_start"),
    path("actions/<int:pk>/complete/", actions.ActionComplete.as_view(), name="action_complete"),
    path("actions/<int:pk>/verify/", actions.ActionVerify.as_view(), name="action_verify"),
    path("actions/<int:pk>/close/", actions.ActionClose.as_view(), name="action_close"),
]
