"""Demo data for `seed_demo`: plans with versions, resources, drills with problems, responses.

``scale="small"`` gives a realistic demo over the last ~14 months (a plan or two overdue for
review, supplies near expiry, open and closed drill problems); ``scale="large"`` the benchmark
volume (a few hundred plans and supplies, ~1,000 drills) written with bulk_create.
"""

import datetime
import uuid

from django.db import transaction

from committee.models import Partner, Volunteer
from hazards.models import Hazard

from ..choices import (
    PlanStatus,
)
from ..models import (
    EmergencyPlan,
    PlanGroup,
    RescueTeam,
    Shelter,
    Supply,
)
from ..models.resources import next_check_date
from . import data, drills, photos
from .utils import BATCH, day_between, phone, store

# seed_demo runs the seeders by this order: after committee, hazards, injuries
# (their records are linked to).
SEED_ORDER = 40


def seed(community, *, users, groups, rng, scale, today):
    """Create the emergency records of one community (seed_demo runs once per database)."""
    large = scale == "large"
    start = today - datetime.timedelta(days=3 * 365 if large else 425)
    counts = {
        "plans": 300 if large else len(data.PLANS),
        "supplies": 400 if large else 40,
        "shelters": 60 if large else len(data.SHELTERS),
        "teams": 80 if large else len(data.TEAMS),
        "drills": 1000 if large else 30,
        "responses": 100 if large else len(data.RESPONSES),
        "actions": 150 if large else None,  # None: every problem becomes an action
    }
    office = users.get("office")
    with transaction.atomic():
        plans = _plans(community, rng, groups, counts["plans"], today, office, large)
        _supplies(community, rng, counts["supplies"], start, today, large)
        _shelters(community, rng, counts["shelters"], start, today, large)
        teams = _teams(community, rng, counts["teams"], large)
        held = drills.seed_drills(
            community, rng, groups, plans, counts["drills"], start, today, office, large
        )
        drills.seed_problems(community, rng, users, held, counts["actions"], today, large)
        if not large:
            photos.add_photos(held, rng, office)
        drills.seed_responses(
            community, rng, plans, teams, counts["responses"], start, today, office, large
        )


def _plans(community, rng, groups, count, today, user, large):
    """Plans with one to three versions each; returns the live versions."""
    hazards_by_area = {}
    for pk, area in Hazard.objects.filter(community=community).values_list("pk", "safety_area"):
        hazards_by_area.setdefault(area, []).append(pk)
    chains = []
    for index in range(count):
        title, category, kind, level, areas, owner = data.PLANS[index % len(data.PLANS)]
        if index >= len(data.PLANS):
            title = f"{data.DRILL_PLACES[index % len(data.DRILL_PLACES)]}{title}（{index // len(data.PLANS) + 1}）"
        versions = rng.choices([1, 2, 3], weights=[5, 3, 1])[0]
        # Plans are reviewed every three years (some every two), so a few are overdue.
        approved = day_between(
            rng, today - datetime.timedelta(days=1300), today - datetime.timedelta(days=60)
        )
        lineage = uuid.uuid4()
        chain = []
        for number in range(1, versions + 1):
            if number > 1:
                approved = min(today, approved + datetime.timedelta(days=rng.randint(150, 400)))
            summary, reason = rng.choice(data.REVISIONS) if number > 1 else ("", "")
            plan = EmergencyPlan(
                community=community,
                title=f"{community.name}{title}" if not large else title,
                code=f"YA-{index + 1:03d}",
                category=category,
                emergency_type=kind,
                level=level,
                scope=f"适用于{community.name}辖区内{kind.label}的预防与应急处置。",
                owner_unit=owner,
                working_group=_group_for(groups, areas, rng),
                lineage=lineage,
                version_no=number,
                status=PlanStatus.SUPERSEDED if number < versions else PlanStatus.IN_FORCE,
                change_summary=summary,
                change_reason=reason,
                approved_on=approved,
                approved_by=f"{community.name}安全社区促进委员会",
                next_review=approved + datetime.timedelta(days=rng.choice([730, 1095, 1095, 1095])),
                commander="李建国",
                commander_phone=phone(rng),
                deputy_commander="陈志强",
                command_post="街道应急指挥中心",
                hotline="0571-8800" + f"{rng.randint(1000, 9999)}",
                created_by=user,
            )
            chain.append(plan)
        chains.append((chain, areas))
    # Store version by version so each revision can point at its stored predecessor.
    live = []
    depth = max(len(chain) for chain, _areas in chains) if chains else 0
    for number in range(depth):
        layer = []
        for chain, _areas in chains:
            if number < len(chain):
                plan = chain[number]
                plan.predecessor = chain[number - 1] if number else None
                layer.append(plan)
        store(EmergencyPlan, layer, large)
    groups_rows, links = [], []
    Link = EmergencyPlan.hazards.through
    for chain, areas in chains:
        live.append(chain[-1])
        candidates = [pk for area in areas for pk in hazards_by_area.get(area, [])]
        chosen = (
            rng.sample(candidates, min(len(candidates), rng.randint(1, 4))) if candidates else []
        )
        for plan in chain:
            links += [Link(emergencyplan_id=plan.pk, hazard_id=pk) for pk in chosen]
            for order, (name, unit, duties) in enumerate(rng.sample(data.PLAN_GROUPS, 4), start=1):
                groups_rows.append(
                    PlanGroup(
                        plan=plan,
                        name=name,
                        duties=duties,
                        leader=rng.choice(data.PEOPLE),
                        phone=phone(rng),
                        members=unit,
                        order=order,
                    )
                )
    Link.objects.bulk_create(links, batch_size=BATCH)
    store(PlanGroup, groups_rows, large)
    return live


