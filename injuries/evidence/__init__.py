"""Evidence of element 9 (事故与伤害记录) for the dossier and the periodic reports.

Aggregates only: counts, rates, distributions and charts. No name, phone, ID number, birth date,
address or narrative of an injured person ever leaves this module.
"""

import datetime

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.elements import Element
from safecommunity.evidence import Chart, ElementEvidence, ElementStatus, Figure, Table

from .. import selectors, statistics
from ..charts import distribution_chart
from ..choices import AccidentKind
from ..models import Accident, InjuryCard, ReportingUnit
from .todo import todo  # noqa: F401 - the evidence protocol's to-do lists

ELEMENTS = (Element.INJURY_RECORDS,)

# Record kinds whose presence shows an element is covered (region rankings count them in bulk).
COVERAGE = {9: ("injuries.InjuryCard", "injuries.Accident")}
RECENT_DAYS = 90


def status(community):
    """Cards, units and accidents held, and what is still lacking (four COUNT queries)."""
    cards = InjuryCard.objects.filter(community=community)
    card_count = cards.count()
    recent = cards.filter(
        injury_date__gte=timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    ).exists()
    unit_count = ReportingUnit.objects.filter(community=community).count()
    accident_count = Accident.objects.filter(community=community).count()
    card_missing = []
    if not card_count:
        card_missing.append(_("尚无伤害监测报告卡"))
    elif not recent:
        card_missing.append(_("近 3 个月没有新的伤害监测报告卡"))
    unit_missing = [] if unit_count else [_("尚未登记伤害报告单位（哨点医院、学校、派出所等）")]
    return [
        ElementStatus(9, _("伤害监测报告卡"), card_count, "injuries:card_list", card_missing),
        ElementStatus(9, _("伤害报告单位"), unit_count, "injuries:unit_list", unit_missing),
        ElementStatus(9, _("事故记录"), accident_count, "injuries:accident_list"),
    ]


def _top(table, count=5):
    rows = sorted((r for r in table.rows[:-1] if r[1]), key=lambda r: -r[1])[:count]
    return Table(_("主要伤害原因（前 %(n)d 位）") % {"n": count}, table.headers, rows)


def _accidents(community, period):
    accidents = Accident.objects.filter(
        community=community,
        occurred_at__date__gte=period.start,
        occurred_at__date__lte=period.end,
    )
    rows = (
        accidents.order_by()
        .values_list("kind")
        .annotate(n=Count("id"), deaths=Sum("deaths"), injured=Sum("injured"))
    )
    by_kind = {kind: (n, deaths or 0, injured or 0) for kind, n, deaths, injured in rows}
    table_rows = [
        [str(label), *by_kind[value]] for value, label in AccidentKind.choices if value in by_kind
    ]
    totals = [sum(r[i] for r in table_rows) for i in (1, 2, 3)]
    table_rows.append([_("合计"), *totals])
    table = Table(
        _("事故起数与伤亡（按类型）"),
        [_("事故类型"), _("起数"), _("死亡人数"), _("受伤人数")],
        table_rows,
    )
    return table, totals


def collect(community, element, period):
    evidence = ElementEvidence(element=element)
    if element != Element.INJURY_RECORDS:
        return evidence
    stats = statistics.compute(community, period)
    figures = stats.figures
    accident_table, (accident_count, accident_deaths, _injured) = _accidents(community, period)
    unit_count = ReportingUnit.objects.filter(community=community, is_active=True).count()
    year = period.end.year
    rate = selectors.rate_per_1000(community, year) if period.days >= 365 else None

    evidence.figures = [
        Figure(_("伤害例数"), figures["total"], _("例")),
        Figure(_("上年同期"), figures["previous_total"], _("例")),
        Figure(_("同比变化"), figures["yoy_change"], "%"),
        Figure(_("住院例数"), figures["admitted"], _("例")),
        Figure(_("死亡例数"), figures["died"], _("例")),
        Figure(_("死亡率（病死率）"), figures["death_rate"], "%"),
        Figure(_("治愈率"), figures["cure_rate"], "%"),
        Figure(_("治愈好转率"), figures["cure_or_improvement_rate"], "%"),
        Figure(_("事故起数"), accident_count, _("起")),
        Figure(_("事故死亡人数"), accident_deaths, _("人")),
        Figure(_("在用报告单位"), unit_count, _("个")),
    ]
    if rate is not None:
        evidence.figures.insert(1, Figure(_("%(year)d年伤害发生率") % {"year": year}, rate, "‰"))

    tables = stats.tables
    evidence.tables = [
        _top(tables["cause"]),
        tables["age_group"],
        tables["sex"],
        tables["sex_by_age"],
        tables["cause_by_age"],
        tables["yoy_cause"],
        tables["yoy_age"],
        tables["outcome_rates"],
        tables["yearly"],
        tables["age_rates"],
        accident_table,
    ]
    monthly = stats.series["monthly"]
    evidence.charts = [
        Chart(
            _("按月伤害例数（本期与上年同期）"),
            charts.line_chart(
                [label for label, _n in monthly],
                {
                    _("本期"): [n for _l, n in monthly],
                    _("上年同期"): stats.series["monthly_previous"],
                },
                unit=_("例"),
            ),
        ),
        Chart(_("伤害原因构成"), distribution_chart(tables["cause"], "hbar")),
        Chart(_("年龄组分布"), distribution_chart(tables["age_group"], "bar")),
    ]
    top = _top(tables["cause"], 3).rows
    evidence.summary = _(
        "%(period)s共收到伤害监测报告卡 %(total)d 张（上年同期 %(previous)d 张），"
        "主要伤害原因为%(causes)s；住院 %(admitted)d 例，死亡 %(died)d 例。"
    ) % {
        "period": period.label or f"{period.start}—{period.end}",
        "total": figures["total"],
        "previous": figures["previous_total"],
        "causes": "、".join(str(r[0]) for r in top) or _("（无）"),
        "admitted": figures["admitted"],
        "died": figures["died"],
    }
    if not figures["total"]:
        evidence.gaps.append(_("本期间没有伤害监测报告卡。"))
    if not unit_count:
        evidence.gaps.append(_("尚未登记伤害报告单位。"))
    if selectors.population_base(community, year) is None:
        evidence.gaps.append(_("缺少人口基数，无法计算伤害发生率。"))
    return evidence
