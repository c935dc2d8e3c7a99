from django.contrib import admin
from django.urls import include, path

from committee import views as committee_views
from committee.platform import Platform
from safecommunity import offline

community_apps = [
    path("committee/", include("committee.urls")),
    path("hazards/", include("hazards.urls")),
    path("projects/", include("projects.urls")),
    path("injuries/", include("injuries.urls")),
    path("api/", include("api.urls")),
    path("emergency/", include("emergency.urls")),
    path("archive/", include("archive.urls")),
]

urlpatterns = [
    path("", committee_views.home, name="home"),
    path("health/", committee_views.health, name="health"),
    path("health/page/", committee_views.minimal_page, name="minimal_page"),
    path("accounts/", include("committee.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", committee_views.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/read/", committee_views.notification_read, name="notification_read"
    ),
    path(
        "notifications/read-all/",
        committee_views.notification_read_all,
        name="notifications_read_all",
    ),
    path("offline/", offline.offline_page, name="offline"),
    path("offline/outbox/", offline.outbox, name="offline_outbox"),
    path("offline/csrf/", offline.csrf_token, name="offline_csrf"),
    path("manifest.webmanifest", offline.manifest, name="webmanifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("regions/", include("archive.region_urls")),
    path("manage/", Platform.as_view(), name="platform"),
    path("c/<slug:community>/", committee_views.CommunityHome.as_view(), name="community_home"),
    path("c/<slug:community>/", include(community_apps)),
    path("api/v1/", include("api.rest_urls")),
    path("admin/", admin.site.urls),
]

handler500 = "safecommunity.errors.server_error"
