"""Trends of the statistics page: months beside the year before, year-on-year change of totals,
causes, age groups and each age group's cause mix, and yearly counts with rates per 1,000."""

from collections import Counter, defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _

from committee.choices import AgeGroup
from committee.models import PopulationYear
from safecommunity.evidence import Table

from . import choices
from .aggregates import age_group_of, filtered_cards, grouped_counts, label_of, margin, pct
from .models import STAT_SCANS


def _months(period):
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly(stats, community, filters):
    """Cases by month in the period, beside the same months a year earlier (one query)."""
    period, previous = stats.period, stats.period.previous_year()
    cards = filtered_cards(community, start=previous.start, end=period.end, **filters).exclude(
        injury_date__gt=previous.end, injury_date__lt=period.start
    )
    counts = grouped_counts(cards, ("injury_year", "injury_month"))
    months = list(_months(period))
    stats.series["monthly"] = [(f"{y}-{m:02d}", counts.get((y, m), 0)) for y, m in months]
    stats.series["monthly_previous"] = [counts.get((y - 1, m), 0) for y, m in months]
    rows = [
        [label, n, before, pct(n - before, before)]
        for (label, n), before in zip(
            stats.series["monthly"], stats.series["monthly_previous"], strict=True
        )
    ]
    rows.append([_("合计"), stats.total, sum(stats.series["monthly_previous"]), None])
    stats.tables["monthly"] = Table(
        _("按月伤害例数"), [_("月份"), _("例数"), _("上年同月"), _("同比增减（%）")], rows
    )


def year_on_year(stats, community, period, filters, current):
    """This period against the same span a year earlier: totals, causes, age groups, and each
    age group's cause mix. ``current`` is this period's (age, sex, cause) scan; the earlier
    span is the same scan over its dates (same covering index)."""
    previous = period.previous_year()
    fields = STAT_SCANS[0]
    before_cards = filtered_cards(community, start=previous.start, end=previous.end, **filters)
    counts = Counter()
    for span, scan in ((1, current), (0, grouped_counts(before_cards, fields))):
        for (age_group, cause), n in margin(scan, fields, ("age", "cause"), age_group_of).items():
            counts[(span, age_group, cause)] += n
    fields = ("span", "age_group", "cause")
    per_span = margin(counts, fields, ("span",))
    now, before = per_span.get(1, 0), per_span.get(0, 0)
    stats.figures["previous_total"] = before
    stats.figures["yoy_change"] = pct(now - before, before)
    stats.series["yoy_cause"] = margin(counts, fields, ("cause", "span"))
    stats.series["yoy_age"] = margin(counts, fields, ("age_group", "span"))
    stats.tables["yoy"] = _yoy_table(_("同比变化"), [(_("合计"), now, before)], _("项目"))
    stats.tables["yoy_cause"] = _yoy_table(
        _("各原因同比变化"), _pairs(stats.series["yoy_cause"], choices.Cause), _("伤害原因")
    )
    stats.tables["yoy_age"] = _yoy_table(
        _("各年龄组同比变化"), _pairs(stats.series["yoy_age"], AgeGroup), _("年龄组")
    )
    stats.tables["yoy_age_cause"] = _yoy_age_cause(
        margin(counts, fields, ("age_group", "cause", "span"))
    )
    label = _("%(start)s 至 %(end)s") % {"start": previous.start, "end": previous.end}
    for key in ("yoy", "yoy_cause", "yoy_age", "yoy_age_cause"):
        stats.tables[key].note = _("上年同期：%(span)s") % {"span": label}


def _pairs(by_value_span, code_list):
    result = []
    for value, label in code_list.choices:
        now, before = by_value_span.get((value, 1), 0), by_value_span.get((value, 0), 0)
        if now or before:
            result.append((str(label), now, before))
    return result


def _yoy_table(title, pairs, heading):
    rows = [
        [label, now, before, now - before, pct(now - before, before)]
        for label, now, before in pairs
    ]
    return Table(title, [heading, _("本期"), _("上年同期"), _("增减"), _("增减（%）")], rows)


def _yoy_age_cause(counts):
    """Each age group's leading causes, share of the group now and a year earlier."""
    totals = defaultdict(Counter)
    for (age_group, cause, span), n in counts.items():
        totals[(age_group, span)][cause] += n
    rows = []
    for value, label in AgeGroup.choices:
        now, before = totals.get((value, 1), Counter()), totals.get((value, 0), Counter())
        now_total, before_total = sum(now.values()), sum(before.values())
        for cause, n in now.most_common(3):
            rows.append(
                [
                    str(label),
                    label_of(choices.Cause, cause),
                    n,
                    pct(n, now_total),
                    before.get(cause, 0),
                    pct(before.get(cause, 0), before_total),
                ]
            )
    headers = [
        _("年龄组"),
        _("主要原因"),
        _("本期例数"),
        _("本期构成（%）"),
        _("上年同期例数"),
        _("上年同期构成（%）"),
    ]
    return Table(_("各年龄组伤害原因构成同比"), headers, rows)


def yearly(stats, community, filters):
    """Trend by year over all years, with rates per 1,000 from each year's population base."""
    cards = filtered_cards(community, **filters)
    counts = grouped_counts(cards, ("injury_year", "age_group", "cause"))
    fields = ("injury_year", "age_group", "cause")
    per_year = margin(counts, fields, ("injury_year",))
    years = sorted(per_year)
    base_filter = {"community": community, "year__in": years}
    if filters.get("sex"):
        base_filter["sex"] = filters["sex"]
    if filters.get("age_group"):
        base_filter["age_group"] = filters["age_group"]
    base = {
        (year, group): n
        for year, group, n in PopulationYear.objects.filter(**base_filter)
        .values_list("year", "age_group")
        .annotate(n=Sum("count"))
    }
    base_year = Counter()
    for (year, _group), n in base.items():
        base_year[year] += n
    if (
        not base_year
        and community.population
        and not (filters.get("sex") or filters.get("age_group"))
    ):
        base_year = Counter(dict.fromkeys(years, community.population))

    def rate(n, population):
        return round(n * 1000 / population, 2) if population else None

    stats.series["yearly"] = [(year, per_year[year]) for year in years]
    stats.series["yearly_cause"] = margin(counts, fields, ("injury_year", "cause"))
    rows = []
    for index, year in enumerate(years):
        previous = per_year.get(year - 1) if index else None
        change = pct(per_year[year] - previous, previous) if previous else None
        rows.append(
            [
                year,
                per_year[year],
                change,
                base_year.get(year) or None,
                rate(per_year[year], base_year.get(year)),
            ]
        )
    stats.tables["yearly"] = Table(
        _("按年伤害例数与发生率"),
        [_("年份"), _("例数"), _("比上年增减（%）"), _("人口基数"), _("发生率（‰）")],
        rows,
        _(
            "发生率 = 当年报告卡数 ÷ 当年人口基数 × 1000。人口基数取社区概况中的分年龄、性别人口；缺失时用常住人口。"
        ),
    )
    by_age = margin(counts, fields, ("injury_year", "age_group"))
    headers = [_("年份")] + [str(label) for _v, label in AgeGroup.choices]
    age_rows = []
    for year in years:
        row = [year]
        for value in AgeGroup.values:
            row.append(rate(by_age.get((year, value), 0), base.get((year, value))))
        age_rows.append(row)
    stats.tables["age_rates"] = Table(
        _("分年龄组伤害发生率（‰）"),
        headers,
        age_rows,
        _("各年龄组报告卡数 ÷ 该年龄组当年人口 × 1000；无人口数据时留空。"),
    )
