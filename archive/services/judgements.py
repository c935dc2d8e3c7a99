"""Proposed grades on the self-assessment: confirm or override them, the live score, the gaps.

The grades an office user confirms (or overrides, with a reason) are written onto the
``AssessmentItem``; scores, periodic reports and the dossier read only those. Proposals that
nobody has confirmed yet feed the *projected* score and the gap list, never the official one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .. import indicators
from ..choices import Decision
from ..indicator_facts import community_facts
from ..models import Assessment, AssessmentItem, IndicatorJudgement
from ..models.assessment import score_of
from .assessment import verdict, verdict_label

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from committee.models import Community, User

    from ..indicator_facts import Facts
    from ..indicators import Proposal

GRADES = "abcd"


def _proposal_text(proposal: Proposal) -> str:
    return "\n".join(
        f"{label}：{proposal.parts[name].reason}"
        for name, label in zip(indicators.PARTS, (_("有无"), _("痕迹"), _("效果")), strict=True)
    )


def _record(
    item: AssessmentItem,
    *,
    decision: str,
    grades: dict[str, str],
    proposal: Proposal | None,
    reason: str,
    user: User,
) -> IndicatorJudgement:
    judgement = IndicatorJudgement(
        community_id=item.community_id,
        item=item,
        decision=decision,
        presence=grades["presence"],
        trace=grades["trace"],
        effect=grades["effect"],
        proposed="".join(p.grade or "-" for p in proposal.parts.values()) if proposal else "",
        proposal_reason=_proposal_text(proposal) if proposal else "",
        reason=reason,
        decided_by=user,
    )
    judgement.full_clean()
    judgement.save()
    item.presence, item.trace, item.effect = grades["presence"], grades["trace"], grades["effect"]
    item.decision = decision
    if decision == Decision.OVERRIDDEN:
        item.comment = reason
    elif proposal and not item.comment:
        item.comment = _proposal_text(proposal)
    item.save(update_fields=["presence", "trace", "effect", "decision", "comment"])
    return judgement


@transaction.atomic
def confirm(*, item: AssessmentItem, proposal: Proposal, user: User) -> IndicatorJudgement:
    """Take the proposal's grades as the item's grades. Partly manual proposals cannot be
    confirmed as they stand: the office overrides them with the missing grade and a reason."""
    if proposal is None or not proposal.complete:
        raise ValidationError(_("该指标有需要人工评定的部分，请改判并写明理由。"))
    return _record(
        item,
        decision=Decision.CONFIRMED,
        grades=proposal.grades(),
        proposal=proposal,
        reason="",
        user=user,
    )


@transaction.atomic
def override(
    *,
    item: AssessmentItem,
    grades: dict[str, str],
    reason: str,
    user: User,
    proposal: Proposal | None = None,
) -> IndicatorJudgement:
    """Grade the item differently from the proposal (or where there is none); reason required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("改判必须写明理由。")})
    if any(grades.get(part) not in GRADES for part in indicators.PARTS):
        raise ValidationError(_("有无、痕迹、效果都要评定等级。"))
    return _record(
        item,
        decision=Decision.OVERRIDDEN,
        grades=grades,
        proposal=proposal,
        reason=reason.strip(),
        user=user,
    )


@transaction.atomic
def confirm_all(*, assessment: Assessment, proposals: Mapping[str, Proposal], user: User) -> int:
    """Confirm every complete proposal the office has not decided yet; returns how many."""
    done = 0
    for item in assessment.items.select_related("indicator").filter(decision=""):
        proposal = proposals.get(item.indicator.code)
        if proposal is not None and proposal.complete:
            confirm(item=item, proposal=proposal, user=user)
            done += 1
    return done


@dataclass
class Row:
    item: object
    proposal: object
    score: Decimal | None  # from the item's grades (the official score)
    projected: Decimal | None  # item grades, else the proposal's
    effective: dict  # the grades the projection uses
    latest: object = None  # the latest judgement, if any

    @property
    def state(self) -> str:
        if self.item.decision:
            return self.item.decision
        if self.proposal is None or self.proposal.manual:
            return "manual"
        return "proposed"

    @property
    def differs(self) -> bool:
        """The item's grades no longer match what the records now suggest."""
        if not self.item.is_graded or self.proposal is None or not self.proposal.complete:
            return False
        return self.item.grades() != self.proposal.grades()


@dataclass
class Gap:
    row: Row
    gain: Decimal
    parts: list  # part labels below b


@dataclass
class Picture:
    """Everything the self-assessment page shows, computed in one pass."""

    assessment: object
    facts: object
    sections: list  # (section, [Row])
    counts: dict
    earned: Decimal
    projected: Decimal
    maximum: Decimal
    zeros: int
    projected_zeros: int
    graded: int
    total: int
    gaps: list = field(default_factory=list)

    @property
    def band(self) -> str:
        return verdict(self.assessment.scheme, self.earned, self.zeros, self.graded == self.total)

    @property
    def band_label(self) -> str:
        return verdict_label(self.band, self.graded, self.total)

    @property
    def projected_band(self) -> str:
        return verdict(self.assessment.scheme, self.projected, self.projected_zeros)

    @property
    def projected_band_label(self) -> str:
        return verdict_label(self.projected_band)


