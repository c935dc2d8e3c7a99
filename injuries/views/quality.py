"""The data-quality page for the office, and the export in the national card's layout."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from safecommunity.importing import ExportView
from safecommunity.tenancy import CommunityMixin

from .. import quality, selectors
from ..cdc import CdcCardResource, parse_period
from .cards import shows_personal


def _period_choices(today):
    """(value, label) of the last twelve months and the last four quarters, newest first."""
    months = quality.month_starts(today)[::-1]
    choices = [(f"{m:%Y-%m}", _("%(y)d年%(m)02d月") % {"y": m.year, "m": m.month}) for m in months]
    quarters = []
    for m in months:
        value = f"{m.year}-Q{(m.month - 1) // 3 + 1}"
        if value not in quarters:
            quarters.append(value)
    choices += [(q, parse_period(q)[2]) for q in quarters[:4]]
    return choices


class DataQuality(CommunityMixin, TemplateView):
    """Per reporting unit: cards per month (silent months flagged), completeness, unknown or
    其他 values, confirmed warnings, late reports; and the county-CDC export of a month or a
    quarter."""

    template_name = "injuries/quality.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        until = parse_period(self.request.GET.get("until"))  # ?until=2026-11: an earlier window
        if until is not None and until[1] < today:
            today = until[1]
        units = quality.unit_quality(self.community, today=today)
        context.update(
            title=_("伤害监测数据质量"),
            units=units,
            months=quality.month_starts(today),
            late_days=quality.LATE_DAYS,
            periods=_period_choices(today),
            unit_choices=selectors.units_of(self.community).order_by("name"),
        )
        return context


class CdcExport(ExportView):
    """``?period=2026-03`` or ``2026-Q1`` (by 填报日期), optional ``unit=<id>``; personal
    columns for office staff on request (``personal=1``), as the card export."""

    resource_class = CdcCardResource

    def get_resource(self):
        personal = shows_personal(self.membership) and self.request.GET.get("personal") == "1"
        return self.resource_class(
            community=self.community, user=self.request.user, personal=personal
        )

    def get(self, request, *args, **kwargs):
        period = parse_period(request.GET.get("period"))
        if period is None:
            # The export form lives on the data-quality page: back there, saying what is missing.
            messages.error(request, _("请选择月份（如 2026-03）或季度（如 2026-Q1）。"))
            return redirect("injuries:quality", community=self.community.slug)
        self.period = period
        self.filename = _("全国伤害监测报告卡_%(period)s") % {"period": period[2]}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        first, last, _label = self.period
        queryset = (
            selectors.visible_cards(self.community, self.membership)
            .filter(reported_on__gte=first, reported_on__lte=last)
            .select_related("reporting_unit")
            .order_by("reporting_unit__code", "reported_on", "pk")
        )
        unit = self.request.GET.get("unit")
        if unit and unit.isdigit():
            queryset = queryset.filter(reporting_unit_id=int(unit))
        return queryset
