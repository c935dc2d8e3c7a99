"""What the dossier, the reports and the home page take from the hazards app (elements 3, 8, 11).

No personal data of injured people is held here; responsible persons of units are named only in
the register tables, as the ledgers (台账) do.
"""

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.elements import SafetyArea
from safecommunity.evidence import (
    Chart,
    ElementEvidence,
    ElementStatus,
    Figure,
    Table,
)
from safecommunity.pdf import image_uri, media_source

from .. import charts, maps, risk, selectors
from ..choices import (
    HazardStatus,
    RiskLevel,
)
from ..models import Assessment, CorrectiveAction, Hazard, Inspection
from . import findings
from .todo import todo  # noqa: F401 - the evidence protocol's to-do lists

ELEMENTS = (3, 8, 11)

# Record kinds whose presence shows an element is covered (region rankings count them in bulk).
COVERAGE = {
    3: ("hazards.Hazard",),
    8: ("hazards.Inspection",),
    11: ("hazards.HiddenDanger", "hazards.CorrectiveAction"),
}


def status(community):
    """Cheap counts for the home page, with what is still missing in words."""
    today = timezone.localdate()
    hazards = Hazard.objects.filter(community=community).aggregate(
        total=Count("pk"), unassessed=Count("pk", filter=Q(level=""))
    )
    places = community.hazard_places.count()
    inspections = Inspection.objects.filter(community=community).count()
    dangers = selectors.danger_summary(community, today)
    actions = CorrectiveAction.objects.filter(community=community).count()

    risk_missing = []
    if not hazards["total"]:
        risk_missing.append(_("尚无风险辨识记录"))
    elif hazards["unassessed"]:
        risk_missing.append(_("%(n)d 项危险源尚未评价") % {"n": hazards["unassessed"]})
    if not places:
        risk_missing.append(_("尚未建立社会单位与公共设施库"))
    monitoring_missing = []
    if not inspections:
        monitoring_missing.append(_("尚无安全检查记录"))
    late_places = len(selectors.overdue_places(community, today))
    if late_places:
        monitoring_missing.append(_("%(n)d 处重点场所逾期未检查") % {"n": late_places})
    danger_missing = []
    if dangers["overdue"]:
        danger_missing.append(_("%(n)d 项隐患逾期未整改") % {"n": dangers["overdue"]})
    action_missing = [] if actions else [_("尚无纠正与预防措施记录")]
    return [
        ElementStatus(
            3, _("危险源与风险点"), hazards["total"], "hazards:hazard_list", risk_missing
        ),
        ElementStatus(3, _("场所与单位"), places, "hazards:place_list"),
        ElementStatus(
            8, _("安全检查记录"), inspections, "hazards:inspection_list", monitoring_missing
        ),
        ElementStatus(
            11, _("隐患排查记录"), dangers["total"], "hazards:danger_list", danger_missing
        ),
        ElementStatus(11, _("纠正与预防措施"), actions, "hazards:action_list", action_missing),
    ]


def collect(community, element, period):
    if element == 3:
        return _risk(community, period)
    if element == 8:
        return findings.monitoring(community, period)
    if element == 11:
        return findings.corrective(community, period)
    return ElementEvidence(element=element)


# Element 3 ------------------------------------------------------------------------------------


def _risk(community, period):
    evidence = ElementEvidence(element=3)
    register = Hazard.objects.filter(community=community, identified_on__lte=period.end)
    active = register.filter(status=HazardStatus.ACTIVE)
    identified = register.filter(identified_on__gte=period.start).count()
    assessed = Assessment.objects.filter(
        community=community, assessed_on__range=(period.start, period.end)
    ).count()
    by_level = Counter(dict(active.values_list("level").annotate(n=Count("pk"))))
    evidence.figures += [
        Figure(_("在册危险源与风险点"), active.count(), _("项")),
        Figure(_("本期新辨识"), identified, _("项")),
        Figure(_("本期风险评价"), assessed, _("次")),
        *[
            Figure(_("%(level)s风险") % {"level": label}, by_level.get(level, 0), _("项"))
            for level, label in RiskLevel.choices
        ],
    ]
    table = charts.level_by_area_counts(active)
    rows = []
    for area, label in SafetyArea.choices:
        counts = table.get(area, {})
        if counts:
            levels = [counts.get(level, 0) for level in RiskLevel.values]
            rows.append([str(label), *levels, sum(levels)])
    evidence.tables.append(
        Table(
            _("各安全领域风险等级分布（在册）"),
            [_("安全领域"), *[str(label) for label in RiskLevel.labels], _("合计")],
            rows,
        )
    )
    major = (
        active.filter(level=RiskLevel.RED).select_related("place").order_by("safety_area", "title")
    )
    evidence.tables.append(
        Table(
            _("重大风险清单"),
            [
                _("危险源/风险点"),
                _("场所/单位"),
                _("安全领域"),
                _("风险值"),
                _("管控措施"),
                _("责任单位"),
            ],
            [
                [
                    h.title,
                    h.place.name if h.place else h.location,
                    h.get_safety_area_display(),
                    risk.plain(h.score),
                    h.controls,
                    h.responsible_unit,
                ]
                for h in major[:200]
            ],
            note=_("风险等级为重大（红色）的在册危险源。"),
        )
    )
    evidence.charts += [
        Chart(_("风险矩阵（在册，按风险矩阵法评价）"), charts.risk_matrix(active)),
        Chart(_("各安全领域风险等级分布"), charts.level_by_area(active)),
    ]
    evidence.charts += _risk_maps(community)
    evidence.photos += findings.photos(
        register.filter(identified_on__gte=period.start).exclude(photo=""), "photo", "title"
    )
    evidence.summary = _(
        "截至%(end)s，在册危险源与风险点 %(n)d 项，其中重大 %(red)d 项、较大 %(orange)d 项；"
        "本期新辨识 %(new)d 项，开展风险评价 %(assessed)d 次。"
    ) % {
        "end": period.end,
        "n": active.count(),
        "red": by_level.get(RiskLevel.RED, 0),
        "orange": by_level.get(RiskLevel.ORANGE, 0),
        "new": identified,
        "assessed": assessed,
    }
    if not register.exists():
        evidence.gaps.append(_("尚无风险辨识记录。"))
    elif not assessed:
        evidence.gaps.append(_("本期间未开展风险评价。"))
    if by_level.get("", 0):
        evidence.gaps.append(_("%(n)d 项危险源尚未评价。") % {"n": by_level[""]})
    return evidence


def _risk_maps(community):
    """The four-colour risk map as the map page draws it: on the default site plan (the image
    read from disk or storage by the PDF renderer) and, where places have them, by coordinates."""
    items = maps.map_places(community)
    found = []
    plan = maps.current_plan(maps.site_plans(community))
    source = media_source(plan.image) if plan is not None else None
    if source:
        svg = maps.plan_svg(plan, items, image_href=image_uri(source), links=False)
        unpinned = len(maps.unpinned(items))
        caption = _("风险四色分布图（%(plan)s，已标注 %(n)d 处，未标注 %(rest)d 处）") % {
            "plan": plan.title,
            "n": len(maps.pinned_on(items, plan)),
            "rest": unpinned,
        }
        found.append(Chart(caption, svg))
    scatter = maps.scatter_svg(items, links=False)
    if scatter is not None:
        found.append(Chart(_("风险四色分布（按经纬度）"), scatter))
    return found
