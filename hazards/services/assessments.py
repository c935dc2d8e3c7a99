"""Writes for the risk register: evaluations keep their history and set the hazard's level."""

from django.db import transaction
from django.utils import timezone

from ..choices import AssessmentMethod
from ..models import Assessment


@transaction.atomic
def assess_hazard(
    hazard,
    *,
    method,
    assessor,
    assessed_on=None,
    likelihood=None,
    severity=None,
    lec_l=None,
    lec_e=None,
    lec_c=None,
    note="",
    user=None,
):
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


def refresh_current_level(hazard):
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
