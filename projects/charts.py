"""The projects app's charts, drawn with safecommunity.charts (same SVG on pages and in PDFs)."""

from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.elements import SafetyArea

from .choices import ProjectStatus


def activities_by_month(stats):
    labels = [label[2:] for label, _n, _p in stats.months]  # "25-03": short enough for 12+ bars
    return charts.bar_chart(
        labels, [n for _l, n, _p in stats.months], title=_("各月活动场次"), unit=_("场")
    )


def participants_by_month(stats):
    labels = [label[2:] for label, _n, _p in stats.months]
    return charts.bar_chart(
        labels, [p for _l, _n, p in stats.months], title=_("各月参加人次"), unit=_("人次")
    )


def activities_by_area(stats):
    rows = stats.by_area
    return charts.bar_chart(
        [label for label, _n, _p in rows],
        [p for _l, _n, p in rows],
        title=_("各安全领域参加人次"),
        unit=_("人次"),
        horizontal=True,
        height=max(200, 34 * len(rows) + 60),
    )


def activities_by_kind(stats):
    return charts.donut_chart(
        [label for label, _n, _p in stats.by_kind],
        [n for _l, n, _p in stats.by_kind],
        title=_("活动类型构成（场次）"),
    )


def reach_over_time(stats):
    """Cumulative person-times reached as a share of the population, month by month."""
    if not stats.population:
        return charts.line_chart([], {}, title=_("累计覆盖人次占常住人口比例"))
    running, shares = 0, []
    for _label, _n, people in stats.months:
        running += people
        shares.append(round(running * 100 / stats.population, 1))
    return charts.line_chart(
        [label[2:] for label, _n, _p in stats.months],
        {_("累计覆盖人次/常住人口"): shares},
        title=_("累计覆盖人次占常住人口比例"),
        unit="%",
    )


def progress_timeline(updates):
    """A project's percent complete at each update, oldest first."""
    ordered = sorted(updates, key=lambda u: (u.date, u.pk))
    return charts.line_chart(
        [u.date.strftime("%m-%d") for u in ordered],
        {_("完成进度"): [u.percent for u in ordered]},
        title=_("项目进度"),
        unit="%",
    )


def effect_before_after(project):
    if project.indicator_before is None or project.indicator_after is None:
        return ""
    return charts.bar_chart(
        [_("干预前"), _("干预后")],
        [float(project.indicator_before), float(project.indicator_after)],
        title=project.indicator_name or _("评估指标"),
        unit=project.indicator_unit,
        height=240,
    )


def objective_chart(evaluation):
    """Actual values against the straight line from baseline to target."""
    objective = evaluation.objective
    rows = evaluation.rows
    if not rows:
        return ""
    labels = [str(row.year) for row in rows]
    if objective.target_year > rows[-1].year:
        labels.append(str(objective.target_year))
    actual = [float(row.value) if row.value is not None else None for row in rows]
    planned = [float(row.expected) for row in rows] + (
        [float(objective.target_value)] if len(labels) > len(rows) else []
    )
    return charts.line_chart(
        labels,
        {_("实际值"): actual, _("计划轨迹"): planned},
        title=objective.indicator,
        unit=objective.unit,
    )


def projects_by_area_and_status(rows):
    """Stacked bars: projects per safety area, by status. ``rows`` are dicts with
    safety_area, status and n (selectors.project_counts)."""
    areas = list(SafetyArea)
    index = {area.value: i for i, area in enumerate(areas)}
    counts = {status: [0] * len(areas) for status in ProjectStatus}
    for row in rows:
        if row["safety_area"] in index and row["status"] in ProjectStatus.values:
            counts[ProjectStatus(row["status"])][index[row["safety_area"]]] += row["n"]
    used = [i for i in range(len(areas)) if any(counts[s][i] for s in ProjectStatus)]
    # Series order picks the palette: running blue, planned orange, completed green, suspended red.
    order = [
        ProjectStatus.RUNNING,
        ProjectStatus.PLANNED,
        ProjectStatus.COMPLETED,
        ProjectStatus.SUSPENDED,
        ProjectStatus.EVALUATING,
    ]
    return charts.stacked_bar_chart(
        [str(areas[i].label) for i in used],
        {str(s.label): [counts[s][i] for i in used] for s in order if any(counts[s])},
        title=_("各安全领域项目数（按状态）"),
        unit=_("个"),
    )


def survey_results(surveys):
    labels = [s.date.strftime("%Y-%m") for s in surveys]
    return charts.line_chart(
        labels,
        {
            _("知晓率"): [float(s.awareness_rate or 0) for s in surveys],
            _("覆盖率"): [float(s.coverage or 0) for s in surveys],
            _("知晓率目标"): [s.awareness_threshold for s in surveys],
            _("覆盖率目标"): [s.coverage_threshold for s in surveys],
        },
        title=_("知晓率与覆盖率"),
        unit="%",
    )
