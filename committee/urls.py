from django.urls import path

from safecommunity.tenancy import READ_ROLES

from . import views
from .views import alerts

app_name = "committee"


def crud(prefix, name, list_view, detail, create, update, delete):
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", create.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", update.as_view(), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    # The twelve-element overview for every reader (the home of leaders is their to-do lists).
    path(
        "overview/",
        views.CommunityHomeView.as_view(overview=True, view_roles=READ_ROLES),
        name="overview",
    ),
    path("setup/", views.SetupView.as_view(), name="setup"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/import/", views.ProfileImport.as_view(), name="profile_import"),
    path("population/import/", views.PopulationImport.as_view(), name="population_import"),
    path("phases/import/", views.PhaseImport.as_view(), name="phase_import"),
    path("profile/edit/", views.ProfileUpdateView.as_view(), name="profile_update"),
    path("profile/pdf/", views.ProfilePdfView.as_view(), name="profile_pdf"),
    path("phases/new/", views.PhaseCreateView.as_view(), name="phase_create"),
    path("phases/<int:pk>/edit/", views.PhaseUpdateView.as_view(), name="phase_update"),
    path("population/new/", views.PopulationCreateView.as_view(), name="population_create"),
    *crud(
        "members",
        "member",
        views.MemberList,
        views.MemberDetail,
        views.MemberCreate,
        views.MemberUpdate,
        views.MemberDelete,
    ),
    path("members/import/", views.MemberImport.as_view(), name="member_import"),
    path("members/export/", views.MemberExport.as_view(), name="member_export"),
    *crud(
        "groups",
        "group",
        views.GroupList,
        views.GroupDetail,
        views.GroupCreate,
        views.GroupUpdate,
        views.GroupDelete,
    ),
    path("groups/import/", views.GroupImport.as_view(), name="group_import"),
    path("groups/export/", views.GroupExport.as_view(), name="group_export"),
    path("groups/<int:pk>/members/", views.GroupMemberAdd.as_view(), name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member>/remove/",
        views.GroupMemberRemove.as_view(),
        name="group_member_remove",
    ),
    *crud(
        "partners",
        "partner",
        views.PartnerList,
        views.PartnerDetail,
        views.PartnerCreate,
        views.PartnerUpdate,
        views.PartnerDelete,
    ),
    path("partners/import/", views.PartnerImport.as_view(), name="partner_import"),
    path("partners/export/", views.PartnerExport.as_view(), name="partner_export"),
    *crud(
        "volunteers",
        "volunteer",
        views.VolunteerList,
        views.VolunteerDetail,
        views.VolunteerCreate,
        views.VolunteerUpdate,
        views.VolunteerDelete,
    ),
    *crud(
        "participation",
        "participation",
        views.ParticipationList,
        views.ParticipationDetail,
        views.ParticipationCreate,
        views.ParticipationUpdate,
        views.ParticipationDelete,
    ),
    *crud(
        "meetings",
        "meeting",
        views.MeetingList,
        views.MeetingDetail,
        views.MeetingCreate,
        views.MeetingUpdate,
        views.MeetingDelete,
    ),
    path("users/", views.UserList.as_view(), name="user_list"),
    path("users/<int:pk>/", views.MembershipUpdate.as_view(), name="membership_update"),
    path("users/<int:pk>/link/", views.MembershipLink.as_view(), name="membership_link"),
    path("alerts/", alerts.AlertSettingsView.as_view(), name="alerts"),
    path("alerts/new/", alerts.AlertChannelCreate.as_view(), name="alert_channel_create"),
    path("alerts/<int:pk>/", alerts.AlertChannelUpdate.as_view(), name="alert_channel_update"),
    path(
        "alerts/<int:pk>/toggle/", alerts.AlertChannelToggle.as_view(), name="alert_channel_toggle"
    ),
    path(
        "alerts/<int:pk>/delete/", alerts.AlertChannelDelete.as_view(), name="alert_channel_delete"
    ),
    path("alerts/<int:pk>/test/", alerts.AlertChannelTest.as_view(), name="alert_channel_test"),
]
