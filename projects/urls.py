from django.urls import path

from .views import activities, objectives, plans, projects, surveys, updates

app_name = "projects"


urlpatterns = [
    path("plans/", plans.PlanList.as_view(), name="plan_list"),
    path("plans/new/", plans.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", plans.PlanDelete.as_view(), name="plan_delete"),
    path("tasks/<int:pk>/status/", plans.TaskStatusChange.as_view(), name="task_status"),
    path("objectives/", objectives.ObjectiveList.as_view(), name="objective_list"),
    path("objectives/new/", objectives.ObjectiveCreate.as_view(), name="objective_create"),
    path("objectives/<int:pk>/", objectives.ObjectiveDetail.as_view(), name="objective_detail"),
    path(
        "objectives/<int:pk>/edit/", objectives.ObjectiveUpdate.as_view(), name="objective_update"
    ),
    path(
        "objectives/<int:pk>/delete/", objectives.ObjectiveDelete.as_view(), name="objective_delete"
    ),
    path(
        "objectives/<int:pk>/values/",
        objectives.ObjectiveValueRecord.as_view(),
        name="objective_value",
    ),
    path("list/", projects.ProjectList.as_view(), name="project_list"),
    path("list/new/", projects.ProjectCreate.as_view(), name="project_create"),
    path("list/<int:pk>/", projects.ProjectDetail.as_view(), name="project_detail"),
    path("list/<int:pk>/edit/", projects.ProjectUpdate.as_view(), name="project_update"),
    path("list/<int:pk>/delete/", projects.ProjectDelete.as_view(), name="project_delete"),
    path("list/<int:pk>/status/", projects.ProjectStatusChange.as_view(), name="project_status"),
    path("list/<int:pk>/updates/new/", updates.UpdateCreate.as_view(), name="update_create"),
    path("updates/<int:pk>/", updates.UpdateDetail.as_view(), name="update_detail"),
    path("updates/<int:pk>/edit/", updates.UpdateEdit.as_view(), name="update_edit"),
    path("updates/<int:pk>/delete/", updates.UpdateDelete.as_view(), name="update_delete"),
    path("activities/stats/", activities.ActivityStats.as_view(), name="activity_stats"),
    path("activities/import/", activities.ActivityImport.as_view(), name="activity_import"),
    path("activities/export/", activities.ActivityExport.as_view(), name="activity_export"),
    path("activities/", activities.ActivityList.as_view(), name="activity_list"),
    path("activities/new/", activities.ActivityCreate.as_view(), name="activity_create"),
    path("activities/<int:pk>/", activities.ActivityDetail.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.ActivityUpdate.as_view(), name="activity_update"),
    path(
        "activities/<int:pk>/sign-in/",
        activities.ActivitySignInCreate.as_view(),
        name="activity_sign_in",
    ),
    path(
        "activities/<int:pk>/sign-in/apply/",
        activities.ApplySignIns.as_view(),
        name="activity_apply_sign_ins",
    ),
    path(
        "activities/<int:pk>/delete/", activities.ActivityDelete.as_view(), name="activity_delete"
    ),
    path("surveys/", surveys.SurveyList.as_view(), name="survey_list"),
    path("surveys/new/", surveys.SurveyCreate.as_view(), name="survey_create"),
    path("surveys/<int:pk>/", surveys.SurveyDetail.as_view(), name="survey_detail"),
    path("surveys/<int:pk>/edit/", surveys.SurveyUpdate.as_view(), name="survey_update"),
    path("surveys/<int:pk>/delete/", surveys.SurveyDelete.as_view(), name="survey_delete"),
]
