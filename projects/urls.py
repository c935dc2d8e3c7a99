from django.urls import path

from .views import activities, objectives, plans, projects, surveys, updates

app_name = "projects"


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


urlpatterns = [
    *crud("plans", "plan", plans, "Plan"),
    path("tasks/<int:pk>/status/", plans.TaskStatusView.as_view(), name="task_status"),
    *crud("objectives", "objective", objectives, "Objective"),
    path(
        "objectives/<int:pk>/values/",
        objectives.ObjectiveValueView.as_view(),
        name="objective_value",
    ),
    *crud("list", "project", projects, "Project"),
    path("list/<int:pk>/status/", projects.ProjectStatusView.as_view(), name="project_status"),
    path("list/<int:pk>/updates/new/", updates.UpdateCreate.as_view(), name="update_create"),
    path("updates/<int:pk>/", updates.UpdateDetail.as_view(), name="update_detail"),
    path("updates/<int:pk>/edit/", updates.UpdateEdit.as_view(), name="update_edit"),
    path("updates/<int:pk>/delete/", updates.UpdateDelete.as_view(), name="update_delete"),
    path("activities/stats/", activities.ActivityStats.as_view(), name="activity_stats"),
    path("activities/import/", activities.ActivityImport.as_view(), name="activity_import"),
    path("activities/export/", activities.ActivityExport.as_view(), name="activity_export"),
    *crud("activities", "activity", activities, "Activity"),
    *crud("surveys", "survey", surveys, "Survey"),
]