def picture(assessment: Assessment, facts: Facts | None = None) -> Picture:
    """Rows per first-level indicator with proposal, official and projected score, counts and
    the gap list (indicators with a part below b, ranked by the points fixing them would add).
    A fixed number of queries: the facts snapshot, the items, their latest judgements."""
    scheme = assessment.scheme
    facts = facts or community_facts(assessment.community)
    proposals = indicators.propose(facts)
    items = (
        assessment.items.select_related("indicator__section")
        .prefetch_related(
            Prefetch(
                "judgements",
                queryset=IndicatorJudgement.objects.select_related("decided_by"),
                to_attr="judgement_list",
            )
        )
        .order_by("indicator__section__order", "indicator__order", "indicator__code")
    )
    weights, total_weight = scheme.weights(), scheme.weight_total
    share_a = scheme.grade_share("a")
    sections, by_section = [], {}
    counts = {"proposed": 0, "confirmed": 0, "overridden": 0, "manual": 0}
    earned = projected = maximum = Decimal(0)
    zeros = projected_zeros = graded = 0
    gaps = []
    for item in items:
        proposal = proposals.get(item.indicator.code)
        if item.is_graded:
            effective = item.grades()
        elif proposal is not None and proposal.complete:
            effective = proposal.grades()
        else:
            effective = None
        score = item.score(scheme)
        guess = score_of(item.indicator.points, scheme, effective) if effective else None
        row = Row(item, proposal, score, guess, effective or {}, (item.judgement_list or [None])[0])
        section = item.indicator.section
        if section.pk not in by_section:
            by_section[section.pk] = []
            sections.append((section, by_section[section.pk]))
        by_section[section.pk].append(row)
        if proposal is not None and not proposal.manual:
            counts["proposed"] += 1
        if proposal is None or not proposal.complete:
            counts["manual"] += 1
        if item.decision:
            counts[item.decision] += 1
        maximum += item.indicator.points
        if score is not None:
            graded += 1
            earned += score
            zeros += score == 0
        if guess is not None:
            projected += guess
            projected_zeros += guess == 0
        if effective:
            low = [part for part in indicators.PARTS if effective[part] in ("c", "d")]
            if low:
                gain = sum(
                    item.indicator.points
                    * weights[part]
                    / total_weight
                    * (share_a - scheme.grade_share(effective[part]))
                    for part in low
                )
                labels = dict(zip(indicators.PARTS, (_("有无"), _("痕迹"), _("效果")), strict=True))
                gaps.append(Gap(row, gain.quantize(Decimal("0.01")), [labels[p] for p in low]))
    gaps.sort(
        key=lambda gap: (
            -gap.gain,
            gap.row.item.indicator.section.order,
            gap.row.item.indicator.order,
        )
    )
    return Picture(
        assessment=assessment,
        facts=facts,
        sections=sections,
        counts=counts,
        earned=earned,
        projected=projected,
        maximum=maximum,
        zeros=zeros,
        projected_zeros=projected_zeros,
        graded=graded,
        total=sum(len(rows) for _section, rows in sections),
        gaps=gaps,
    )


def assessment_scores(communities: Iterable[Community]) -> dict[int, tuple[Decimal | None, str]]:
    """{community id: (score, band)} from each community's latest assessment, by its confirmed
    grades; (None, "none") without an assessment. Three queries for any number of communities:
    meant for county and province ranking pages. Ungraded items count 0 and make the band
    'incomplete'."""
    ids = [c.pk for c in communities]
    latest = {}
    for assessment in (
        Assessment.objects.filter(community_id__in=ids)
        .select_related("scheme")
        .order_by("community_id", "-date", "-id")
    ):
        latest.setdefault(assessment.community_id, assessment)
    result = dict.fromkeys(ids, (None, "none"))
    if not latest:
        return result
    totals = {a.pk: [Decimal(0), 0, 0, 0] for a in latest.values()}  # earned, zeros, graded, n
    by_pk = {a.pk: a for a in latest.values()}
    for item in AssessmentItem.objects.filter(assessment__in=list(by_pk)).select_related(
        "indicator"
    ):
        entry = totals[item.assessment_id]
        entry[3] += 1
        score = item.score(by_pk[item.assessment_id].scheme)
        if score is not None:
            entry[0] += score
            entry[1] += score == 0
            entry[2] += 1
    for pk, (earned, zeros, graded, total) in totals.items():
        assessment = by_pk[pk]
        band = verdict(assessment.scheme, earned, zeros, graded == total and total > 0)
        result[assessment.community_id] = (earned, band)
    return result


def assessment_score(community: Community) -> tuple[Decimal | None, str]:
    """(score, band) of the community's latest self-assessment by its confirmed grades; band is
    pass / rectify / fail / incomplete, or (None, "none") when it has no assessment."""
    return assessment_scores([community])[community.pk]
