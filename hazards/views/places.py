"""The registers of social units and public facilities (element 3/8)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.importing import ExportView, ImportView
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    DetailFieldsMixin,
    FormPageMixin,
)

from .. import selectors
from ..filters import PlaceFilter
from ..forms import PlaceForm
from ..models import Place
from ..resources import PlaceResource


class PlaceList(CommunityListView):
    model = Place
    template_name = "hazards/place_list.html"
    filterset_class = PlaceFilter
    search_fields = ("name", "address", "contact_person")
    create_url_name = "hazards:place_create"
    title = _("场所与单位")

    def base_queryset(self):
        return selectors.places(self.community)


class PlaceDetail(DetailFieldsMixin, CommunityDetailView):
    model = Place
    template_name = "hazards/place_detail.html"
    detail_fields = [
        "name",
        "category",
        "kind",
        "address",
        "contact_person",
        "phone",
        "risk_level",
        "is_key_place",
        "inspection_interval_days",
        "working_group",
        "employees",
        "notes",
        "is_active",
    ]

    def get_queryset(self):
        return selectors.places(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        slug = self.community.slug
        context["edit_url"] = reverse("hazards:place_update", args=[slug, place.pk])
        context["delete_url"] = reverse("hazards:place_delete", args=[slug, place.pk])
        context["watch"] = selectors.place_watch(
            selectors.places(self.community).filter(pk=place.pk), timezone.localdate()
        )[0]
        context["inspections"] = place.inspections.order_by("-date")[:20]
        context["hazards"] = place.hazards.select_related("community")[:50]
        context["dangers"] = place.dangers.select_related("community")[:50]
        return context


class PlaceCreate(FormPageMixin, CommunityCreateView):
    model = Place
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:place_list"
    form_class = PlaceForm


class PlaceUpdate(FormPageMixin, CommunityUpdateView):
    model = Place
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:place_list"
    form_class = PlaceForm


class PlaceDelete(CommunityDeleteView):
    model = Place
    success_url_name = "hazards:place_list"


class PlaceImport(ImportView):
    resource_class = PlaceResource
    title = _("导入场所与单位")
    success_url_name = "hazards:place_list"


class PlaceExport(ExportView):
    resource_class = PlaceResource
    filename = _("场所与单位")
