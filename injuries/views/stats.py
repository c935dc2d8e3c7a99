"""The statistics page (filters, tables, charts) and its XLSX exports.

Open to every read role; reporters have no statistics (they enter cards). No personal data is
ever part of a table here.
"""

import hashlib

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from safecommunity.evidence import Period
from safecommunity.forms import LIST_FILTER_RENDERER
from safecommunity.summaries import cached
from safecommunity.tenancy import CommunityMixin
from safecommunity.views import KeptContentMixin

from .. import statistics
from ..charts import SECTIONS, build_charts
from ..exports import tables_to_xlsx, xlsx_response
from ..forms import StatsFilterForm


def _criteria(request, community):
    form = StatsFilterForm(request.GET or None, community=community)
    start, end, filters = form.criteria()
    period = Period(start, end, _("%(start)s 至 %(end)s") % {"start": start, "end": end})
    return form, period, filters


def _entry(key, table, chart):
    """(key, table, chart, layout): a chart beside its table, above a wide one, or no chart."""
    if chart is None:
        layout = "half" if len(table.headers) <= 5 else "full"
    else:
        layout = "stack" if len(table.headers) > 5 else "split"
    return key, table, chart, layout


class InjuryStats(KeptContentMixin, CommunityMixin, TemplateView):
    template_name = "injuries/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_html is not None:
            context["title"] = _("伤害统计分析")
            return context
        form, period, filters = _criteria(self.request, self.community)
        form.renderer = LIST_FILTER_RENDERER
        stats = statistics.cached_compute(self.community, period, **filters)
        querystring = self.request.GET.urlencode()
        # The thirty tables and their charts are drawn from the cached figures only (and link
        # to their exports with the query string): cached as HTML beside them.
        digest = hashlib.md5(querystring.encode(), usedforsecurity=False).hexdigest()
        key = f"injury-stats-html:{statistics.criteria_key(period, filters)}:{digest}"
        context.update(
            title=_("伤害统计分析"),
            form=form,
            period=period,
            stats=stats,
            figures=stats.figures,
            sections_html=cached(
                self.community, key, lambda: self.render_sections(stats, querystring)
            ),
            querystring=querystring,
        )
        return context

    def render_sections(self, stats, querystring):
        svgs = build_charts(stats)
        sections = [
            (title, [_entry(key, stats.tables[key], svgs.get(key)) for key, _kind in entries])
            for title, entries in SECTIONS
        ]
        return render_to_string(
            "injuries/_stats_sections.html",
            {"community": self.community, "sections": sections, "querystring": querystring},
        )


class InjuryStatsExport(CommunityMixin, TemplateView):
    """?table=<key> for one table, none for the whole workbook; the page's filters apply."""

    def get(self, request, *args, **kwargs):
        form, period, filters = _criteria(request, self.community)
        stats = statistics.cached_compute(self.community, period, **filters)
        key = request.GET.get("table", "")
        if key:
            if key not in stats.tables:
                raise Http404
            tables = [stats.tables[key]]
            filename = f"{self.community.name}-{stats.tables[key].title}"
        else:
            tables = list(stats.tables.values())
            label = _("伤害统计")
            filename = f"{self.community.name}-{label}"
        heading = _("%(community)s · 统计期间：%(period)s") % {
            "community": self.community.name,
            "period": period.label,
        }
        return xlsx_response(tables_to_xlsx(tables, heading=heading), filename)
