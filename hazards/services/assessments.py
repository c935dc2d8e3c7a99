"""Writes for the risk register: evaluations keep their history and set the hazard's level."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ..choices import AssessmentMethod
from ..models import Assessment

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal

    from committee.models import User

    from ..models.hazards import Hazard


@transaction.atomic
def assess_hazard(
    hazard: Hazard,
    *,
    method: str,
    assessor: str,
    assessed_on: datetime.date | None = None,
    likelihood: int | None = None,
    severity: int | None = None,
    lec_l: Decimal | None = None,
    lec_e: Decimal | None = None,
    lec_c: Decimal | None = None,
    note: str = "",
    user: User | None = None,
) -> Assessment:
    """Record an evaluation and, when it is the most recent, make its level the hazard's level.

    Earlier evaluations are kept so the level over time can be shown; back-dated entries join
    the history without overriding a newer evaluation.
    """
    assessment = Assessment(
        community_id=hazard.community_id,
        hazard=hazard,
        method=method,
        assessor=assessor,
        assessed_on=assessed_on or timezone.localdate(),
        likelihood=likelihood if method == AssessmentMethod.MATRIX else None,
        severity=severity if method == AssessmentMethod.MATRIX else None,
        lec_l=lec_l if method == AssessmentMethod.LEC else None,
        lec_e=lec_e if method == AssessmentMethod.LEC else None,
        lec_c=lec_c if method == AssessmentMethod.LEC else None,
        note=note,
        recorded_by=user,
    )
    assessment.full_clean(exclude=["score", "level"])
    assessment.compute()
    assessment.save()
    refresh_current_level(hazard)
    return assessment


def refresh_current_level(hazard: Hazard) -> Hazard:
    """Copy the latest evaluation (by date, then entry) onto the hazard."""
    latest = hazard.assessments.order_by("-assessed_on", "-pk").first()
    if latest is None:
        hazard.level, hazard.score, hazard.last_assessed_on = "", None, None
        hazard.likelihood = hazard.severity = None
    else:
        hazard.level = latest.level
        hazard.score = latest.score
        hazard.last_assessed_on = latest.assessed_on
        hazard.likelihood = latest.likelihood
        hazard.severity = latest.severity
    hazard.save(update_fields=["level", "score", "last_assessed_on", "likelihood", "severity"])
    return hazard
