"""Element 7 evidence, the activity half: drills held in the period (participants, problems
found and closed, photos) and real responses (casualty counts only, never personal data)."""

from collections import Counter

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.evidence import Chart, Figure, Photo, Table
from safecommunity.pdf import media_source

from .. import selectors
from ..choices import DrillType, ProblemCategory
from ..models import DrillPhoto, DrillProblem
from ..models.drills import CLOSED_ACTION_STATUSES

MAX_ROWS = 200
MAX_PHOTOS = 6


def drills_section(community, period, evidence):
    held_base = selectors.held_drills(community, period.start, period.end)
    held = held_base.annotate(
        found=Count("problems", distinct=True),
        closed=Count(
            "problems",
            filter=Q(problems__action__status__in=CLOSED_ACTION_STATUSES),
            distinct=True,
        ),
    ).order_by("date", "pk")
    drills = list(held)
    found = sum(d.found for d in drills)
    closed = sum(d.closed for d in drills)
    people = sum(d.participants for d in drills)
    by_type = Counter(d.drill_type for d in drills)
    evidence.figures += [
        Figure(_("本期应急演练"), len(drills), _("次")),
        Figure(_("参演人次"), people, _("人次")),
        Figure(_("演练发现问题"), found, _("个")),
        Figure(_("已整改闭环"), closed, _("个")),
    ]
    shown = drills[-MAX_ROWS:]
    evidence.tables.append(
        Table(
            _("应急演练"),
            [
                _("日期"),
                _("演练名称"),
                _("演练的预案"),
                _("形式"),
                _("地点"),
                _("参演人数"),
                _("发现问题"),
                _("已闭环"),
                _("评估结论"),
            ],
            [
                [
                    d.date.isoformat(),
                    d.title,
                    d.plan.title if d.plan else "—",
                    d.get_drill_type_display(),
                    d.place,
                    d.participants,
                    d.found,
                    d.closed,
                    d.get_rating_display() or "—",
                ]
                for d in shown
            ],
            _("共 %(n)d 次，仅列出最近 %(m)d 次。") % {"n": len(drills), "m": MAX_ROWS}
            if len(drills) > MAX_ROWS
            else "",
        )
    )
    evidence.charts.append(
        Chart(
            _("演练形式"),
            charts.donut_chart(
                [label for _v, label in DrillType.choices],
                [by_type.get(value, 0) for value, _l in DrillType.choices],
                title=_("演练形式"),
            ),
        )
    )
    months = _months(period)
    per_month = Counter((d.date.year, d.date.month) for d in drills)
    evidence.charts.append(
        Chart(
            _("各月演练次数"),
            charts.bar_chart(
                [f"{y}-{m:02d}" for y, m in months],
                [per_month.get(key, 0) for key in months],
                title=_("各月演练次数"),
                unit=_("次"),
            ),
        )
    )
    problems = (
        DrillProblem.objects.filter(drill__in=held_base.values("pk"))
        .values("category")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(action__status__in=CLOSED_ACTION_STATUSES)),
        )
    )
    problem_counts = {row["category"]: row for row in problems}
    if problem_counts:
        labels = [label for value, label in ProblemCategory.choices if value in problem_counts]
        keys = [value for value, _l in ProblemCategory.choices if value in problem_counts]
        evidence.charts.append(
            Chart(
                _("演练发现问题及整改"),
                charts.stacked_bar_chart(
                    labels,
                    {
                        _("已闭环"): [problem_counts[k]["closed"] for k in keys],
                        _("未闭环"): [
                            problem_counts[k]["total"] - problem_counts[k]["closed"] for k in keys
                        ],
                    },
                    title=_("演练发现问题及整改"),
                    unit=_("个"),
                ),
            )
        )
    evidence.photos += _photos(held_base)
    if not drills:
        evidence.gaps.append(_("本期间未开展应急演练。"))
    if found > closed:
        evidence.gaps.append(_("演练发现的问题中有 %(n)d 个尚未整改闭环。") % {"n": found - closed})
    return {"count": len(drills), "people": people, "found": found, "closed": closed}


def responses_section(community, period, evidence):
    responses = list(
        selectors.responses(community)
        .filter(occurred_at__date__gte=period.start, occurred_at__date__lte=period.end)
        .annotate(
            accident_count=Count("accidents", distinct=True),
            deaths=Sum("accidents__deaths"),
            injured=Sum("accidents__injured"),
        )
        .order_by("occurred_at")
    )
    evidence.figures.append(Figure(_("本期应急响应"), len(responses), _("次")))
    if responses:
        evidence.tables.append(
            Table(
                _("应急响应记录"),
                [
                    _("发生时间"),
                    _("事件名称"),
                    _("事件类型"),
                    _("响应级别"),
                    _("启动的预案"),
                    _("转移疏散人数"),
                    _("关联事故"),
                    _("死亡"),
                    _("受伤"),
                ],
                [
                    [
                        timezone.localtime(r.occurred_at).strftime("%Y-%m-%d %H:%M"),
                        r.title,
                        r.get_emergency_type_display(),
                        r.get_response_level_display() or "—",
                        r.plan.title if r.plan else "—",
                        r.evacuated,
                        r.accident_count,
                        r.deaths or 0,
                        r.injured or 0,
                    ]
                    for r in responses
                ],
                _("伤亡为关联事故记录的人数，不含个人信息。"),
            )
        )
    return len(responses)


def _photos(held):
    photos = []
    queryset = (
        DrillPhoto.objects.filter(drill__in=held.values("pk"))
        .select_related("drill")
        .order_by("-drill__date", "-pk")
    )
    for photo in queryset[:MAX_PHOTOS]:
        path = media_source(photo.thumbnail or photo.image)
        if not path:
            continue
        photos.append(Photo(photo.caption or photo.drill.title, path))
    return photos


def _months(period):
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
