"""Evidence of elements 8 (inspections, monitoring) and 11 (findings, corrective actions).

Part of ``hazards.evidence``, which the archive app reads; split off by topic.
"""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from safecommunity import charts as sc_charts
from safecommunity.elements import SafetyArea
from safecommunity.evidence import Chart, ElementEvidence, Figure, Photo, Table
from safecommunity.pdf import media_source

from .. import selectors
from ..choices import ActionSource, ActionStatus, DangerGrade, InspectionMethod, InspectionType
from ..models import CorrectiveAction, HiddenDanger, Inspection, InspectionItem

MAX_PHOTOS = 6


# Element 8 ------------------------------------------------------------------------------------


def _months(period):
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append((day.year, day.month))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def monitoring(community, period):
    evidence = ElementEvidence(element=8)
    inspections = Inspection.objects.filter(
        community=community, date__range=(period.start, period.end)
    )
    total = inspections.count()
    places_inspected = inspections.filter(places__isnull=False).values("places").distinct().count()
    failed = InspectionItem.objects.filter(inspection__in=inspections, result="fail").count()
    found = HiddenDanger.objects.filter(inspection__in=inspections).count()
    evidence.figures += [
        Figure(_("安全检查"), total, _("次")),
        Figure(_("检查场所/单位"), places_inspected, _("处")),
        Figure(_("不符合项"), failed, _("项")),
        Figure(_("检查发现隐患"), found, _("项")),
    ]
    grid = Counter(
        {
            (row["inspection_type"], row["method"]): row["n"]
            for row in inspections.values("inspection_type", "method").annotate(n=Count("pk"))
        }
    )
    rows = []
    for kind, label in InspectionType.choices:
        counts = [grid.get((kind, method), 0) for method in InspectionMethod.values]
        if sum(counts):
            rows.append([str(label), *counts, sum(counts)])
    evidence.tables.append(
        Table(
            _("检查类型与方式"),
            [_("检查类型"), *[str(label) for label in InspectionMethod.labels], _("合计")],
            rows,
        )
    )
    per_month = Counter(
        {
            (row["date__year"], row["date__month"]): row["n"]
            for row in inspections.values("date__year", "date__month").annotate(n=Count("pk"))
        }
    )
    months = _months(period)
    labels = [f"{year}-{month:02d}" for year, month in months]
    values = [per_month.get(key, 0) for key in months]
    evidence.tables.append(
        Table(_("各月检查次数"), [_("月份"), _("次数")], list(zip(labels, values, strict=True)))
    )
    evidence.charts.append(
        Chart(_("各月安全检查次数"), sc_charts.bar_chart(labels, values, unit=_("次")))
    )
    registered = selectors.high_risk_places(community).filter(created_at__date__lte=period.end)
    watch = selectors.place_watch(registered, period.end)
    late = [row for row in watch if row.overdue]
    evidence.tables.append(
        Table(
            _("重点场所检查情况（截至期末）"),
            [
                _("场所/单位"),
                _("类型"),
                _("风险等级"),
                _("最近检查"),
                _("应检查日期"),
                _("逾期天数"),
            ],
            [
                [
                    row.place.name,
                    row.place.get_kind_display(),
                    row.place.get_risk_level_display(),
                    row.last_inspected or _("尚未检查"),
                    row.next_due,
                    row.overdue_days,
                ]
                for row in watch[:200]
            ],
            note=_("共监测重点场所 %(n)d 处，期末逾期未检查 %(late)d 处。")
            % {"n": len(watch), "late": len(late)},
        )
    )
    evidence.photos += photos(inspections.exclude(photo=""), "photo", None)
    evidence.summary = _(
        "本期开展安全检查 %(n)d 次，覆盖场所/单位 %(places)d 处，发现不符合项 %(failed)d 项、隐患 %(found)d 项；"
        "重点场所 %(watched)d 处，期末逾期未检查 %(late)d 处。"
    ) % {
        "n": total,
        "places": places_inspected,
        "failed": failed,
        "found": found,
        "watched": len(watch),
        "late": len(late),
    }
    if not total:
        evidence.gaps.append(_("本期间无安全检查记录。"))
    if late:
        evidence.gaps.append(_("%(n)d 处重点场所逾期未检查。") % {"n": len(late)})
    return evidence


# Element 11 -----------------------------------------------------------------------------------


