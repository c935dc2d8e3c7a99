"""What the archive gives the home page, the reports and the dossier: elements 10 and 12.

10 — the evidence documents by element (catalogue, kinds, photos); 12 — evaluation reports,
management reviews with their decisions, and the self-assessment.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.elements import Element
from safecommunity.evidence import ElementEvidence, ElementStatus, Figure, Table

from .choices import DocumentKind, JobState
from .models import (
    Assessment,
    AssessmentItem,
    Document,
    DocumentElement,
    ManagementReview,
    Report,
    ReviewDecision,
)

ELEMENTS = (10, 12)

# Changes that never show in a summary (``safecommunity.signals``).
UNTRACKED_MODELS = ("dossierbuild",)

# Record kinds whose presence shows an element is covered (region rankings count them in bulk);
# documents tagged to any element count for it too (``coverage`` below).
COVERAGE = {
    10: ("archive.Document",),
    12: ("archive.ManagementReview", "archive.Assessment"),
}


def coverage(communities):
    """(community id, element) pairs of the documents tagged to an element: one query."""
    return (
        DocumentElement.objects.filter(community__in=communities)
        .order_by()
        .values_list("community_id", "element")
    )


def status(community):
    documents = Document.objects.filter(community=community).count()
    covered = set(
        DocumentElement.objects.filter(community=community)
        .values_list("element", flat=True)
        .distinct()
    )
    lacking = [str(n) for n in Element.values if n not in covered]
    missing_docs = []
    if not documents:
        missing_docs.append(_("尚无档案资料"))
    elif lacking:
        missing_docs.append(_("要素 %(list)s 尚无档案资料") % {"list": "、".join(lacking)})
    reports = Report.objects.filter(community=community, state=JobState.DONE).count()
    reviews = ManagementReview.objects.filter(community=community).count()
    assessments = Assessment.objects.filter(community=community).count()
    return [
        ElementStatus(10, _("档案资料"), documents, "archive:document_list", missing_docs),
        ElementStatus(
            12,
            _("评估报告"),
            reports,
            "archive:report_list",
            [] if reports else [_("尚无评估报告")],
        ),
        ElementStatus(
            12,
            _("管理评审"),
            reviews,
            "archive:review_list",
            [] if reviews else [_("尚无管理评审记录")],
        ),
        ElementStatus(
            12,
            _("自评"),
            assessments,
            "archive:assessment",
            [] if assessments else [_("尚未开展自评")],
        ),
    ]


def collect(community, element, period):
    if element == 10:
        return _archive(community, period)
    if element == 12:
        return _review(community, period)
    return ElementEvidence(element=element)


def _archive(community, period):
    documents = Document.objects.filter(community=community).unrestricted()
    in_period = documents.filter(date__gte=period.start, date__lte=period.end)
    by_element = dict(
        DocumentElement.objects.filter(document__in=documents)
        .values_list("element")
        .annotate(n=Count("id"))
    )
    by_kind = dict(in_period.values_list("kind").annotate(n=Count("id")))
    evidence = ElementEvidence(element=10)
    total = sum(by_element.values())
    evidence.summary = _(
        "档案按十二个要素分类编目，共 %(total)s 份资料（按要素计），本期新增 %(new)s 份。"
    ) % {
        "total": documents.count(),
        "new": in_period.count(),
    }
    evidence.figures = [
        Figure(_("档案资料总数"), documents.count(), _("份")),
        Figure(_("本期新增资料"), in_period.count(), _("份")),
        Figure(_("已有资料的要素"), len(by_element), _("个")),
    ]
    evidence.tables = [
        Table(
            _("档案资料按要素分类目录"),
            [_("要素"), _("资料数")],
            [[f"{n}. {Element(n).label}", by_element.get(n, 0)] for n in Element.values],
            note=_("一份资料可对应多个要素；合计 %(n)s 项。") % {"n": total},
        ),
        Table(
            _("本期新增资料类型"),
            [_("类型"), _("数量")],
            [
                [label, by_kind[value]]
                for value, label in DocumentKind.choices
                if by_kind.get(value)
            ],
        ),
    ]
    evidence.charts = []
    if total:
        evidence.charts.append(
            _chart(
                _("各要素档案资料数"),
                [str(n) for n in Element.values],
                [by_element.get(n, 0) for n in Element.values],
            )
        )
    evidence.gaps = [
        _("要素%(n)s“%(label)s”尚无档案资料。") % {"n": n, "label": Element(n).label}
        for n in Element.values
        if not by_element.get(n)
    ]
    return evidence


def _chart(caption, labels, values):
    from safecommunity.evidence import Chart

    return Chart(caption, charts.bar_chart(labels, values, title=caption, unit=_("份")))


def _review(community, period):
    from .services.assessment import assessment_result

    evidence = ElementEvidence(element=12)
    reports = list(
        Report.objects.filter(
            community=community,
            state=JobState.DONE,
            period_end__gte=period.start,
            period_start__lte=period.end,
        ).order_by("period_start", "kind")
    )
    reviews = list(
        ManagementReview.objects.filter(
            community=community, date__gte=period.start, date__lte=period.end
        )
        .annotate(n_decisions=Count("decisions"))
        .order_by("date")
    )
    decisions = ReviewDecision.objects.filter(review__in=[r.pk for r in reviews])
    with_action = decisions.filter(action_id__isnull=False).count()
    assessment = Assessment.objects.filter(community=community).select_related("scheme").first()
    evidence.figures = [
        Figure(_("本期评估报告"), len(reports), _("份")),
        Figure(_("本期管理评审"), len(reviews), _("次")),
        Figure(_("评审改进决定"), decisions.count(), _("项")),
        Figure(_("已转为纠正措施的决定"), with_action, _("项")),
    ]
    evidence.tables.append(
        Table(
            _("评估报告"),
            [_("报告"), _("类型"), _("期间"), _("发现问题")],
            [[r.title, r.get_kind_display(), r.period_label, len(r.problems)] for r in reports],
        )
    )
    evidence.tables.append(
        Table(
            _("管理评审"),
            [_("日期"), _("评审"), _("改进决定"), _("结论摘要")],
            [[r.date, r.title, r.n_decisions, _short(r.conclusions)] for r in reviews],
        )
    )
    if assessment is not None:
        result = assessment_result(assessment)
        evidence.figures.append(
            Figure(
                _("最近一次自评得分"),
                f"{float(result.earned):g}/{float(result.maximum):g}",
                _("分"),
            )
        )
        evidence.tables.append(
            Table(
                _("自评得分（%(title)s）") % {"title": assessment.title},
                [_("一级指标"), _("得分"), _("满分"), _("零分项")],
                [
                    [s.section.title, f"{float(s.earned):g}", f"{float(s.maximum):g}", s.zeros]
                    for s in result.sections
                ],
                note=str(result.verdict_label) + "；" + _confirmed_note(assessment),
            )
        )
    else:
        evidence.gaps.append(_("尚未开展自评。"))
    if period.days >= 360:  # annual reports and the dossier: the ISCCC indicators' evidence
        evidence.tables.append(isccc_table(community))
    if not reports:
        evidence.gaps.append(_("本期尚无评估报告。"))
    if not reviews:
        evidence.gaps.append(_("本期尚无管理评审记录。"))
    evidence.summary = _(
        "本期形成评估报告 %(r)s 份，开展管理评审 %(v)s 次，作出改进决定 %(d)s 项。"
    ) % {"r": len(reports), "v": len(reviews), "d": decisions.count()}
    return evidence


def _confirmed_note(assessment):
    """How the grades came about: only confirmed or overridden proposals (or hand grades) count."""
    counts = dict(
        AssessmentItem.objects.filter(assessment=assessment)
        .values_list("decision")
        .annotate(n=Count("id"))
    )
    return _("按系统建议确认 %(c)s 项、改判 %(o)s 项，其余 %(r)s 项为手工评分或未评") % {
        "c": counts.get("confirmed", 0),
        "o": counts.get("overridden", 0),
        "r": counts.get("", 0),
    }


def isccc_table(community):
    """The six ISCCC indicators with the evidence the records hold today."""
    from .indicator_facts import community_facts
    from .services.isccc import isccc_indicators

    rows = []
    for indicator in isccc_indicators(community_facts(community)):
        evidence = "；".join(f"{e.label} {e.value}" for e in indicator.evidence)
        rows.append([f"{indicator.number}. {indicator.title}", evidence, indicator.status_label])
    return Table(
        _("国际安全社区（ISCCC）六项指标的证据"),
        [_("指标"), _("记录中的证据"), _("状态")],
        rows,
        note=_("按生成时的记录统计；参与国内外安全社区网络的情况须人工确认。"),
    )


def _short(text, length=60):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"
