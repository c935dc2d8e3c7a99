"""What the dossier, the reports and the home page take from the emergency app (element 7):
plans by category with their review state, resources, drills held with participants and the
problems they found and closed, and real responses.

Responses are reported with counts of casualties only, never injured people's details.
"""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.evidence import Chart, ElementEvidence, ElementStatus, Figure, Table

from .. import selectors
from ..choices import (
    EXPIRY_WARNING_DAYS,
    Category,
    DrillStatus,
    PlanStatus,
    SupplyKind,
)
from ..models import Drill, EmergencyResponse, RescueTeam, Shelter, Supply
from .activity import drills_section, responses_section

ELEMENTS = (7,)

# Record kinds whose presence shows an element is covered (region rankings count them in bulk).
COVERAGE = {7: ("emergency.EmergencyPlan", "emergency.Drill", "emergency.EmergencyResponse")}
MAX_ROWS = 200
LISTED = 5


def status(community):
    """Cheap counts for the home page, with what is still missing in words."""
    today = timezone.localdate()
    plans = selectors.live_plans(community).aggregate(
        total=Count("pk", filter=Q(status=PlanStatus.IN_FORCE)),
        overdue=Count(
            "pk",
            filter=Q(status__in=[PlanStatus.IN_FORCE, PlanStatus.DRAFT], next_review__lt=today),
        ),
    )
    counts = selectors.resource_counts(community, today)
    drills = Drill.objects.filter(community=community, status=DrillStatus.HELD).aggregate(
        total=Count("pk"),
        recent=Count("pk", filter=Q(date__gte=today - datetime.timedelta(days=365))),
    )
    responses = EmergencyResponse.objects.filter(community=community).count()

    plan_missing = []
    if not plans["total"]:
        plan_missing.append(_("尚无现行有效的应急预案"))
    if plans["overdue"]:
        plan_missing.append(_("%(n)d 项应急预案逾期未评审") % {"n": plans["overdue"]})
    resource_missing = []
    if not counts["supplies"]:
        resource_missing.append(_("尚无应急物资登记"))
    if counts["expired"]:
        resource_missing.append(_("%(n)d 项应急物资已过期") % {"n": counts["expired"]})
    if not counts["shelters"]:
        resource_missing.append(_("尚无应急避难场所或集合点"))
    if not counts["teams"]:
        resource_missing.append(_("尚无应急救援队伍"))
    drill_missing = []
    if not drills["total"]:
        drill_missing.append(_("尚无应急演练记录"))
    elif not drills["recent"]:
        drill_missing.append(_("近一年未开展应急演练"))
    resources_total = counts["supplies"] + counts["shelters"] + counts["teams"]
    return [
        ElementStatus(7, _("应急预案"), plans["total"], "emergency:plan_list", plan_missing),
        ElementStatus(
            7, _("应急物资、场所与队伍"), resources_total, "emergency:supply_list", resource_missing
        ),
        ElementStatus(7, _("应急演练"), drills["total"], "emergency:drill_list", drill_missing),
        ElementStatus(7, _("应急响应记录"), responses, "emergency:response_list"),
    ]


def collect(community, element, period):
    """Element 7 for the period: figures, tables, charts, photos and what is lacking."""
    evidence = ElementEvidence(element=element)
    if element not in ELEMENTS:
        return evidence
    plan_part = _plans(community, period, evidence)
    _resources(community, period, evidence)
    drill_part = drills_section(community, period, evidence)
    response_count = responses_section(community, period, evidence)
    evidence.summary = _(
        "现行应急预案 %(plans)d 项（本期批准或修订 %(revised)d 项）；本期开展应急演练 %(drills)d 次，"
        "参演 %(people)d 人次，发现问题 %(found)d 个，已整改闭环 %(closed)d 个；"
        "本期应急响应 %(responses)d 次。"
    ) % {
        "plans": plan_part["live"],
        "revised": plan_part["revised"],
        "drills": drill_part["count"],
        "people": drill_part["people"],
        "found": drill_part["found"],
        "closed": drill_part["closed"],
        "responses": response_count,
    }
    return evidence


