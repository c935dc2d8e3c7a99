"""Top-level region pages (/regions/…), outside any one community."""

from django.urls import path

from .views import region

app_name = "regions"

urlpatterns = [
    path("", region.RegionIndex.as_view(), name="index"),
    path("<str:code>/", region.RegionDetail.as_view(), name="detail"),
]
