"""Charts of the injury statistics (server-side SVG through safecommunity.charts), and the layout
of the statistics page: which table goes in which section, with which chart."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import AgeGroup
from safecommunity import charts
from safecommunity.evidence import year_label

from .choices import Cause

# Sections of the page: (title, [(table key, chart kind or None)]). Narrow tables without a chart
# come in pairs so that they sit side by side. (The total's year-on-year change is in the
# figures at the top; its table "yoy" is in the XLSX export.)
SECTIONS = (
    (
        gettext_lazy("趋势与同比"),
        [
            ("monthly", "monthly"),
            ("yearly", "yearly"),
            ("yoy_cause", None),
            ("yoy_age", None),
            ("yoy_age_cause", None),
        ],
    ),
    (
        gettext_lazy("发生率与转归"),
        [("age_rates", "age_rates"), ("outcome_rates", "outcome_rates")],
    ),
    (
        gettext_lazy("人群分布"),
        [
            ("age_group", "bar"),
            ("fine_age", "fine_age"),
            ("sex", "donut"),
            ("sex_by_age", "sex_by_age"),
            ("occupation", "hbar"),
            ("education", "hbar"),
            ("residence", "donut"),
        ],
    ),
    (
        gettext_lazy("伤害事件"),
        [
            ("cause", "hbar"),
            ("cause_by_age", "stacked"),
            ("place", "hbar"),
            ("activity", "hbar"),
            ("intent", "donut"),
            ("safety_area", "hbar"),
        ],
    ),
    (
        gettext_lazy("临床特征"),
        [
            ("nature", "hbar"),
            ("body_part", "hbar"),
            ("severity", "donut"),
            ("outcome", "donut"),
            ("follow_up", "donut"),
        ],
    ),
)


def _rows(table):
    """Data rows of a distribution table that have cases (without the 合计 row)."""
    return [r for r in table.rows[:-1] if r[1]]


def distribution_chart(table, kind):
    rows = _rows(table)
    labels, values = [r[0] for r in rows], [r[1] for r in rows]
    if kind == "donut":
        return charts.donut_chart(labels, values, title=table.title)
    horizontal = kind == "hbar"
    height = max(220, 26 * len(labels) + 70) if horizontal else 300
    return charts.bar_chart(
        labels, values, title=table.title, unit=_("例"), horizontal=horizontal, height=height
    )


def _monthly(stats):
    monthly = stats.series["monthly"]
    return charts.line_chart(
        [label[2:] for label, _n in monthly],
        {_("本期"): [n for _l, n in monthly], _("上年同期"): stats.series["monthly_previous"]},
        title=_("按月伤害例数"),
        unit=_("例"),
    )


def _yearly(stats):
    yearly = stats.series["yearly"]
    return charts.bar_chart(
        [str(y) for y, _n in yearly], [n for _y, n in yearly], title=_("按年伤害例数"), unit=_("例")
    )


def _cause_by_age(stats):
    """Each age group's cases stacked by the five leading causes and the rest."""
    by_age = stats.series["cause_by_age"]
    top = [c for c, _n in stats.series["cause"].most_common(5)]
    series = {str(Cause(c).label): [by_age.get((c, g), 0) for g in AgeGroup.values] for c in top}
    series[_("其他")] = [
        sum(n for (c, g), n in by_age.items() if g == group and c not in top)
        for group in AgeGroup.values
    ]
    return charts.stacked_bar_chart(
        [str(label) for label in AgeGroup.labels],
        series,
        title=_("各年龄组主要伤害原因"),
        unit=_("例"),
    )


def _by_sex(table, title):
    """A stacked bar per row of a table whose columns 1 and 2 are 男 and 女."""
    rows = [r for r in table.rows if r[0] != _("合计")]
    return charts.stacked_bar_chart(
        [r[0] for r in rows],
        {table.headers[1]: [r[1] for r in rows], table.headers[2]: [r[2] for r in rows]},
        title=title,
        unit=_("例"),
    )


def _age_rates(stats):
    table = stats.tables["age_rates"]
    series = {year_label(row[0]): row[1:] for row in table.rows}
    return charts.line_chart(table.headers[1:], series, title=_("分年龄组伤害发生率"), unit="‰")


def _outcome_rates(stats):
    rows = [r for r in stats.tables["outcome_rates"].rows if r[3] is not None]
    return charts.bar_chart(
        [r[0] for r in rows], [r[3] for r in rows], title=_("住院、死亡与治愈率"), unit="%"
    )


SPECIAL = {
    "monthly": _monthly,
    "yearly": _yearly,
    "stacked": _cause_by_age,
    "fine_age": lambda stats: _by_sex(stats.tables["fine_age"], _("五岁年龄段分布（按性别）")),
    "sex_by_age": lambda stats: _by_sex(stats.tables["sex_by_age"], _("各年龄组性别构成")),
    "age_rates": _age_rates,
    "outcome_rates": _outcome_rates,
}


def build_charts(stats):
    """{table key: svg} for every table of SECTIONS that has a chart."""
    result = {}
    for _title, entries in SECTIONS:
        for key, kind in entries:
            if kind in SPECIAL:
                result[key] = SPECIAL[kind](stats)
            elif kind:
                result[key] = distribution_chart(stats.tables[key], kind)
    return result
