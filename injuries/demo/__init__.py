"""Demo injury surveillance data with the patterns a real community shows.

Falls among the elderly (more in winter), traffic among 15–44-year-olds (rush hours), cuts and
blunt injuries at work, scalds among small children (winter), sports injuries, dog bites,
drowning in summer, carbon-monoxide poisoning in winter, a little violence and self-harm.
"small": a few hundred cards over ~14 months; "large": 50,000 cards over three years.
"""

import datetime

from django.utils import timezone

from committee.choices import Sex
from safecommunity.elements import SafetyArea

from .. import services
from ..choices import (
    AccidentKind,
    Activity,
    BodyPart,
    Cause,
    Education,
    FollowUp,
    Intent,
    Nature,
    Occupation,
    Outcome,
    Place,
    Residence,
    Severity,
)
from ..models import Accident, InjuryCard, ReportingUnit
from .profiles import GIVEN, PROFILES, STREETS, SURNAMES, UNITS

SMALL_CARDS = 360
LARGE_CARDS = 50_000


def _occupation_education(rng, age):
    if age <= 6:
        return Occupation.PRESCHOOL if age <= 5 else Occupation.STUDENT, Education.PRESCHOOL
    if age <= 18:
        level = (
            Education.PRIMARY if age <= 12 else Education.JUNIOR if age <= 15 else Education.SENIOR
        )
        return Occupation.STUDENT, level
    if age >= 60:
        education = rng.choices(
            (Education.ILLITERATE, Education.PRIMARY, Education.JUNIOR, Education.SENIOR),
            (3, 4, 3, 1),
        )[0]
        return Occupation.RETIRED if rng.random() < 0.8 else Occupation.HOUSEWORK, education
    occupation = rng.choices(
        (
            Occupation.OPERATOR,
            Occupation.SERVICE,
            Occupation.PROFESSIONAL,
            Occupation.CLERK,
            Occupation.FARMING,
            Occupation.HOUSEWORK,
            Occupation.UNEMPLOYED,
            Occupation.OTHER,
        ),
        (6, 6, 3, 3, 2, 2, 1, 1),
    )[0]
    education = rng.choices(
        (
            Education.PRIMARY,
            Education.JUNIOR,
            Education.SENIOR,
            Education.COLLEGE,
            Education.UNIVERSITY,
        ),
        (1, 4, 3, 2, 2),
    )[0]
    return occupation, education


def _id_number(rng, birth, sex):
    """A valid 身份证号: the 17th digit is odd for men, even for women (GB 11643)."""
    serial = rng.randint(10, 99) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if sex == Sex.MALE else (0, 2, 4, 6, 8)
    )
    body = f"330106{birth:%Y%m%d}{serial:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _injury_time(rng, profile, start, days):
    months = profile[9]
    peak = max(months)
    while True:
        day = start + datetime.timedelta(days=rng.randrange(days))
        if rng.random() * peak <= months[day.month - 1]:
            break
    if profile[2] in (Cause.MOTOR_VEHICLE, Cause.NON_MOTOR_VEHICLE) and rng.random() < 0.5:
        hour = rng.choice((7, 8, 17, 18))
    else:
        hour = rng.randint(6, 22)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))
    )