def _group_for(groups, areas, rng):
    matching = [g for g in groups if g.safety_area and g.safety_area in areas]
    if matching:
        return rng.choice(matching)
    return None


def _supplies(community, rng, count, start, today, large):
    rows = []
    for index in range(count):
        name, kind, unit, spec, shelf_life, cycle = data.SUPPLIES[index % len(data.SUPPLIES)]
        location = data.LOCATIONS[(index // len(data.SUPPLIES) + index) % len(data.LOCATIONS)]
        purchased = day_between(
            rng, start - datetime.timedelta(days=900), today - datetime.timedelta(days=20)
        )
        expires = purchased + datetime.timedelta(days=shelf_life) if shelf_life else None
        checked = day_between(
            rng, max(purchased, today - datetime.timedelta(days=cycle * 2)), today
        )
        quantity = rng.choice([2, 4, 6, 10, 20, 50, 100, 200])
        supply = Supply(
            community=community,
            name=name,
            kind=kind,
            spec=spec,
            quantity=quantity,
            unit=unit,
            min_quantity=quantity if rng.random() < 0.3 else None,
            location=location,
            custodian=rng.choice(data.PEOPLE),
            custodian_phone=phone(rng),
            purchased_on=purchased,
            expires_on=expires,
            last_checked_on=checked,
            check_interval_days=cycle,
        )
        if supply.min_quantity and rng.random() < 0.3:
            supply.quantity = max(0, quantity - rng.randint(1, quantity))
        supply.next_check_on = next_check_date(checked, purchased, cycle)
        rows.append(supply)
    store(Supply, rows, large)


def _shelters(community, rng, count, start, today, large):
    rows = []
    for index in range(count):
        name, kind, capacity, area, serves = data.SHELTERS[index % len(data.SHELTERS)]
        if index >= len(data.SHELTERS):
            name = f"{name}（{index // len(data.SHELTERS) + 1}）"
        checked = day_between(rng, today - datetime.timedelta(days=200), today)
        shelter = Shelter(
            community=community,
            name=name,
            kind=kind,
            address=f"{rng.choice(data.DRILL_PLACES)}附近",
            capacity=capacity,
            area_m2=area,
            serves=serves,
            facilities="应急供水、应急厕所、应急照明、标识标牌、广播",
            manager=rng.choice(data.PEOPLE),
            phone=phone(rng),
            last_checked_on=checked,
            check_interval_days=90,
        )
        shelter.next_check_on = next_check_date(checked, start, 90)
        rows.append(shelter)
    store(Shelter, rows, large)


def _teams(community, rng, count, large):
    partners = list(Partner.objects.filter(community=community))
    volunteers = list(Volunteer.objects.filter(community=community))
    rows = []
    for index in range(count):
        name, kind, size, base, capability = data.TEAMS[index % len(data.TEAMS)]
        if index >= len(data.TEAMS):
            name = f"{name}（{index // len(data.TEAMS) + 1}）"
        rows.append(
            RescueTeam(
                community=community,
                name=name,
                kind=kind,
                size=size,
                leader=rng.choice(data.PEOPLE),
                phone=phone(rng),
                duty_phone=f"0571-8900{rng.randint(1000, 9999)}",
                base=base,
                coverage=f"{community.name}全域",
                capability=capability,
                equipment="对讲机、应急照明、破拆工具、急救包",
                partner=rng.choice(partners) if partners and rng.random() < 0.5 else None,
            )
        )
    teams = store(RescueTeam, rows, large)
    if volunteers:
        Link = RescueTeam.volunteers.through
        links = []
        for team in teams:
            if team.kind == "volunteer":
                for volunteer in rng.sample(volunteers, min(len(volunteers), 6)):
                    links.append(Link(rescueteam_id=team.pk, volunteer_id=volunteer.pk))
        Link.objects.bulk_create(links, batch_size=BATCH)
    return teams
