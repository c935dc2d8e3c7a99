"""The four-colour risk map (element 3): places on a site plan and by coordinates; pinning;
site plan uploads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from safecommunity.files import StoredFileView
from safecommunity.roles import Role
from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin, can_edit, editable_groups
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    FormPageMixin,
    KeptContentMixin,
)
from safecommunity.workflow import form_errors_text

from .. import maps
from ..forms import MapFilterForm, PlacePinForm, SitePlanForm
from ..models import Place, SitePlan
from ..services import maps as services


def pinnable_places(membership):
    """The places this member may pin: all for the office, a leader's own groups' places."""
    places = Place.objects.filter(community=membership.community, is_active=True)
    if membership.role == Role.OFFICE:
        return places
    return places.filter(working_group__in=editable_groups(membership))


class HazardMap(KeptContentMixin, CommunityMixin, TemplateView):
    """The map, its lists and its pinning form: kept content (``KeptContentMixin``), computed
    again only when the community's records change."""

    template_name = "hazards/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("风险四色分布图")
        if self.kept_html is not None:
            return context
        community = self.community
        filters = MapFilterForm(self.request.GET or None)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        items = maps.map_places(
            community,
            level=wanted.get("level", ""),
            category=wanted.get("category", ""),
            kind=wanted.get("kind", ""),
            key_only=wanted.get("key", False),
        )
        plans = maps.site_plans(community)
        plan = maps.current_plan(plans, self.request.GET.get("plan"))
        may_pin = self.membership.role in OFFICE_AND_LEADERS
        context.update(
            filters=filters,
            plans=plans,
            plan=plan,
            items=items,
            counts=maps.level_counts(items),
            level_note=maps.level_note(),
            unpinned=maps.unpinned(items),
            elsewhere=[
                item
                for item in items
                if item.place.is_pinned and plan and item.place.site_plan_id != plan.pk
            ],
            outside_china=maps.outside_china(items),
            scatter=maps.scatter_svg(items),
            is_office=self.membership.role == Role.OFFICE,
            may_pin=may_pin and plan is not None,
        )
        if plan is not None:
            image = reverse("hazards:site_plan_image", args=[community.slug, plan.pk])
            context["plan_svg"] = maps.plan_svg(plan, items, image_href=image)
        if context["may_pin"]:
            ids = set(pinnable_places(self.membership).values_list("pk", flat=True))
            context["pin_options"] = maps.pin_options(
                [item for item in items if item.place.pk in ids]
            )
            context["pin_form"] = PlacePinForm(community=community, initial={"site_plan": plan})
        return context


class PinPlace(CommunityMixin, View):
    """POST: pin the chosen place on the plan at (x, y), or take it off; its coordinates too.

    A leader pins only the places of the working groups they lead (``editable_groups``)."""

    edit_roles = OFFICE_AND_LEADERS
    requires_edit = True

    def post(self, request, *args, **kwargs):
        place = get_object_or_404(
            Place.objects.filter(community=self.community), pk=request.POST.get("place") or 0
        )
        if not can_edit(
            self.membership, place, edit_roles=self.edit_roles, group=place.working_group
        ):
            raise PermissionDenied
        if request.POST.get("unpin"):
            target = self.back_to(place.site_plan_id)
            services.unpin_place(place)
            messages.success(request, _("已取消“%(name)s”的平面图标注。") % {"name": place.name})
            return HttpResponseRedirect(target)
        form = PlacePinForm(request.POST, instance=place, community=self.community)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            # Back to the plan being worked on (when it is one of ours), not the default one.
            plan = form.fields["site_plan"].queryset.filter(pk=_int(request.POST.get("site_plan")))
            return HttpResponseRedirect(self.back_to(plan.values_list("pk", flat=True).first()))
        place = form.save()
        target = self.back_to(place.site_plan_id)
        messages.success(request, _("已保存“%(name)s”的位置。") % {"name": place.name})
        if place.outside_china():
            messages.warning(request, _("经纬度不在中国境内，请核对是否填反或有误。"))
        return HttpResponseRedirect(target)

    def back_to(self, plan_id):
        """The map page showing the plan (its default plan when ``plan_id`` is None)."""
        target = reverse("hazards:map", args=[self.community.slug])
        return f"{target}?plan={plan_id}" if plan_id else target


def _int(value):
    return int(value) if str(value or "").isdigit() else 0


class SitePlanCreate(FormPageMixin, CommunityCreateView):
    model = SitePlan
    form_class = SitePlanForm
    template_name = "hazards/form.html"
    cancel_url_name = "hazards:map"
    success_message = gettext_lazy("平面图已上传。")

    def form_valid(self, form):
        form.instance.community = self.community
        self.object = services.save_site_plan(form.save(commit=False))
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class SitePlanDefault(CommunityMixin, View):
    requires_edit = True

    def post(self, request, *args, **kwargs):
        plan = get_object_or_404(SitePlan.objects.filter(community=self.community), pk=kwargs["pk"])
        services.make_default_plan(plan)
        messages.success(request, _("已设为默认平面图。"))
        plan.community = self.community
        return HttpResponseRedirect(plan.get_absolute_url())


class SitePlanDelete(CommunityDeleteView):
    model = SitePlan
    success_url_name = "hazards:map"

    def form_valid(self, form):
        services.delete_site_plan(self.object)
        messages.success(self.request, _("已删除。"))
        return HttpResponseRedirect(self.get_success_url())


class SitePlanImage(StoredFileView):
    model = SitePlan
    field = "image"

    def download_name(self, obj):
        return obj.title
