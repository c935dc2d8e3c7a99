from django.urls import path

from .views import cards, quality, stats, transfer, units

app_name = "injuries"

urlpatterns = [
    path("", cards.CardList.as_view(), name="card_list"),
    path("cards/new/", cards.CardCreate.as_view(), name="card_create"),
    path("cards/import/", transfer.CardImport.as_view(), name="card_import"),
    path("cards/export/", transfer.CardExport.as_view(), name="card_export"),
    path("cards/export/cdc/", quality.CdcExport.as_view(), name="card_export_cdc"),
    path("quality/", quality.DataQuality.as_view(), name="quality"),
    path("cards/<int:pk>/", cards.CardDetail.as_view(), name="card_detail"),
    path("cards/<int:pk>/edit/", cards.CardUpdate.as_view(), name="card_update"),
    path("cards/<int:pk>/delete/", cards.CardDelete.as_view(), name="card_delete"),
    path("stats/", stats.InjuryStats.as_view(), name="stats"),
    path("stats/export/", stats.InjuryStatsExport.as_view(), name="stats_export"),
    path("accidents/", units.AccidentList.as_view(), name="accident_list"),
    path("accidents/new/", units.AccidentCreate.as_view(), name="accident_create"),
    path("accidents/<int:pk>/", units.AccidentDetail.as_view(), name="accident_detail"),
    path("accidents/<int:pk>/edit/", units.AccidentUpdate.as_view(), name="accident_update"),
    path("accidents/<int:pk>/delete/", units.AccidentDelete.as_view(), name="accident_delete"),
    path("units/", units.UnitList.as_view(), name="unit_list"),
    path("units/new/", units.UnitCreate.as_view(), name="unit_create"),
    path("units/<int:pk>/", units.UnitDetail.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", units.UnitUpdate.as_view(), name="unit_update"),
    path("units/<int:pk>/delete/", units.UnitDelete.as_view(), name="unit_delete"),
]
