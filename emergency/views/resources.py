"""Emergency resources: supplies and equipment, shelters and assembly points, rescue teams.

The three lists share a tab bar and the resource figures; routine checks are recorded with a
POST step on the record's page.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safecommunity.display import label_choices
from safecommunity.forms import step_form
from safecommunity.importing import ExportView, ImportView
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    DetailFieldsMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import selectors, services
from ..filters import ShelterFilter, SupplyFilter, TeamFilter
from ..forms import CheckForm, ShelterForm, SupplyForm, TeamForm
from ..models import RescueTeam, Shelter, Supply
from ..resources import ShelterResource, SupplyResource, TeamResource


class ResourceListMixin:
    """The tab bar and the figures shown above each resource list."""

    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(tab=self.tab, today=today)
        if getattr(self, "kept_html", None) is None:  # the figures are part of the kept content
            context["counts"] = selectors.resource_counts(self.community, today)
        return context


class ResourceDetailMixin(DetailFieldsMixin):
    """Detail page of a resource: edit/delete buttons and, for checked resources, the check form."""

    name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug, pk = self.community.slug, self.object.pk
        context["today"] = timezone.localdate()
        if context["can_edit"]:
            context["edit_url"] = reverse(f"emergency:{self.name}_update", args=[slug, pk])
            context["delete_url"] = reverse(f"emergency:{self.name}_delete", args=[slug, pk])
            if hasattr(self.object, "next_check_on"):
                context["check_url"] = reverse(f"emergency:{self.name}_check", args=[slug, pk])
                context["check_form"] = step_form(
                    self.request,
                    self.object,
                    CheckForm,
                    with_quantity=isinstance(self.object, Supply),
                )
        return context


# Supplies -----------------------------------------------------------------------------------


class SupplyList(ResourceListMixin, CommunityListView):
    model = Supply
    template_name = "emergency/supply_list.html"
    filterset_class = SupplyFilter
    search_fields = ("name", "spec", "location", "custodian")
    create_url_name = "emergency:supply_create"
    title = gettext_lazy("应急物资与队伍")
    tab = "supplies"

    def base_queryset(self):
        return selectors.supplies(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label_choices(context["object_list"], "kind")
        for supply in context["object_list"]:
            supply.warnings = supply.states(context["today"])
        return context


class SupplyDetail(ResourceDetailMixin, CommunityDetailView):
    model = Supply
    name = "supply"
    template_name = "emergency/resource_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = self.object.states(context["today"])
        return context


class SupplyCreate(CommunityCreateView):
    model = Supply
    form_class = SupplyForm


class SupplyUpdate(CommunityUpdateView):
    model = Supply
    form_class = SupplyForm


class SupplyDelete(CommunityDeleteView):
    model = Supply
    success_url_name = "emergency:supply_list"


class CheckStep(WorkflowStepView):
    """Record a routine check of a supply or a shelter."""

    form_class = CheckForm
    success_message = gettext_lazy("已登记检查。")

    def get_form_kwargs(self, obj):
        return {"with_quantity": isinstance(obj, Supply)}

    def perform(self, obj, form):
        services.record_check(
            obj,
            checked_on=form.cleaned_data["checked_on"],
            quantity=form.cleaned_data.get("quantity"),
        )


class SupplyCheck(CheckStep):
    model = Supply


class SupplyImport(ImportView):
    resource_class = SupplyResource
    title = gettext_lazy("导入应急物资台账")
    success_url_name = "emergency:supply_list"


class SupplyExport(ExportView):
    resource_class = SupplyResource
    filename = gettext_lazy("应急物资台账")


# Shelters -----------------------------------------------------------------------------------


class ShelterList(ResourceListMixin, CommunityListView):
    model = Shelter
    template_name = "emergency/shelter_list.html"
    filterset_class = ShelterFilter
    search_fields = ("name", "address", "serves", "manager")
    create_url_name = "emergency:shelter_create"
    title = gettext_lazy("避难场所与应急集合点")
    tab = "shelters"

    def base_queryset(self):
        return selectors.shelters(self.community)


class ShelterDetail(ResourceDetailMixin, CommunityDetailView):
    model = Shelter
    name = "shelter"
    template_name = "emergency/resource_detail.html"


class ShelterCreate(CommunityCreateView):
    model = Shelter
    form_class = ShelterForm


class ShelterUpdate(CommunityUpdateView):
    model = Shelter
    form_class = ShelterForm


class ShelterDelete(CommunityDeleteView):
    model = Shelter
    success_url_name = "emergency:shelter_list"


class ShelterCheck(CheckStep):
    model = Shelter


class ShelterExport(ExportView):
    resource_class = ShelterResource
    filename = gettext_lazy("避难场所与应急集合点")


# Rescue teams -------------------------------------------------------------------------------


class TeamList(ResourceListMixin, CommunityListView):
    model = RescueTeam
    template_name = "emergency/team_list.html"
    filterset_class = TeamFilter
    search_fields = ("name", "leader", "capability", "base")
    create_url_name = "emergency:team_create"
    title = gettext_lazy("应急救援队伍与志愿者")
    tab = "teams"

    def base_queryset(self):
        return selectors.teams(self.community)


class TeamDetail(ResourceDetailMixin, CommunityDetailView):
    model = RescueTeam
    name = "team"
    template_name = "emergency/resource_detail.html"

    def get_queryset(self):
        return selectors.teams(self.community).prefetch_related("volunteers")


class TeamCreate(CommunityCreateView):
    model = RescueTeam
    form_class = TeamForm


class TeamUpdate(CommunityUpdateView):
    model = RescueTeam
    form_class = TeamForm


class TeamDelete(CommunityDeleteView):
    model = RescueTeam
    success_url_name = "emergency:team_list"


class TeamImport(ImportView):
    resource_class = TeamResource
    title = gettext_lazy("导入应急救援队伍")
    success_url_name = "emergency:team_list"


class TeamExport(ExportView):
    resource_class = TeamResource
    filename = gettext_lazy("应急救援队伍")