def _card(rng, profile, *, community, units, start, days, now, named, reporter=None, office=None):
    (
        _w,
        (lo, hi),
        cause,
        places,
        activities,
        natures,
        parts,
        severities,
        death,
        _m,
        unit_kinds,
        intent,
    ) = profile
    age = rng.randint(lo, hi)
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    if cause in (Cause.MOTOR_VEHICLE, Cause.CUT, Cause.BLUNT) and rng.random() < 0.3:
        sex = Sex.MALE  # men are over-represented in traffic and work injuries
    occupation, education = _occupation_education(rng, age)
    injury_at = min(_injury_time(rng, profile, start, days), now - datetime.timedelta(hours=1))
    visit_at = min(injury_at + datetime.timedelta(minutes=rng.randint(10, 360)), now)
    severity = rng.choices((Severity.MILD, Severity.MODERATE, Severity.SEVERE), severities)[0]
    if rng.random() < death:
        outcome = Outcome.DIED
    elif severity == Severity.SEVERE or (severity == Severity.MODERATE and rng.random() < 0.3):
        outcome = rng.choices((Outcome.ADMITTED, Outcome.TRANSFERRED), (8, 1))[0]
    else:
        outcome = rng.choices((Outcome.DISCHARGED, Outcome.OBSERVATION, Outcome.OTHER), (12, 2, 1))[
            0
        ]
    follow_up = None
    if outcome == Outcome.DIED:
        follow_up = FollowUp.DIED
    elif (now - injury_at).days > 30 and rng.random() < 0.85:
        follow_up = rng.choices(
            (FollowUp.CURED, FollowUp.IMPROVED, FollowUp.DISABLED, FollowUp.UNKNOWN),
            (7, 3, 0.3, 0.5) if outcome != Outcome.ADMITTED else (4, 5, 0.8, 0.5),
        )[0]
    kind = rng.choice(unit_kinds)
    unit = units.get(kind) or units["hospital"]
    card = InjuryCard(
        community=community,
        reporting_unit=unit,
        sex=sex,
        age=age,
        residence=rng.choices(
            (Residence.LOCAL, Residence.PROVINCE, Residence.OTHER_PROVINCE), (7, 2, 1.5)
        )[0],
        education=education,
        occupation=occupation,
        injury_at=injury_at,
        visit_at=visit_at,
        reported_on=min(
            timezone.localtime(visit_at).date() + datetime.timedelta(days=rng.randint(0, 2)),
            timezone.localdate(now),
        ),
        cause=cause,
        place=rng.choice(places),
        activity=rng.choice(activities),
        intent=intent,
        nature=rng.choice(natures),
        body_part=rng.choice(parts),
        severity=severity,
        outcome=outcome,
        follow_up=follow_up,
        address=f"{rng.choice(STREETS)}{rng.randint(1, 300)}号附近",
        reporter=reporter if kind == "hospital" and reporter and rng.random() < 0.4 else None,
    )
    card.created_by = card.reporter or office
    if cause in (Cause.MOTOR_VEHICLE, Cause.NON_MOTOR_VEHICLE):
        card.alcohol = rng.choices((2, 1, 3), (10, 1, 1))[0]
    if named and rng.random() < 0.7:
        card.name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
        )
        if rng.random() < 0.7:
            card.phone = (
                f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            )
        if rng.random() < 0.35:
            injured = timezone.localtime(injury_at).date()
            anniversary = injured.replace(year=injured.year - age, day=min(injured.day, 28))
            card.birth_date = anniversary - datetime.timedelta(days=rng.randint(0, 300))
            card.id_number = _id_number(rng, card.birth_date, card.sex)
    card.diagnosis = str(Nature(card.nature).label) if rng.random() < 0.6 else ""
    return card


def _units(community, users):
    units = {}
    for name, kind, code, key in UNITS:
        unit = ReportingUnit.objects.create(
            community=community,
            name=name.format(name=community.name),
            kind=kind,
            code=code,
            contact_person="伤害监测联络员",
            phone="0571-8" + str(6000000 + len(units)),
        )
        units[key] = unit
    reporter = users.get("reporter")
    if reporter is not None:
        units["hospital"].reporters.add(reporter)
    return units


