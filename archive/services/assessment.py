"""Self-assessment: start a round, compute scores and the verdict, and readiness per element."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from safecommunity.elements import Element
from safecommunity.evidence import element_statuses

from .. import national_sheet
from ..models import (
    Assessment,
    AssessmentItem,
    DocumentElement,
    IndicatorL1,
    IndicatorL2,
    IndicatorScheme,
)

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from committee.models import Community, User


def default_scheme() -> IndicatorScheme:
    """The default evaluation sheet; the national one is loaded if the table is empty."""
    scheme = IndicatorScheme.objects.filter(is_default=True).first()
    return scheme or national_sheet.load(IndicatorScheme, IndicatorL1, IndicatorL2)


@transaction.atomic
def start_assessment(
    *,
    community: Community,
    title: str,
    date: datetime.date,
    scheme: IndicatorScheme | None = None,
    user: User | None = None,
    copy_from: Assessment | None = None,
) -> Assessment:
    """Create an assessment with one ungraded item per second-level indicator of the scheme.

    With ``copy_from`` (an earlier assessment of the same community and scheme) its grades and
    comments are carried over, so a new round starts from the last one.
    """
    scheme = scheme or default_scheme()
    assessment = Assessment(
        community=community, scheme=scheme, title=title, date=date, created_by=user
    )
    assessment.full_clean()
    assessment.save()
    previous = {}
    if (
        copy_from is not None
        and copy_from.community_id == community.pk
        and copy_from.scheme_id == scheme.pk
    ):
        previous = {item.indicator_id: item for item in copy_from.items.all()}
    items = []
    for indicator in IndicatorL2.objects.filter(section__scheme=scheme):
        old = previous.get(indicator.pk)
        items.append(
            AssessmentItem(
                community=community,
                assessment=assessment,
                indicator=indicator,
                presence=old.presence if old else "",
                trace=old.trace if old else "",
                effect=old.effect if old else "",
                comment=old.comment if old else "",
            )
        )
    AssessmentItem.objects.bulk_create(items)
    return assessment


def verdict(scheme: IndicatorScheme, earned: Decimal, zeros: int, complete: bool = True) -> str:
    """pass (≥ pass line, no zero item) / rectify (≥ rectify line, no zero) / fail, or
    'incomplete' while some item is ungraded."""
    if not complete:
        return "incomplete"
    if zeros:
        return "fail"
    if earned >= scheme.pass_score:
        return "pass"
    if earned >= scheme.rectify_score:
        return "rectify"
    return "fail"


def verdict_label(band: str, graded: int = 0, total: int = 0) -> str:
    return {
        "incomplete": _("尚未评完（已评 %(graded)s / %(total)s 项）")
        % {"graded": graded, "total": total},
        "fail": _("不通过"),
        "pass": _("达到通过标准"),
        "rectify": _("可限期整改后继续评定"),
        "none": _("尚未开展自评"),
    }[band]


@dataclass
class SectionResult:
    section: object
    rows: list = field(default_factory=list)  # (item, score or None)
    earned: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    graded: int = 0
    zeros: int = 0

    @property
    def percent(self) -> int | None:
        return round(self.earned / self.maximum * 100) if self.maximum and self.graded else None


@dataclass
class AssessmentResult:
    assessment: object
    sections: list
    earned: Decimal
    maximum: Decimal
    graded: int
    total_items: int
    zeros: int

    @property
    def complete(self) -> bool:
        return self.graded == self.total_items and self.total_items > 0

    @property
    def verdict(self) -> str:
        """pass / rectify / fail by the scheme's thresholds; 'incomplete' until every item is graded."""
        return verdict(self.assessment.scheme, self.earned, self.zeros, self.complete)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict, self.graded, self.total_items)

    def section_for(self, element: int) -> SectionResult | None:
        return next((s for s in self.sections if s.section.element == element), None)


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """Scores per first-level indicator and in total, with zero items and the verdict (2 queries)."""
    scheme = assessment.scheme
    items = assessment.items.select_related("indicator__section").order_by(
        "indicator__section__order", "indicator__order", "indicator__code"
    )
    sections = {}
    for item in items:
        section = item.indicator.section
        result = sections.setdefault(section.pk, SectionResult(section))
        score = item.score(scheme)
        result.rows.append((item, score))
        result.maximum += item.indicator.points
        if score is not None:
            result.graded += 1
            result.earned += score
            if score == 0:
                result.zeros += 1
    ordered = sorted(sections.values(), key=lambda s: (s.section.order, s.section.element))
    return AssessmentResult(
        assessment=assessment,
        sections=ordered,
        earned=sum((s.earned for s in ordered), Decimal(0)),
        maximum=sum((s.maximum for s in ordered), Decimal(0)),
        graded=sum(s.graded for s in ordered),
        total_items=sum(len(s.rows) for s in ordered),
        zeros=sum(s.zeros for s in ordered),
    )


