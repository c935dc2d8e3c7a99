"""Demo data for `seed_demo`: places, hazards with evaluations, inspections, findings, actions.

``scale="small"`` gives a realistic demo spread over the last ~14 months (some findings overdue,
some awaiting re-inspection); ``scale="large"`` the benchmark volume of DESIGN.md (2,000 hazards,
a few thousand inspections and findings over three years), written with bulk_create.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from committee.choices import Role
from safecommunity.elements import TargetGroup

from .. import risk
from ..choices import (
    AssessmentMethod,
    HazardStatus,
    IdentificationSource,
    InspectionMethod,
    InspectionType,
    PlaceKind,
    PlanStatus,
    RiskLevel,
    category_for_kind,
)
from ..models import (
    Assessment,
    Hazard,
    InspectionPlan,
    Place,
)
from . import findings, maps, schedules
from .data import (
    BATCH,
    CONTACTS,
    HAZARD_TEMPLATES,
    INSPECTORS,
    PLACE_NAMES,
    STREETS,
    by_kind,
    date_between,
    pick_group,
    place_for,
)

# seed_demo runs the seeders by this order: after committee (their records are linked to).
SEED_ORDER = 10


def seed(community, *, users, groups, rng, scale, today):
    """Create the hazards records of one community. Idempotence is not needed: seed_demo runs once."""
    large = scale == "large"
    days = 3 * 365 if large else 420
    start = today - datetime.timedelta(days=days)
    counts = {
        "places": 400 if large else 36,
        "hazards": 2000 if large else 60,
        "plans": 120 if large else 8,
        "inspections": 3000 if large else 80,
        "dangers": 2500 if large else 40,
        "actions": 600 if large else 18,
    }
    with transaction.atomic():
        places = _places(community, rng, groups, counts["places"], start)
        maps.seed_site_plan(community, places, rng)
        _hazards(community, rng, groups, users, places, counts["hazards"], start, today)
        plans = _plans(community, rng, groups, places, counts["plans"], start, today)
        inspections = findings.inspections_for(
            community, rng, groups, users, places, plans, counts["inspections"], start, today
        )
        dangers = findings.dangers_for(
            community, rng, groups, users, places, inspections, counts["dangers"], start, today
        )
        findings.actions_for(community, rng, groups, users, dangers, counts["actions"], today)
        schedules.seed_schedules(community, users=users, groups=groups, places=places, today=today)


def _places(community, rng, groups, count, start):
    kinds = list(PLACE_NAMES)
    objs = []
    levels = [RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW, RiskLevel.BLUE, ""]
    for index in range(count):
        kind = kinds[index % len(kinds)]
        names = PLACE_NAMES[kind]
        base = names[(index // len(kinds)) % len(names)]
        serial = index // (len(kinds) * len(names))
        name = base if serial == 0 else f"{base}（{serial + 1}）"
        level = rng.choices(levels, weights=[1, 3, 5, 4, 2])[0]
        place = Place(
            community=community,
            name=name,
            kind=kind,
            address=f"{rng.choice(STREETS)}{rng.randint(1, 300)}号",
            contact_person=rng.choice(CONTACTS),
            phone=f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
            risk_level=level,
            is_key_place=kind in (PlaceKind.HAZCHEM, PlaceKind.ELDER_CARE, PlaceKind.MULTI_USE)
            or rng.random() < 0.1,
            working_group=rng.choice(groups) if groups and rng.random() < 0.7 else None,
            employees=rng.randint(3, 300),
        )
        place.category = category_for_kind(kind)
        objs.append(place)
    created = Place.objects.bulk_create(objs, batch_size=BATCH)
    # Registered over the period, so "never inspected" places become due at different times.
    for place in created:
        place.created_at = timezone.make_aware(
            datetime.datetime.combine(
                date_between(rng, start, start + datetime.timedelta(days=60)), datetime.time(9)
            )
        )
    Place.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    return created


def _assessment(rng, community, hazard, assessed_on, assessor, user, bias=0):
    if rng.random() < 0.7:
        likelihood = min(5, max(1, rng.randint(1, 5) + bias))
        severity = rng.randint(1, 5)
        score, level = risk.evaluate("matrix", likelihood=likelihood, severity=severity)
        return Assessment(
            community=community,
            hazard=hazard,
            method=AssessmentMethod.MATRIX,
            likelihood=likelihood,
            severity=severity,
            score=score,
            level=level,
            assessed_on=assessed_on,
            assessor=assessor,
            recorded_by=user,
        )
    values = {
        "lec_l": rng.choice([value for value, _l in risk.LEC_L_SCALE[:5]]),
        "lec_e": rng.choice([value for value, _l in risk.LEC_E_SCALE]),
        "lec_c": rng.choice([value for value, _l in risk.LEC_C_SCALE[1:]]),
    }
    score, level = risk.evaluate("lec", **values)
    return Assessment(
        community=community,
        hazard=hazard,
        method=AssessmentMethod.LEC,
        score=score,
        level=level,
        assessed_on=assessed_on,
        assessor=assessor,
        recorded_by=user,
        **values,
    )


def _hazards(community, rng, groups, users, places, count, start, today):
    office = users.get(Role.OFFICE)
    places_by_kind = by_kind(places)
    hazards = []
    for index in range(count):
        title, area, description, exposed, controls = HAZARD_TEMPLATES[
            index % len(HAZARD_TEMPLATES)
        ]
        place = place_for(rng, places_by_kind, area) if rng.random() < 0.85 else None
        identified = date_between(rng, start, today - datetime.timedelta(days=10))
        group = pick_group(rng, groups, area)
        hazards.append(
            Hazard(
                community=community,
                code=f"FX-{identified.year}-{index + 1:04d}",
                title=f"{place.name}{title}" if place else title,
                place=place,
                safety_area=area,
                description=description,
                exposed_groups=[g for g in exposed if g in TargetGroup.values],
                source=rng.choice(IdentificationSource.values),
                identified_on=identified,
                controls=controls,
                status=HazardStatus.ELIMINATED if rng.random() < 0.08 else HazardStatus.ACTIVE,
                working_group=group,
                responsible_unit=group.lead_unit if group and group.lead_unit else "街道安监办",
                responsible_person=rng.choice(CONTACTS),
                review_date=identified + datetime.timedelta(days=365),
                created_by=office,
            )
        )
    Hazard.objects.bulk_create(hazards, batch_size=BATCH)
    assessments = []
    latest = {}
    for hazard in hazards:
        if rng.random() < 0.06:
            continue  # a few still await evaluation
        first = _assessment(rng, community, hazard, hazard.identified_on, "王丽华", office)
        assessments.append(first)
        latest[hazard.pk] = first
        if rng.random() < 0.35:  # re-assessed after controls were improved
            later = date_between(rng, hazard.identified_on + datetime.timedelta(days=30), today)
            if later > hazard.identified_on:
                again = _assessment(rng, community, hazard, later, "孙海涛", office, bias=-1)
                assessments.append(again)
                latest[hazard.pk] = again
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    for hazard in hazards:
        current = latest.get(hazard.pk)
        if current is not None:
            hazard.level, hazard.score = current.level, current.score
            hazard.last_assessed_on = current.assessed_on
            hazard.likelihood, hazard.severity = current.likelihood, current.severity
    Hazard.objects.bulk_update(
        hazards, ["level", "score", "last_assessed_on", "likelihood", "severity"], batch_size=BATCH
    )


def _plans(community, rng, groups, places, count, start, today):
    titles = {
        InspectionType.HOLIDAY: "春节、国庆节前安全大检查",
        InspectionType.SEASONAL: "汛期及夏季防溺水专项检查",
        InspectionType.KEY_EVENT: "重点活动日安全保障检查",
        InspectionType.DAILY: "网格员日常巡查",
        InspectionType.PROJECT_ONGOING: "安全促进项目过程检查",
        InspectionType.PROJECT_END: "安全促进项目结束后检查",
        InspectionType.SPECIAL: "电动自行车消防安全专项检查",
    }
    plans = []
    kinds = list(titles)
    for index in range(count):
        kind = kinds[index % len(kinds)]
        begin = date_between(rng, start, today)
        end = begin + datetime.timedelta(days=rng.choice([7, 14, 30]))
        plans.append(
            InspectionPlan(
                community=community,
                title=f"{begin.year}年{titles[kind]}",
                inspection_type=kind,
                method=rng.choice(InspectionMethod.values),
                start_date=begin,
                end_date=end,
                scope="重点单位、重点部位、人员密集场所及高危人群",
                inspectors=rng.choice(INSPECTORS),
                working_group=rng.choice(groups) if groups else None,
                status=PlanStatus.DONE if end < today else PlanStatus.ONGOING,
            )
        )
    InspectionPlan.objects.bulk_create(plans, batch_size=BATCH)
    links = []
    for plan in plans:
        for place in rng.sample(places, k=min(len(places), rng.randint(2, 5))):
            links.append(
                InspectionPlan.places.through(inspectionplan_id=plan.pk, place_id=place.pk)
            )
    InspectionPlan.places.through.objects.bulk_create(links, batch_size=BATCH)
    return plans
