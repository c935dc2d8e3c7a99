from django.urls import path

from safecommunity.tenancy import READ_ROLES

from . import views
from .views import alerts

app_name = "committee"


urlpatterns = [
    # The twelve-element overview for every reader (the home of leaders is their to-do lists).
    path(
        "overview/",
        views.CommunityHome.as_view(overview=True, view_roles=READ_ROLES),
        name="overview",
    ),
    path("setup/", views.Setup.as_view(), name="setup"),
    path("profile/", views.Profile.as_view(), name="profile"),
    path("profile/import/", views.ProfileImport.as_view(), name="profile_import"),
    path("population/import/", views.PopulationImport.as_view(), name="population_import"),
    path("phases/import/", views.PhaseImport.as_view(), name="phase_import"),
    path("profile/edit/", views.ProfileUpdate.as_view(), name="profile_update"),
    path("profile/pdf/", views.ProfilePdf.as_view(), name="profile_pdf"),
    path("phases/new/", views.PhaseCreate.as_view(), name="phase_create"),
    path("phases/<int:pk>/edit/", views.PhaseUpdate.as_view(), name="phase_update"),
    path("population/new/", views.PopulationCreate.as_view(), name="population_create"),
    path("members/", views.MemberList.as_view(), name="member_list"),
    path("members/new/", views.MemberCreate.as_view(), name="member_create"),
    path("members/<int:pk>/", views.MemberDetail.as_view(), name="member_detail"),
    path("members/<int:pk>/edit/", views.MemberUpdate.as_view(), name="member_update"),
    path("members/<int:pk>/delete/", views.MemberDelete.as_view(), name="member_delete"),
    path("members/import/", views.MemberImport.as_view(), name="member_import"),
    path("members/export/", views.MemberExport.as_view(), name="member_export"),
    path("groups/", views.GroupList.as_view(), name="group_list"),
    path("groups/new/", views.GroupCreate.as_view(), name="group_create"),
    path("groups/<int:pk>/", views.GroupDetail.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", views.GroupUpdate.as_view(), name="group_update"),
    path("groups/<int:pk>/delete/", views.GroupDelete.as_view(), name="group_delete"),
    path("groups/import/", views.GroupImport.as_view(), name="group_import"),
    path("groups/export/", views.GroupExport.as_view(), name="group_export"),
    path("groups/<int:pk>/members/", views.GroupMemberAdd.as_view(), name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member>/remove/",
        views.GroupMemberRemove.as_view(),
        name="group_member_remove",
    ),
    path("partners/", views.PartnerList.as_view(), name="partner_list"),
    path("partners/new/", views.PartnerCreate.as_view(), name="partner_create"),
    path("partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerUpdate.as_view(), name="partner_update"),
    path("partners/<int:pk>/delete/", views.PartnerDelete.as_view(), name="partner_delete"),
    path("partners/import/", views.PartnerImport.as_view(), name="partner_import"),
    path("partners/export/", views.PartnerExport.as_view(), name="partner_export"),
    path("volunteers/", views.VolunteerList.as_view(), name="volunteer_list"),
    path("volunteers/new/", views.VolunteerCreate.as_view(), name="volunteer_create"),
    path("volunteers/<int:pk>/", views.VolunteerDetail.as_view(), name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.VolunteerUpdate.as_view(), name="volunteer_update"),
    path("volunteers/<int:pk>/delete/", views.VolunteerDelete.as_view(), name="volunteer_delete"),
    path("participation/", views.ParticipationList.as_view(), name="participation_list"),
    path("participation/new/", views.ParticipationCreate.as_view(), name="participation_create"),
    path(
        "participation/<int:pk>/", views.ParticipationDetail.as_view(), name="participation_detail"
    ),
    path(
        "participation/<int:pk>/edit/",
        views.ParticipationUpdate.as_view(),
        name="participation_update",
    ),
    path(
        "participation/<int:pk>/delete/",
        views.ParticipationDelete.as_view(),
        name="participation_delete",
    ),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdate.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/delete/", views.MeetingDelete.as_view(), name="meeting_delete"),
    path("users/", views.UserList.as_view(), name="user_list"),
    path("users/<int:pk>/", views.MembershipUpdate.as_view(), name="membership_update"),
    path("users/<int:pk>/link/", views.MembershipLink.as_view(), name="membership_link"),
    path("alerts/", alerts.AlertSettings.as_view(), name="alerts"),
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
