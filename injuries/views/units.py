"""Reporting units (with their reporters) and accident events."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
)

from .. import selectors
from ..filters import AccidentFilter, UnitFilter
from ..forms import AccidentForm, ReportingUnitForm
from ..models import Accident, ReportingUnit


class DetailLinksMixin:
    """Edit/delete buttons for the generic detail template, and local date-times."""

    update_url_name = ""
    delete_url_name = ""

    def field_rows(self, obj):
        rows = []
        for label, value in super().field_rows(obj):
            if isinstance(value, datetime.datetime):
                value = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
            elif isinstance(value, bool):
                value = _("是") if value else _("否")
            rows.append((label, value))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kwargs = {"community": self.community.slug, "pk": self.object.pk}
        context["edit_url"] = reverse(self.update_url_name, kwargs=kwargs)
        context["delete_url"] = reverse(self.delete_url_name, kwargs=kwargs)
        return context


# Reporting units ------------------------------------------------------------------------------


class UnitList(CommunityListView):
    model = ReportingUnit
    title = _("报告单位")
    filterset_class = UnitFilter
    search_fields = ("name", "code", "address")
    create_url_name = "injuries:unit_create"
    columns = (
        (_("单位名称"), "name"),
        (_("单位类型"), "kind"),
        (_("监测单位编号"), "code"),
        (_("联系人"), "contact_person"),
        (_("报告员人数"), "reporter_count"),
        (_("报告卡数"), "card_count"),
        (_("状态"), "status_label"),
    )

    def base_queryset(self):
        return selectors.unit_list(self.community).select_related("community")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counted for the page's rows only, not grouped over every card of every unit.
        selectors.with_counts(self.community, context["object_list"])
        return context


class UnitDetail(DetailLinksMixin, CommunityDetailView):
    model = ReportingUnit
    template_name = "injuries/unit_detail.html"
    update_url_name = "injuries:unit_update"
    delete_url_name = "injuries:unit_delete"
    detail_fields = (
        "name",
        "kind",
        "code",
        "address",
        "contact_person",
        "phone",
        "reporters",
        "is_active",
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["card_count"] = self.object.cards.count()
        context["recent_cards"] = self.object.cards.select_related("community").order_by(
            "-injury_at"
        )[:10]
        return context


class UnitCreate(CommunityCreateView):
    model = ReportingUnit
    form_class = ReportingUnitForm


class UnitUpdate(CommunityUpdateView):
    model = ReportingUnit
    form_class = ReportingUnitForm


class UnitDelete(CommunityDeleteView):
    model = ReportingUnit
    success_url_name = "injuries:unit_list"
    template_name = "injuries/unit_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["card_count"] = self.object.cards.count()
        return context

    def form_valid(self, form):
        if self.object.cards.exists():
            from django.contrib import messages
            from django.http import HttpResponseRedirect

            messages.error(self.request, _("该单位已有报告卡，不能删除；可将其设为停用。"))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


# Accidents ------------------------------------------------------------------------------------


class AccidentList(CommunityListView):
    model = Accident
    title = _("事故")
    filterset_class = AccidentFilter
    search_fields = ("title", "place", "description")
    create_url_name = "injuries:accident_create"
    columns = (
        (_("事故名称"), "title"),
        (_("发生时间"), "occurred_at"),
        (_("事故类型"), "kind"),
        (_("发生地点"), "place"),
        (_("死亡人数"), "deaths"),
        (_("受伤人数"), "injured"),
        (_("关联报告卡"), "card_count"),
    )

    def base_queryset(self):
        return selectors.accident_list(self.community).select_related("community")


class AccidentDetail(DetailLinksMixin, CommunityDetailView):
    model = Accident
    template_name = "injuries/accident_detail.html"
    update_url_name = "injuries:accident_update"
    delete_url_name = "injuries:accident_delete"
    detail_fields = (
        "title",
        "kind",
        "occurred_at",
        "place",
        "safety_area",
        "reported_by",
        "deaths",
        "injured",
        "missing",
        "loss",
        "description",
        "handling",
    )

    def get_queryset(self):
        return super().get_queryset().select_related("reported_by", "community")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Cards of the injured, without personal data (the accident page is for every role).
        context["cards"] = self.object.cards.select_related("community").order_by("injury_at")
        return context


class AccidentCreate(CommunityCreateView):
    model = Accident
    form_class = AccidentForm


class AccidentUpdate(CommunityUpdateView):
    model = Accident
    form_class = AccidentForm


class AccidentDelete(CommunityDeleteView):
    model = Accident
    success_url_name = "injuries:accident_list"
