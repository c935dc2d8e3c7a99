"""Rules over the figures of a period: what the numbers point to, in plain Chinese.

The evidence modules of the domain apps return figures and tables by label (safecommunity.evidence),
so the rules read labels: a figure whose label says 逾期 counts overdue items, 知晓率 is an awareness
rate, and so on. Year-on-year changes are computed here by comparing the period's evidence with
the same span a year earlier, table row by table row, so no app has to compute them for us.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from safecommunity.elements import Element

RISE_THRESHOLD = 10.0  # per cent, year on year
MIN_CASES = 3  # a rise from 1 to 2 cases is noise, not a problem
AWARENESS_TARGET = 80.0  # per cent (seed 第3篇: awareness at least 80 %)
NO_RECORDS = "暂无记录"

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def number(value):
    """The number in a figure value (12, "12", "85.5%", "1,234 例"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if hasattr(value, "__float__"):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    match = _NUMBER.search(str(value).replace(",", ""))
    return float(match.group()) if match else None


@dataclass
class Change:
    label: str
    current: float
    previous: float

    @property
    def percent(self):
        if not self.previous:
            return None
        return (self.current - self.previous) / self.previous * 100

    @property
    def percent_text(self):
        percent = self.percent
        if percent is None:
            return _("新增") if self.current else "—"
        return f"{percent:+.1f}%"


def _fmt(value):
    return f"{value:g}"


def figure_changes(current, previous):
    """Year-on-year changes of the numeric figures two evidences share by label."""
    before = {f.label: number(f.value) for f in previous.figures}
    changes = []
    for figure in current.figures:
        now, then = number(figure.value), before.get(figure.label)
        if now is not None and then is not None and "率" not in figure.label:
            changes.append(Change(figure.label, now, then))
    return changes


# A breakdown's total row (年龄组分布's 合计): the same figure as the injury count.
TOTAL_ROWS = frozenset({"合计", "总计", "小计", "Total", "total"})


def table_changes(current, previous, *, title_words=("原因", "年龄")):
    """Row-by-row changes in tables whose title names a cause or age breakdown.

    The first cell of a row is its key. Its value is the column headed 合计/总计/本期/例数 when
    there is one, else the first numeric cell. A table that already carries a 去年同期/上年同期
    column is read directly; otherwise the same table of the previous year's evidence is used.

    A row already reported by an earlier table (same key, same numbers) is left out: the injury
    evidence shows one breakdown several ways (主要伤害原因, 伤害原因 × 年龄组, 各原因同比变化),
    and one rise is one finding, not three.
    """
    before = {t.title: t for t in previous.tables}
    seen = set()
    result = []
    for table in current.tables:
        if not any(word in table.title for word in title_words):
            continue
        headers = [str(h) for h in table.headers]
        previous_column = next(
            (i for i, h in enumerate(headers) if "去年" in h or "上年" in h), None
        )
        value_column = _value_column(headers)
        old_rows = _row_values(before[table.title]) if table.title in before else {}
        changes = []
        for row in table.rows:
            if not row:
                continue
            key = str(row[0])
            if key in TOTAL_ROWS:
                continue  # the total of a breakdown is the injury count, reported once above
            now = _row_value(row, value_column)
            if now is None:
                continue
            if previous_column is not None and previous_column < len(row):
                then = number(row[previous_column])
            else:
                then = old_rows.get(key)
            if then is not None and (key, now, then) not in seen:
                seen.add((key, now, then))
                changes.append(Change(key, now, then))
        if changes:
            result.append((table.title, changes))
    return result


def _value_column(headers):
    for words in (("合计", "总计"), ("本期",), ("例数", "人数", "数量")):
        for index, header in enumerate(headers):
            if (
                index
                and any(word in header for word in words)
                and "去年" not in header
                and "上年" not in header
            ):
                return index
    return None


def _row_value(row, column):
    if column is not None and column < len(row):
        return number(row[column])
    return _first_number(row[1:])


def _row_values(table):
    column = _value_column([str(h) for h in table.headers])
    values = {}
    for row in table.rows:
        if row:
            value = _row_value(row, column)
            if value is not None:
                values[str(row[0])] = value
    return values


def _first_number(cells):
    for cell in cells:
        value = number(cell)
        if value is not None:
            return value
    return None


def is_rise(change):
    if change.current < MIN_CASES:
        return False
    if not change.previous:
        return True
    return change.percent > RISE_THRESHOLD


def find_problems(current, previous=None):
    """Problems the figures point to. ``current``/``previous``: {element: ElementEvidence}."""
    previous = previous or {}
    problems = []
    injuries = current.get(9)
    if injuries is not None and 9 in previous:
        for change in figure_changes(injuries, previous[9]):
            if "伤害" in change.label and is_rise(change):
                problems.append(
                    _("%(label)s同比上升 %(pct)s（本期 %(now)s，去年同期 %(then)s）。")
                    % {
                        "label": change.label,
                        "pct": change.percent_text,
                        "now": _fmt(change.current),
                        "then": _fmt(change.previous),
                    }
                )
        for title, changes in table_changes(injuries, previous[9]):
            for change in changes:
                if is_rise(change):
                    problems.append(
                        _(
                            "%(title)s：“%(key)s”同比上升 %(pct)s（本期 %(now)s，去年同期 %(then)s），需分析原因并加强干预。"
                        )
                        % {
                            "title": title,
                            "key": change.label,
                            "pct": change.percent_text,
                            "now": _fmt(change.current),
                            "then": _fmt(change.previous),
                        }
                    )
    for element, evidence in sorted(current.items()):
        for figure in evidence.figures:
            problems.extend(_figure_problems(element, figure))
        if evidence.is_empty and any(NO_RECORDS in gap for gap in evidence.gaps):
            problems.append(
                _("要素%(n)s“%(label)s”本期暂无记录，请核实是否漏报。")
                % {"n": element, "label": Element(element).label}
            )
    return list(dict.fromkeys(problems))


def is_percent(figure):
    return figure.unit == "%" or str(figure.value).strip().endswith("%")


def _figure_problems(element, figure):
    label, value = str(figure.label), number(figure.value)
    if value is None:
        return []
    unit = figure.unit or ""
    shown = f"{_fmt(value)}{unit}"
    if "逾期" in label and value > 0:
        return [_("%(label)s %(value)s，需督办整改。") % {"label": label, "value": shown}]
    if "知晓率" in label and is_percent(figure) and value < AWARENESS_TARGET:
        return [
            _("%(label)s为 %(value)s，低于 %(target)s%% 的目标。")
            % {"label": label, "value": shown, "target": _fmt(AWARENESS_TARGET)}
        ]
    if (
        ("未达标" in label or "未达到" in label or "未完成" in label)
        and value > 0
        and element in (4, 5)
    ):
        return [_("%(label)s %(value)s，需分析原因并调整计划。") % {"label": label, "value": shown}]
    if (
        "重大" in label
        and any(w in label for w in ("未整改", "未闭环", "未销号", "整改中", "未关闭"))
        and value > 0
    ):
        return [_("%(label)s %(value)s，须按方案限期治理。") % {"label": label, "value": shown}]
    if "未更新" in label and value > 0:
        return [_("%(label)s %(value)s，项目进度需跟进。") % {"label": label, "value": shown}]
    if (
        element == 7
        and "演练" in label
        and ("次数" in label or "场" in unit or "次" in unit)
        and value == 0
    ):
        return [_("本期未开展应急演练。")]
    return []


def headline(current, previous=None):
    """The few numbers the region overview and the report summary show, found by label."""
    previous = previous or {}

    def first(element, predicate, source=current, percent=False):
        evidence = source.get(element)
        for figure in evidence.figures if evidence else []:
            if predicate(str(figure.label)) and (not percent or is_percent(figure)):
                value = number(figure.value)
                if value is not None:
                    return value
        return None

    def is_injury_total(label):
        return "伤害" in label and "率" not in label

    def is_rate(label):
        return "伤害" in label and "率" in label

    overdue = [
        number(f.value) for e in current.values() for f in e.figures if "逾期" in str(f.label)
    ]
    overdue = [v for v in overdue if v is not None]
    return {
        "injuries": first(9, is_injury_total),
        "injuries_previous": first(9, is_injury_total, previous),
        "injury_rate": first(9, is_rate),
        "overdue": sum(overdue) if overdue else None,
        "drills": first(7, lambda label: "演练" in label),
        "awareness": first(6, lambda label: "知晓率" in label, percent=True),
    }
