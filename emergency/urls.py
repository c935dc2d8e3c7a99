from django.urls import path

from .views import drills, plans, resources, responses

app_name = "emergency"


def crud(prefix, name, module, stem):
    """List, create, detail, update and delete of one kind of record."""
    view = {
        kind: getattr(module, f"{stem}{kind}")
        for kind in ("List", "Create", "Detail", "Update", "Delete")
    }
    return [
        path(f"{prefix}/", view["List"].as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", view["Create"].as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", view["Detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", view["Update"].as_view(), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/delete/", view["Delete"].as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    *crud("plans", "plan", plans, "Plan"),
    path("plans/<int:pk>/revise/", plans.PlanRevise.as_view(), name="plan_revise"),
    path("plans/<int:pk>/document/", plans.PlanDocument.as_view(), name="plan_document"),
    *crud("supplies", "supply", resources, "Supply"),
    path("supplies/<int:pk>/check/", resources.SupplyCheck.as_view(), name="supply_check"),
    path("supplies/import/", resources.SupplyImport.as_view(), name="supply_import"),
    path("supplies/export/", resources.SupplyExport.as_view(), name="supply_export"),
    *crud("shelters", "shelter", resources, "Shelter"),
    path("shelters/<int:pk>/check/", resources.ShelterCheck.as_view(), name="shelter_check"),
    path("shelters/export/", resources.ShelterExport.as_view(), name="shelter_export"),
    *crud("teams", "team", resources, "Team"),
    path("teams/import/", resources.TeamImport.as_view(), name="team_import"),
    path("teams/export/", resources.TeamExport.as_view(), name="team_export"),
    *crud("drills", "drill", drills, "Drill"),
    path("drills/<int:pk>/problems/", drills.ProblemAdd.as_view(), name="problem_add"),
    path("problems/<int:pk>/action/", drills.ProblemRaise.as_view(), name="problem_raise"),
    path("problems/<int:pk>/delete/", drills.ProblemDelete.as_view(), name="problem_delete"),
    path("drills/<int:pk>/photos/", drills.PhotoAdd.as_view(), name="photo_add"),
    path("photos/<int:pk>/", drills.PhotoView.as_view(), name="photo_view"),
    path(
        "photos/<int:pk>/thumbnail/",
        drills.PhotoView.as_view(thumbnail=True),
        name="photo_thumbnail",
    ),
    path("photos/<int:pk>/delete/", drills.PhotoDelete.as_view(), name="photo_delete"),
    *crud("responses", "response", responses, "Response"),
]