def latest_assessment(community: Community) -> Assessment | None:
    return Assessment.objects.filter(community=community).select_related("scheme").first()


@dataclass
class ScoreSummary:
    """The total of one assessment, without the per-section detail of ``AssessmentResult``."""

    assessment: object
    earned: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    graded: int = 0
    total_items: int = 0

    @property
    def complete(self) -> bool:
        return self.graded == self.total_items and self.total_items > 0

    @property
    def percent(self) -> int | None:
        return round(self.earned / self.maximum * 100) if self.maximum and self.graded else None


def latest_scores(communities: QuerySet[Community]) -> dict[int, ScoreSummary]:
    """{community id: ScoreSummary of its latest self-assessment} for a Community queryset.

    Two queries however many communities (the ranking pages of a county or province); the
    score of each item is ``AssessmentItem.score``, as on the assessment page.
    """
    latest = (
        Assessment.objects.filter(community=OuterRef("pk")).order_by("-date", "-id").values("pk")
    )
    latest_ids = communities.order_by().annotate(latest=Subquery(latest[:1])).values("latest")
    summaries = {
        assessment.pk: ScoreSummary(assessment)
        for assessment in Assessment.objects.filter(pk__in=latest_ids).select_related("scheme")
    }
    items = (
        AssessmentItem.objects.filter(assessment__in=list(summaries))
        .select_related("indicator")
        .order_by()
    )
    for item in items:
        summary = summaries[item.assessment_id]
        score = item.score(summary.assessment.scheme)
        summary.total_items += 1
        summary.maximum += item.indicator.points
        if score is not None:
            summary.graded += 1
            summary.earned += score
    return {summary.assessment.community_id: summary for summary in summaries.values()}


@dataclass
class ElementReadiness:
    element: int
    label: str
    statuses: list
    records: int
    missing: list
    documents: int
    latest_document: object
    section: object  # SectionResult or None

    @property
    def state(self) -> str:
        """missing (nothing held) / ready (records, no gaps, score at pass ratio) / partial."""
        if not self.records and not self.documents:
            return "missing"
        if self.missing:
            return "partial"
        if self.section is not None and self.section.graded:
            if self.section.zeros or (self.section.percent or 0) < 67:
                return "partial"
        return "ready"

    @property
    def state_label(self) -> str:
        return {"missing": _("缺少资料"), "partial": _("待完善"), "ready": _("基本就绪")}[
            self.state
        ]


def readiness(
    community: Community, result: AssessmentResult | None = None
) -> list[ElementReadiness]:
    """Per element: the evidence the system holds (counts, gaps), documents and the self-score."""
    statuses = element_statuses(community)
    documents = {
        row["element"]: row
        for row in DocumentElement.objects.filter(community=community)
        .values("element")
        .annotate(n=Count("id"), latest=Max("document__date"))
    }
    rows = []
    for number in Element.values:
        items = statuses.get(number, [])
        docs = documents.get(number, {})
        rows.append(
            ElementReadiness(
                element=number,
                label=Element(number).label,
                statuses=items,
                records=sum(item.count for item in items),
                missing=[m for item in items for m in item.missing],
                documents=docs.get("n", 0),
                latest_document=docs.get("latest"),
                section=result.section_for(number) if result else None,
            )
        )
    return rows