def _accidents(rng, community, units, *, start, days, now, count, office):
    """A few accident events, each with the cards of its injured."""
    specs = (
        (
            AccidentKind.TRAFFIC,
            "{street}路口两车相撞事故",
            Cause.MOTOR_VEHICLE,
            Place.ROAD,
            Activity.DRIVING,
            Nature.CONTUSION,
            BodyPart.MULTIPLE,
            "traffic_police",
        ),
        (
            AccidentKind.FIRE,
            "{street}沿街商铺火灾",
            Cause.BURN,
            Place.TRADE,
            Activity.WORK,
            Nature.BURN,
            BodyPart.UPPER_LIMB,
            "hospital",
        ),
        (
            AccidentKind.WORKPLACE,
            "精工机械冲床伤人事故",
            Cause.CUT,
            Place.INDUSTRIAL,
            Activity.WORK,
            Nature.OPEN_WOUND,
            BodyPart.UPPER_LIMB,
            "enterprise",
        ),
    )
    cards = []
    for index in range(count):
        kind, title, cause, place, activity, nature, part, unit_key = specs[index % len(specs)]
        street = rng.choice(STREETS)
        occurred = timezone.make_aware(
            datetime.datetime.combine(
                start + datetime.timedelta(days=rng.randrange(days - 1)),
                datetime.time(rng.randint(7, 20), 10),
            )
        )
        occurred = min(occurred, now - datetime.timedelta(hours=3))
        injured = rng.randint(2, 4)
        accident = Accident.objects.create(
            community=community,
            kind=kind,
            title=title.format(street=street),
            occurred_at=occurred,
            place=f"{street}{rng.randint(1, 200)}号",
            injured=injured,
            deaths=0,
            description="经初步调查，事故系安全措施落实不到位所致。",
            reported_by=units[unit_key],
            handling="伤员已送医，现场已处置，相关单位已开展隐患整改。",
        )
        for _n in range(injured):
            age = rng.randint(20, 55)
            occupation, education = _occupation_education(rng, age)
            cards.append(
                InjuryCard(
                    community=community,
                    reporting_unit=units["hospital"],
                    accident=accident,
                    sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                    age=age,
                    residence=Residence.LOCAL,
                    education=education,
                    occupation=occupation,
                    injury_at=occurred,
                    visit_at=occurred + datetime.timedelta(minutes=40),
                    reported_on=timezone.localtime(occurred).date(),
                    cause=cause,
                    place=place,
                    activity=activity,
                    intent=Intent.UNINTENTIONAL,
                    nature=nature,
                    body_part=part,
                    severity=Severity.MODERATE,
                    outcome=Outcome.ADMITTED,
                    created_by=office,
                    safety_area=SafetyArea.WORKPLACE if kind == AccidentKind.WORKPLACE else "",
                )
            )
    return cards


# seed_demo runs the seeders by this order: after committee (their records are linked to).
SEED_ORDER = 30


def seed(community, *, users, groups, rng, scale, today):
    """Units, accidents and cards for one community (see the module docstring)."""
    large = scale == "large"
    span_days = 3 * 365 if large else 425
    start = today - datetime.timedelta(days=span_days - 1)
    now = min(
        timezone.now(), timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 0)))
    )
    office = users.get("office")
    units = _units(community, users)
    weights = [p[0] for p in PROFILES]
    total = LARGE_CARDS if large else SMALL_CARDS
    cards = _accidents(
        rng,
        community,
        units,
        start=start,
        days=span_days,
        now=now,
        count=60 if large else 5,
        office=office,
    )
    profiles = rng.choices(PROFILES, weights, k=total - len(cards))
    for profile in profiles:
        cards.append(
            _card(
                rng,
                profile,
                community=community,
                units=units,
                start=start,
                days=span_days,
                now=now,
                named=True,
                reporter=users.get("reporter"),
                office=office,
            )
        )
    # A traffic victim reported by both the hospital and the traffic police: a duplicate to find.
    for original in [c for c in cards if c.name and c.cause == Cause.MOTOR_VEHICLE][:2]:
        twin = InjuryCard(
            **{
                f.attname: getattr(original, f.attname)
                for f in InjuryCard._meta.concrete_fields
                if f.attname not in ("id",)
            }
        )
        twin.reporting_unit = units["traffic_police"]
        twin.injury_at = original.injury_at + datetime.timedelta(minutes=20)
        twin.visit_at = max(twin.visit_at, twin.injury_at)
        twin.reported_on = min(
            max(twin.reported_on, timezone.localtime(twin.visit_at).date()), today
        )
        cards.append(twin)
    cards.sort(key=lambda c: c.injury_at)
    # The large benchmark set is written without per-card audit history (it is seed data, not
    # anyone's edit); the small demo keeps it like every real card.
    services.bulk_create_cards(community, cards, user=office, history=not large)
    return cards
