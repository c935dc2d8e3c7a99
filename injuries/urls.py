from django.urls import path

from .views import cards, quality, stats, transfer, units

app_name = "injuries"

urlpatterns = [
    path("", cards.CardListView.as_view(), name="card_list"),
    path("cards/new/", cards.CardCreateView.as_view(), name="card_create"),
    path("cards/import/", transfer.CardImportView.as_view(), name="card_import"),
    path("cards/export/", transfer.CardExportView.as_view(), name="card_export"),
    path("cards/export/cdc/", quality.CdcExportView.as_view(), name="card_export_cdc"),
    path("quality/", quality.DataQualityView.as_view(), name="quality"),
    path("cards/<int:pk>/", cards.CardDetailView.as_view(), name="card_detail"),
    path("cards/<int:pk>/edit/", cards.CardUpdateView.as_view(), name="card_update"),
    path("cards/<int:pk>/delete/", cards.CardDeleteView.as_view(), name="card_delete"),
    path("stats/", stats.StatsView.as_view(), name="stats"),
    path("stats/export/", stats.StatsExportView.as_view(), name="stats_export"),
    path("accidents/", units.AccidentListView.as_view(), name="accident_list"),
    path("accidents/new/", units.AccidentCreateView.as_view(), name="accident_create"),
    path("accidents/<int:pk>/", units.AccidentDetailView.as_view(), name="accident_detail"),
    path("accidents/<int:pk>/edit/", units.AccidentUpdateView.as_view(), name="accident_update"),
    path("accidents/<int:pk>/delete/", units.AccidentDeleteView.as_view(), name="accident_delete"),
    path("units/", units.UnitListView.as_view(), name="unit_list"),
    path("units/new/", units.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", units.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", units.UnitUpdateView.as_view(), name="unit_update"),
    path("units/<int:pk>/delete/", units.UnitDeleteView.as_view(), name="unit_delete"),
]