def _plans(community, period, evidence):
    plans = list(
        selectors.live_plans(community)
        .exclude(status=PlanStatus.ABOLISHED)
        .order_by("category", "level", "title")
    )
    revised = (
        selectors.plans(community)
        .filter(approved_on__gte=period.start, approved_on__lte=period.end)
        .count()
    )
    drilled = Counter(
        Drill.objects.filter(
            community=community,
            status=DrillStatus.HELD,
            date__gte=period.start,
            date__lte=period.end,
            plan__isnull=False,
        ).values_list("plan__lineage", flat=True)
    )
    overdue = [p for p in plans if p.next_review and p.next_review < period.end]
    rows = []
    for plan in plans[:MAX_ROWS]:
        late = plan.next_review and plan.next_review < period.end
        rows.append(
            [
                plan.get_category_display(),
                plan.title,
                plan.get_level_display(),
                plan.version_label,
                plan.approved_on.isoformat() if plan.approved_on else "—",
                plan.next_review.isoformat() if plan.next_review else "—",
                _("逾期") if late else _("正常"),
                drilled.get(plan.lineage, 0),
            ]
        )
    by_category = Counter(p.category for p in plans)
    evidence.figures += [
        Figure(_("现行应急预案"), len(plans), _("项")),
        Figure(_("本期批准或修订的预案版本"), revised, _("项")),
        Figure(_("逾期未评审的预案"), len(overdue), _("项")),
    ]
    evidence.tables.append(
        Table(
            _("应急预案（按事件类别）"),
            [
                _("类别"),
                _("预案名称"),
                _("层级"),
                _("版本"),
                _("批准发布"),
                _("下次评审"),
                _("评审状态"),
                _("本期演练次数"),
            ],
            rows,
            _("仅列出前 %(n)d 项。") % {"n": MAX_ROWS} if len(plans) > MAX_ROWS else "",
        )
    )
    evidence.charts.append(
        Chart(
            _("应急预案按事件类别"),
            charts.bar_chart(
                [label for _value, label in Category.choices],
                [by_category.get(value, 0) for value, _label in Category.choices],
                title=_("应急预案按事件类别"),
                unit=_("项"),
            ),
        )
    )
    if not plans:
        evidence.gaps.append(_("尚无现行有效的应急预案。"))
    if overdue:
        evidence.gaps.append(
            _("%(n)d 项预案到期末仍未评审：%(names)s。")
            % {"n": len(overdue), "names": _names([p.title for p in overdue])}
        )
    never = [p for p in plans if p.status == PlanStatus.IN_FORCE and not drilled.get(p.lineage)]
    if plans and never:
        evidence.gaps.append(
            _("%(n)d 项现行预案本期未演练：%(names)s。")
            % {"n": len(never), "names": _names([p.title for p in never])}
        )
    return {"live": len(plans), "revised": revised}


def _resources(community, period, evidence):
    day = period.end
    horizon = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    kinds = {
        row["kind"]: row
        for row in Supply.objects.filter(community=community)
        .values("kind")
        .annotate(
            items=Count("pk"),
            expired=Count("pk", filter=Q(expires_on__lt=day)),
            expiring=Count("pk", filter=Q(expires_on__gte=day, expires_on__lte=horizon)),
            late=Count("pk", filter=Q(next_check_on__lt=day)),
        )
    }
    supply_rows = [
        [
            label,
            kinds[value]["items"],
            kinds[value]["expired"],
            kinds[value]["expiring"],
            kinds[value]["late"],
        ]
        for value, label in SupplyKind.choices
        if value in kinds
    ]
    shelters = list(
        Shelter.objects.filter(community=community, is_active=True).order_by("kind", "name")
    )
    teams = list(
        RescueTeam.objects.filter(community=community, is_active=True).order_by("kind", "name")
    )
    expired = sum(row[2] for row in supply_rows)
    evidence.figures += [
        Figure(_("应急物资品种"), sum(row[1] for row in supply_rows), _("项")),
        Figure(_("过期物资"), expired, _("项")),
        Figure(_("避难场所与集合点"), len(shelters), _("处")),
        Figure(_("可容纳人数"), sum(s.capacity for s in shelters), _("人")),
        Figure(_("应急救援队伍"), len(teams), _("支")),
        Figure(_("救援队员"), sum(t.size for t in teams), _("人")),
    ]
    evidence.tables.append(
        Table(
            _("应急物资与器材（按类别）"),
            [_("类别"), _("品种数"), _("已过期"), _("30天内到期"), _("检查逾期")],
            supply_rows,
            _("截至 %(day)s。") % {"day": day.isoformat()},
        )
    )
    evidence.tables.append(
        Table(
            _("应急避难场所与集合点"),
            [_("名称"), _("类型"), _("地址"), _("可容纳人数"), _("服务范围")],
            [
                [s.name, s.get_kind_display(), s.address, s.capacity, s.serves]
                for s in shelters[:MAX_ROWS]
            ],
        )
    )
    evidence.tables.append(
        Table(
            _("应急救援队伍"),
            [_("队伍名称"), _("类型"), _("人数"), _("驻地"), _("专长与救援能力")],
            [
                [t.name, t.get_kind_display(), t.size, t.base, t.capability]
                for t in teams[:MAX_ROWS]
            ],
        )
    )
    if not supply_rows:
        evidence.gaps.append(_("尚无应急物资登记。"))
    if expired:
        evidence.gaps.append(_("期末有 %(n)d 项应急物资已过期。") % {"n": expired})
    if not shelters:
        evidence.gaps.append(_("尚无应急避难场所或集合点。"))
    if not teams:
        evidence.gaps.append(_("尚无应急救援队伍。"))


def _names(names):
    shown = "、".join(names[:LISTED])
    return _("%(names)s等") % {"names": shown} if len(names) > LISTED else shown
