"""The demo seeder gives a realistic, consistent small data set."""

import datetime
import random

from django.utils import timezone

from hazards import demo, evidence, selectors
from hazards.choices import DangerStatus
from hazards.models import (
    Assessment,
    CorrectiveAction,
    DangerEvent,
    Hazard,
    HiddenDanger,
    Inspection,
    Place,
)


def test_small_demo_is_consistent(cast):
    today = timezone.localdate()
    users = cast.users
    demo.seed(
        cast.community,
        users=users,
        groups=[cast.group, cast.other_group],
        rng=random.Random(7),
        scale="small",
        today=today,
    )
    community = cast.community
    assert Place.objects.filter(community=community).count() == 36
    assert Hazard.objects.filter(community=community).count() == 60
    # the scheduled market rounds add their own inspections
    assert Inspection.objects.filter(community=community, occurrences__isnull=True).count() == 80
    assert HiddenDanger.objects.filter(community=community).count() == 40
    assert CorrectiveAction.objects.filter(community=community).exists()
    # every hazard's level is its latest evaluation's level
    for hazard in Hazard.objects.filter(community=community).prefetch_related("assessments"):
        latest = max(hazard.assessments.all(), key=lambda a: (a.assessed_on, a.pk), default=None)
        assert hazard.level == (latest.level if latest else "")
    assert Assessment.objects.filter(community=community).exists()
    # the workflow trail matches each danger's state
    for danger in HiddenDanger.objects.filter(community=community):
        last = DangerEvent.objects.filter(danger=danger).order_by("at").last()
        assert last.to_status == danger.status
        if danger.status == DangerStatus.CLOSED:
            assert danger.closed_on <= today
    # nothing lies in the future, and the data span about fourteen months
    assert not Inspection.objects.filter(date__gt=today).exists()
    assert Inspection.objects.filter(date__lt=today - datetime.timedelta(days=300)).exists()
    assert evidence.collect(community, 11, evidence_period(today)).figures


def evidence_period(today):
    from safecommunity.evidence import Period

    return Period(today - datetime.timedelta(days=365), today, "")


def test_small_demo_has_items_that_need_attention(cast):
    today = timezone.localdate()
    demo.seed(
        cast.community,
        users=cast.users,
        groups=[cast.group],
        rng=random.Random(1),
        scale="small",
        today=today,
    )
    summary = selectors.danger_summary(cast.community, today)
    assert summary["closed"] > summary["open"] > 0