def corrective(community, period):
    evidence = ElementEvidence(element=11)
    dangers = HiddenDanger.objects.filter(community=community)
    opened = dangers.filter(found_on__range=(period.start, period.end))
    closed = dangers.filter(closed_on__range=(period.start, period.end))
    open_at_end = dangers.filter(found_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )
    overdue_at_end = overdue_as_of(community, period.end)
    spans = [(c - f).days for f, c in closed.values_list("found_on", "closed_on")]
    average = round(sum(spans) / len(spans), 1) if spans else None
    evidence.figures += [
        Figure(_("本期发现隐患"), opened.count(), _("项")),
        Figure(_("其中重大隐患"), opened.filter(grade=DangerGrade.MAJOR).count(), _("项")),
        Figure(_("本期销号"), len(spans), _("项")),
        Figure(_("期末未销号"), open_at_end.count(), _("项")),
        Figure(_("期末逾期未整改"), overdue_at_end, _("项")),
        Figure(_("平均整改闭环天数"), average if average is not None else "—", _("天")),
    ]
    found_by = Counter(dict(opened.values_list("safety_area").annotate(n=Count("pk"))))
    closed_by = Counter(dict(closed.values_list("safety_area").annotate(n=Count("pk"))))
    major_by = Counter(
        dict(
            opened.filter(grade=DangerGrade.MAJOR)
            .values_list("safety_area")
            .annotate(n=Count("pk"))
        )
    )
    open_by = Counter(dict(open_at_end.values_list("safety_area").annotate(n=Count("pk"))))
    rows, areas = [], []
    for area, label in SafetyArea.choices:
        if found_by[area] or closed_by[area] or open_by[area]:
            areas.append(area)
            rows.append(
                [str(label), found_by[area], major_by[area], closed_by[area], open_by[area]]
            )
    evidence.tables.append(
        Table(
            _("隐患排查治理（按安全领域）"),
            [_("安全领域"), _("本期发现"), _("其中重大"), _("本期销号"), _("期末未销号")],
            rows,
        )
    )
    evidence.charts.append(
        Chart(
            _("各安全领域隐患发现与销号"),
            sc_charts.stacked_bar_chart(
                [
                    str(SafetyArea(a).label).removesuffix("安全") or str(SafetyArea(a).label)
                    for a in areas
                ],
                {
                    _("本期销号"): [closed_by[a] for a in areas],
                    _("期末未销号"): [open_by[a] for a in areas],
                },
                unit=_("项"),
            ),
        )
    )
    actions = CorrectiveAction.objects.filter(
        community=community, created_at__date__range=(period.start, period.end)
    )
    grid = Counter(
        {
            (row["source_kind"], row["status"]): row["n"]
            for row in actions.values("source_kind", "status").annotate(n=Count("pk"))
        }
    )
    action_rows = []
    for source, label in ActionSource.choices:
        counts = [grid.get((source, status), 0) for status in ActionStatus.values]
        if sum(counts):
            action_rows.append([str(label), *counts, sum(counts)])
    evidence.tables.append(
        Table(
            _("纠正与预防措施（按来源与状态）"),
            [_("来源"), *[str(label) for label in ActionStatus.labels], _("合计")],
            action_rows,
        )
    )
    by_source = [sum(row[1:-1]) for row in action_rows]
    evidence.charts.append(
        Chart(
            _("纠正与预防措施来源"),
            sc_charts.donut_chart([row[0] for row in action_rows], by_source),
        )
    )
    evidence.photos += photos(opened.exclude(photo=""), "photo", "title")
    evidence.summary = _(
        "本期发现隐患 %(found)d 项，销号 %(closed)d 项，平均 %(avg)s 天闭环；期末未销号 %(open)d 项，"
        "其中逾期 %(late)d 项。登记纠正与预防措施 %(actions)d 项。"
    ) % {
        "found": opened.count(),
        "closed": len(spans),
        "avg": average if average is not None else "—",
        "open": open_at_end.count(),
        "late": overdue_at_end,
        "actions": sum(by_source),
    }
    if overdue_at_end:
        evidence.gaps.append(_("期末有 %(n)d 项隐患逾期未整改。") % {"n": overdue_at_end})
    if not opened.exists() and not actions.exists():
        evidence.gaps.append(_("本期间无隐患排查与纠正措施记录。"))
    return evidence


def overdue_as_of(community, day):
    """Findings whose deadline had passed by ``day`` without a rectification recorded by then."""
    return (
        HiddenDanger.objects.filter(community=community, deadline__lt=day)
        .filter(Q(rectified_on__isnull=True) | Q(rectified_on__gt=day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .count()
    )


def photos(queryset, field, caption_field):
    photos = []
    for obj in queryset.order_by("-pk")[:MAX_PHOTOS]:
        path = media_source(getattr(obj, field))
        if not path:
            continue
        caption = getattr(obj, caption_field) if caption_field else str(obj)
        photos.append(Photo(caption, path))
    return photos
