"""Injury statistics computed with GROUP BY aggregates in the database.

The statistics page needs about thirty distributions, cross-tabulations and trends. Rather than
one query per table, each *scan* groups the period's cards by a few columns at once (for example
age × sex × cause) and the tables are the margins of those grouped counts, summed in Python over
at most a few thousand aggregate rows, never over cards. Eight GROUP BY queries cover the page:
the five scans of ``SCANS``, the same first scan over the year-earlier span, the months of both
spans, and the years. Each reads its own covering index in index order (see
``InjuryCard.Meta.indexes``), so no query sorts or touches the table, whatever the period and
filters: about 0.2–0.3 s for 100,000 cards on SQLite.

Every table is a ``safecommunity.evidence.Table`` (title, headers, rows, note), so the page,
the XLSX export and the dossier evidence share one shape. No table carries personal data.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import AgeGroup, Sex
from safecommunity.elements import SafetyArea
from safecommunity.evidence import Period, Table
from safecommunity.summaries import cached

from . import choices, trends
from .aggregates import (  # noqa: F401 - filtered_cards and grouped_counts are part of the API
    age_group_of,
    filtered_cards,
    grouped_counts,
    label_of,
    margin,
    pct,
)
from .choices import FollowUp, Outcome
from .models import STAT_SCANS

# Dimension key → (verbose label, code list). Order = order on the page.
DIMENSIONS = {
    "age_group": (gettext_lazy("年龄组"), AgeGroup),
    "sex": (gettext_lazy("性别"), choices.CardSex),
    "occupation": (gettext_lazy("职业"), choices.Occupation),
    "education": (gettext_lazy("文化程度"), choices.Education),
    "residence": (gettext_lazy("户籍"), choices.Residence),
    "cause": (gettext_lazy("伤害发生原因"), choices.Cause),
    "place": (gettext_lazy("伤害发生地点"), choices.Place),
    "activity": (gettext_lazy("伤害发生时活动"), choices.Activity),
    "intent": (gettext_lazy("意图"), choices.Intent),
    "nature": (gettext_lazy("伤害性质"), choices.Nature),
    "body_part": (gettext_lazy("伤害部位"), choices.BodyPart),
    "severity": (gettext_lazy("严重程度"), choices.Severity),
    "outcome": (gettext_lazy("结局"), choices.Outcome),
    "follow_up": (gettext_lazy("随访转归"), choices.FollowUp),
    "safety_area": (gettext_lazy("安全领域"), SafetyArea),
}

# Columns grouped together in one query each; every dimension appears in exactly one scan, and
# each scan has its covering index (InjuryCard.Meta.indexes).
SCANS = STAT_SCANS

FINE_AGE_BANDS = [(lo, lo + 4) for lo in range(0, 85, 5)] + [(85, 120)]


def distribution_table(title, heading, code_list, counts, total, *, keep_empty=True):
    """Rows (label, cases, share %) in code order, then unknown values, then 合计."""
    rows = []
    for value, label in code_list.choices:
        n = counts.get(value, 0)
        if n or keep_empty:
            rows.append([str(label), n, pct(n, total)])
    known = {value for value, _label in code_list.choices}
    for value, n in counts.items():
        if value not in known and n:
            rows.append([label_of(code_list, value), n, pct(n, total)])
    rows.append([_("合计"), total, 100.0 if total else None])
    return Table(title, [str(heading), _("例数"), _("构成比（%）")], rows)


@dataclass
class InjuryStatistics:
    period: Period
    total: int = 0
    tables: dict = field(default_factory=dict)  # key → Table
    series: dict = field(default_factory=dict)  # key → data for charts
    figures: dict = field(default_factory=dict)  # key → number


def criteria_key(period, filters):
    """The period and filters as part of a cache key."""
    parts = [period.start.isoformat(), period.end.isoformat()]
    parts += [f"{name}={filters[name]}" for name in sorted(filters)]
    return ":".join(parts)


def cached_compute(community, period, **filters):
    """``compute()``, from the cache while the community's records are unchanged.

    The statistics page, its XLSX exports and the API read this: a warm request costs one cache
    read and no card. The key holds the community's data version (``safecommunity.summaries``),
    which every saved, deleted or imported card changes, and the day and language.
    """
    return cached(
        community,
        f"injury-stats:{criteria_key(period, filters)}",
        lambda: compute(community, period, **filters),
    )


def compute(community, period, **filters):
    """Everything the statistics page shows for ``period`` and the filters."""
    stats = InjuryStatistics(period=period)
    cards = filtered_cards(community, start=period.start, end=period.end, **filters)
    scans = [(fields, grouped_counts(cards, fields)) for fields in SCANS]
    first_fields, first = scans[0]
    total = stats.total = sum(first.values())

    by_dimension = {}
    age_sex_cause = margin(first, first_fields, ("age", "sex", "cause"), age_group_of)
    by_dimension["age_group"] = margin(age_sex_cause, ("age_group", "sex", "cause"), ("age_group",))
    by_dimension["sex"] = margin(first, first_fields, ("sex",))
    by_dimension["cause"] = margin(first, first_fields, ("cause",))
    for fields, counts in scans[1:]:
        for name in fields:
            by_dimension[name] = margin(counts, fields, (name,))
    for key, (label, code_list) in DIMENSIONS.items():
        title = _("%(dim)s分布") % {"dim": label}
        stats.tables[key] = distribution_table(title, label, code_list, by_dimension[key], total)
        stats.series[key] = by_dimension[key]

    stats.tables["fine_age"] = _fine_age_table(margin(first, first_fields, ("age", "sex")), total)
    stats.tables["cause_by_age"] = _crosstab(
        _("伤害原因 × 年龄组"),
        margin(age_sex_cause, ("age_group", "sex", "cause"), ("cause", "age_group")),
        choices.Cause,
        AgeGroup,
    )
    stats.series["cause_by_age"] = margin(
        age_sex_cause, ("age_group", "sex", "cause"), ("cause", "age_group")
    )
    stats.tables["sex_by_age"] = _crosstab(
        _("年龄组 × 性别"),
        margin(age_sex_cause, ("age_group", "sex", "cause"), ("age_group", "sex")),
        AgeGroup,
        Sex,
    )
    outcomes = margin(scans[4][1], scans[4][0], ("outcome", "follow_up"))
    stats.tables["outcome_rates"], stats.figures = _outcome_rates(outcomes, total)
    stats.figures["total"] = total
    trends.monthly(stats, community, filters)
    trends.year_on_year(stats, community, period, filters, first)
    trends.yearly(stats, community, filters)
    return stats


def _fine_age_table(age_sex, total):
    rows = []
    for lo, hi in FINE_AGE_BANDS:
        male = sum(n for (age, sex), n in age_sex.items() if lo <= age <= hi and sex == Sex.MALE)
        female = sum(
            n for (age, sex), n in age_sex.items() if lo <= age <= hi and sex == Sex.FEMALE
        )
        label = (
            _("%(lo)s–%(hi)s岁") % {"lo": lo, "hi": hi}
            if hi < 120
            else _("%(lo)s岁及以上") % {"lo": lo}
        )
        rows.append([label, male, female, male + female, pct(male + female, total)])
    return Table(
        _("五岁年龄段分布"), [_("年龄段"), _("男"), _("女"), _("合计"), _("构成比（%）")], rows
    )


def _crosstab(title, counts, row_list, col_list):
    headers = [title.split(" × ")[0]] + [str(label) for _v, label in col_list.choices] + [_("合计")]
    rows = []
    col_totals = Counter()
    for row_value, row_label in row_list.choices:
        values = [counts.get((row_value, col_value), 0) for col_value, _l in col_list.choices]
        if not any(values):
            continue
        for (col_value, _l), n in zip(col_list.choices, values, strict=True):
            col_totals[col_value] += n
        rows.append([str(row_label), *values, sum(values)])
    totals = [col_totals[v] for v, _l in col_list.choices]
    rows.append([_("合计"), *totals, sum(totals)])
    return Table(title, headers, rows)


def _outcome_rates(outcomes, total):
    admitted = sum(n for (outcome, _f), n in outcomes.items() if outcome == Outcome.ADMITTED)
    died = sum(
        n
        for (outcome, follow), n in outcomes.items()
        if outcome == Outcome.DIED or follow == FollowUp.DIED
    )
    followed = sum(
        n for (_o, follow), n in outcomes.items() if follow not in (None, FollowUp.UNKNOWN)
    )
    cured = sum(n for (_o, follow), n in outcomes.items() if follow == FollowUp.CURED)
    improved = sum(n for (_o, follow), n in outcomes.items() if follow == FollowUp.IMPROVED)
    disabled = sum(n for (_o, follow), n in outcomes.items() if follow == FollowUp.DISABLED)
    figures = {
        "admitted": admitted,
        "died": died,
        "followed": followed,
        "cured": cured,
        "improved": improved,
        "admission_rate": pct(admitted, total),
        "death_rate": pct(died, total, 2),
        "cure_rate": pct(cured, followed),
        "improvement_rate": pct(improved, followed),
        "cure_or_improvement_rate": pct(cured + improved, followed),
    }
    rows = [
        [_("住院率"), admitted, total, figures["admission_rate"]],
        [_("死亡率（病死率）"), died, total, figures["death_rate"]],
        [_("治愈率"), cured, followed, figures["cure_rate"]],
        [_("好转率"), improved, followed, figures["improvement_rate"]],
        [_("治愈好转率"), cured + improved, followed, figures["cure_or_improvement_rate"]],
        [_("致残率"), disabled, followed, pct(disabled, followed)],
    ]
    note = _(
        "住院率、死亡率以全部报告卡为分母；治愈、好转、致残率以已有随访转归（不含“未知”）的卡为分母。"
    )
    return Table(
        _("住院、死亡与治愈率"), [_("指标"), _("例数"), _("分母"), _("率（%）")], rows, note
    ), figures
