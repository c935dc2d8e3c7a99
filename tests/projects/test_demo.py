"""The demo seeder: a realistic street for "small", the benchmark volume for "large"."""

import random

import pytest
from django.utils import timezone

from committee import demo as committee_demo
from projects import demo, evidence
from projects.choices import IndicatorKind, ProjectStatus
from projects.models import Activity, AwarenessSurvey, Objective, Plan, Project, ProjectUpdate
from safecommunity.elements import SafetyArea
from safecommunity.evidence import Period

pytestmark = pytest.mark.django_db


def community_with_committee(rng, today):
    return committee_demo.seed_community(committee_demo.COMMUNITIES[0], today=today, rng=rng)


def test_small_demo_is_a_realistic_street(db):
    rng, today = random.Random(7), timezone.localdate()
    community, users, groups = community_with_committee(rng, today)
    demo.seed(community, users=users, groups=groups, rng=rng, scale="small", today=today)

    plans = Plan.objects.filter(community=community)
    assert sorted(plans.values_list("kind", flat=True)) == ["annual", "annual", "overall"]
    assert Objective.objects.filter(community=community).count() == 10
    assert set(Objective.objects.values_list("indicator_kind", flat=True)) == set(IndicatorKind)
    projects = Project.objects.filter(community=community)
    assert projects.count() == 15
    assert {p.safety_area for p in projects} == set(SafetyArea.values)
    for project in projects.exclude(status=ProjectStatus.PLANNED):
        assert project.updates.exists(), project.title
        assert project.progress == project.updates.order_by("-date", "-pk").first().percent
    # The demo leader (traffic group) posted his group's updates.
    traffic = ProjectUpdate.objects.filter(project__working_group__safety_area="traffic")
    assert set(traffic.values_list("author", flat=True)) == {users["leader"].pk}
    activities = Activity.objects.filter(community=community)
    assert activities.count() == 60
    assert all(a.date <= today for a in activities)
    assert AwarenessSurvey.objects.filter(community=community).count() == 3
    # Two running projects have gone quiet: the reminder has something to say.
    statuses = {s.label: s for s in evidence.status(community)}
    assert statuses["安全促进项目"].missing == ["2 个实施中项目超过 30 天未更新进展"]
    for element in evidence.ELEMENTS:
        assert not evidence.collect(community, element, Period.year(today.year)).is_empty


def test_large_demo_has_the_benchmark_volume(db):
    rng, today = random.Random(7), timezone.localdate()
    community, users, groups = community_with_committee(rng, today)
    demo.seed(community, users=users, groups=groups, rng=rng, scale="large", today=today)
    assert Project.objects.filter(community=community).count() == 500
    assert Activity.objects.filter(community=community).count() == 5000
