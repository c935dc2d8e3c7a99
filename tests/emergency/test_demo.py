"""The demo seeder builds a believable element 7 for a community."""

import datetime
import random

import pytest
from django.utils import timezone

from committee import demo as committee_demo
from emergency import demo, evidence
from emergency.choices import PlanStatus
from emergency.models import (
    Drill,
    DrillProblem,
    EmergencyPlan,
    EmergencyResponse,
    RescueTeam,
    Shelter,
    Supply,
)
from safecommunity.evidence import Period

pytestmark = pytest.mark.django_db


def test_small_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rng = random.Random(7)
    today = timezone.localdate()
    community, users, groups = committee_demo.seed_community(
        committee_demo.COMMUNITIES[0], today=today, rng=rng
    )
    demo.seed(community, users=users, groups=groups, rng=rng, scale="small", today=today)

    live = EmergencyPlan.objects.filter(community=community).exclude(status=PlanStatus.SUPERSEDED)
    assert live.count() == 17
    assert EmergencyPlan.objects.filter(community=community, status=PlanStatus.SUPERSEDED).exists()
    assert Supply.objects.filter(community=community).count() == 40
    assert Shelter.objects.filter(community=community).count() == 8
    assert RescueTeam.objects.filter(community=community).count() == 8
    drills = Drill.objects.filter(community=community)
    assert drills.count() == 30
    assert all(d.participants > 0 for d in drills)
    assert all(p.action_id for p in DrillProblem.objects.filter(community=community))
    assert EmergencyResponse.objects.filter(community=community).count() == 6
    span = drills.order_by("date")
    assert span.first().date >= today - datetime.timedelta(days=430)
    result = evidence.collect(community, 7, Period(today - datetime.timedelta(days=365), today))
    assert {f.label: f.value for f in result.figures}["本期应急演练"] > 10
    assert all(item.count for item in evidence.status(community)[:3])
