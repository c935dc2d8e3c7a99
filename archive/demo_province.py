"""A whole province on one deployment (``seed_demo --scale province``), PostgreSQL only.

1 province, 10 cities, 100 counties, 1,000 town/street communities; 5 million injury cards and
200,000 hazards and hidden dangers over three years; an office login per community and a reviewer
per county, city and the province. It lives in ``archive`` because it writes the records of several
apps (archive is the layer that may read all of them); ``seed_demo`` calls it by name.

Speed: rows are not Django objects one by one. A few thousand realistic *template* rows are made
with the apps' own demo generators (``injuries.demo._card``: the same age, cause, season and time
of day patterns as the small demo), rendered once to COPY text, and then streamed with psycopg's
``COPY ... FROM STDIN``, each row a template with its community, reporting unit and a whole-year
shift of the date (0–2 years back, so the seasons stay true). The big tables get their indexes
and foreign keys dropped for the load and rebuilt after it, in the same transaction: building an
index once is several times cheaper than maintaining it for every row.
"""

import dataclasses
import datetime
import json
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from committee.choices import CommunityKind, RegionLevel, Role
from committee.demo import DEMO_PASSWORD
from committee.models import Community, Membership, Region, RegionReviewer
from hazards import risk
from hazards.choices import (
    DangerGrade,
    DangerSource,
    DangerStatus,
    HazardStatus,
    IdentificationSource,
)
from hazards.demo.data import CONTACTS, DANGER_TEMPLATES, HAZARD_TEMPLATES
from hazards.models import Hazard, HiddenDanger
from injuries import demo as injuries_demo
from injuries.demo.profiles import PROFILES, UNITS
from injuries.models import InjuryCard, ReportingUnit
from safecommunity.elements import TargetGroup
from safecommunity.models import bump

PROVINCE_CODE = "330000"
# GB/T 2260 codes of the first ten cities of Zhejiang.
CITIES = [
    ("3301", "杭州市"),
    ("3302", "宁波市"),
    ("3303", "温州市"),
    ("3304", "嘉兴市"),
    ("3305", "湖州市"),
    ("3306", "绍兴市"),
    ("3307", "金华市"),
    ("3308", "衢州市"),
    ("3309", "舟山市"),
    ("3310", "台州市"),
]
COUNTY_NAMES = [
    "东城区",
    "西湖区",
    "南江区",
    "北山区",
    "中心区",
    "新城区",
    "江滨区",
    "高新区",
    "山阳县",
    "河口县",
]
TOWN_NAMES = ["幸福", "平安", "和谐", "新华", "文化", "长安", "东风", "胜利", "建设", "友谊"]
TOWN_KINDS = [CommunityKind.STREET] * 6 + [CommunityKind.TOWN] * 3 + [CommunityKind.INDUSTRIAL_PARK]
PROVINCE_REVIEWER = f"reviewer-{PROVINCE_CODE}"

CARD_TEMPLATES = 10_000
YEARS = 3  # cards over the last three years: each template shifted 0, 1 or 2 years back


@dataclasses.dataclass(frozen=True)
class Size:
    cities: int = 10
    counties_per_city: int = 10
    communities_per_county: int = 10
    cards: int = 5_000_000  # in all, spread over the communities by population
    hazards_per_community: int = 100
    dangers_per_community: int = 100

    @property
    def communities(self):
        return self.cities * self.counties_per_city * self.communities_per_county


PROVINCE = Size()


def office_username(community_code):
    return f"p{community_code}-office"


def reviewer_username(region_code):
    return f"reviewer-{region_code}"


# --- COPY text -------------------------------------------------------------------------------


def _text(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _columns(model, varying):
    """(varying columns first, then every other concrete column but the primary key)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_attname = {f.attname: f for f in fields}
    head = [by_attname[name] for name in varying]
    tail = [f for f in fields if f.attname not in varying]
    return head, tail


def _render(obj, fields):
    values = []
    for field in fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.JSONField):
            values.append(_text(json.dumps(value, ensure_ascii=False)))
        elif isinstance(field, models.FileField):
            values.append(_text(str(value or "")))
        else:
            values.append(_text(field.get_db_prep_save(value, connection)))
    return "\t".join(values)


class _BulkLoad:
    """Drop a table's secondary indexes and foreign keys, COPY into it, rebuild them.

    To be used inside a transaction: a failure leaves the table as it was.
    """

    def __init__(self, model):
        self.table = model._meta.db_table
        self.model = model

    def __enter__(self):
        with connection.cursor() as cursor:
            # Rows written earlier in this transaction may hold deferred FK checks, which forbid
            # ALTER TABLE on the tables they involve: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                """SELECT i.indexname, i.indexdef FROM pg_indexes i
                   WHERE i.tablename = %s AND NOT EXISTS (
                     SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
                [self.table],
            )
            self.indexes = cursor.fetchall()
            cursor.execute(
                """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                   WHERE conrelid = %s::regclass AND contype = 'f'""",
                [self.table],
            )
            self.foreign_keys = cursor.fetchall()
            for name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return self

    def copy(self, columns, lines, chunk=1 << 20):
        names = ", ".join(f'"{c.column}"' for c in columns)
        with connection.cursor() as cursor:
            with cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy:
                buffer, size = [], 0
                for line in lines:
                    buffer.append(line)
                    size += len(line)
                    if size >= chunk:
                        copy.write("".join(buffer))
                        buffer, size = [], 0
                if buffer:
                    copy.write("".join(buffer))

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False
        with connection.cursor() as cursor:
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{name}" {definition}')
        return False


# --- regions, communities, users ----------------------------------------------------------------


def _regions(size):
    """The region tree; returns [(community code, community name, county)]."""
    province = Region.objects.create(
        code=PROVINCE_CODE, name="浙江省", level=RegionLevel.PROVINCE, parent=None
    )
    cities = Region.objects.bulk_create(
        [
            Region(code=f"{code}00", name=name, level=RegionLevel.CITY, parent=province)
            for code, name in CITIES[: size.cities]
        ]
    )
    counties = Region.objects.bulk_create(
        [
            Region(
                code=f"{city.code[:4]}{n + 1:02d}",
                name=f"{city.name[:2]}{COUNTY_NAMES[n % len(COUNTY_NAMES)]}",
                level=RegionLevel.COUNTY,
                parent=city,
            )
            for city in cities
            for n in range(size.counties_per_city)
        ]
    )
    towns = Region.objects.bulk_create(
        [
            Region(
                code=f"{county.code}{n + 1:03d}",
                name=f"{county.name[:-1]}{TOWN_NAMES[n % len(TOWN_NAMES)]}"
                + ("街道" if TOWN_KINDS[n % len(TOWN_KINDS)] == CommunityKind.STREET else "镇"),
                level=RegionLevel.TOWN,
                parent=county,
            )
            for county in counties
            for n in range(size.communities_per_county)
        ]
    )
    return province, cities, counties, towns


def _communities(rng, towns, counties):
    county_names = {county.pk: county.name for county in counties}
    objs = []
    for index, town in enumerate(towns):
        kind = TOWN_KINDS[(int(town.code[-3:]) - 1) % len(TOWN_KINDS)]
        name = town.name if kind != CommunityKind.INDUSTRIAL_PARK else f"{town.name[:-1]}工业园区"
        population = rng.randint(15_000, 120_000)
        objs.append(
            Community(
                name=name,
                slug=f"p{town.code}",
                kind=kind,
                area_code=town.code,
                parent_area=county_names[town.parent_id],
                region=town,
                population=population,
                households=population // 3,
                area_km2=Decimal(rng.randint(500, 9000)) / 100,
                target_level=rng.choice(["national", "province", "city"]),
                introduction=f"{name}安全社区创建示范点（省级演示数据第 {index + 1} 个社区）。",
            )
        )
    return Community.objects.bulk_create(objs, batch_size=2000)


def _users(communities, province, cities, counties):
    """An office login per community, a reviewer per county, city and the province."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # one hash for all: hashing 1,111 times takes minutes
    offices = User.objects.bulk_create(
        [
            User(
                username=office_username(c.area_code),
                display_name=f"{c.name}办公室",
                password=password,
            )
            for c in communities
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, community=c, role=Role.OFFICE)
            for user, c in zip(offices, communities, strict=True)
        ],
        batch_size=2000,
    )
    regions = [province, *cities, *counties]
    reviewers = User.objects.bulk_create(
        [
            User(
                username=reviewer_username(r.code),
                display_name=f"{r.name}评审员",
                password=password,
            )
            for r in regions
        ]
    )
    RegionReviewer.objects.bulk_create(
        [RegionReviewer(user=user, region=r) for user, r in zip(reviewers, regions, strict=True)]
    )
    return {c.pk: user.pk for user, c in zip(offices, communities, strict=True)}


def _units(communities):
    """The six reporting units of the small demo, per community: {community id: {key: unit id}}."""
    objs, keys = [], []
    for community in communities:
        for index, (name, kind, code, key) in enumerate(UNITS):
            objs.append(
                ReportingUnit(
                    community=community,
                    name=name.format(name=community.name),
                    kind=kind,
                    code=code.replace("330106", community.area_code[:6]),
                    contact_person="伤害监测联络员",
                    phone=f"0571-8{6000000 + index}",
                )
            )
            keys.append((community.pk, key))
    created = ReportingUnit.objects.bulk_create(objs, batch_size=5000)
    units = {}
    for (community_id, key), unit in zip(keys, created, strict=True):
        units.setdefault(community_id, {})[key] = unit.pk
    return units


# --- injury cards ------------------------------------------------------------------------------


def _years_back(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _card_templates(rng, today, count):
    """[(unit key, [COPY text of the fixed columns, one per year shift])] and the columns."""
    now = min(
        timezone.now(), timezone.make_aware(datetime.datetime.combine(today, datetime.time(23)))
    )
    start = today - datetime.timedelta(days=364)
    keys = [key for *_rest, key in UNITS]
    placeholders = {key: ReportingUnit(pk=index + 1) for index, key in enumerate(keys)}
    community = Community(pk=1)
    head, tail = _columns(InjuryCard, ["community_id", "reporting_unit_id", "created_by_id"])
    weights = [p[0] for p in PROFILES]
    templates = []
    for profile in rng.choices(PROFILES, weights, k=count):
        card = injuries_demo._card(
            rng,
            profile,
            community=community,
            units=placeholders,
            start=start,
            days=365,
            now=now,
            named=True,
        )
        key = keys[card.reporting_unit_id - 1]
        shifted = []
        for years in range(YEARS):
            card.injury_at = _years_back(card.injury_at, years and 1)
            card.visit_at = _years_back(card.visit_at, years and 1)
            card.reported_on = _years_back(card.reported_on, years and 1)
            if card.birth_date:
                card.birth_date = _years_back(card.birth_date, years and 1)
            card.derive()
            card.created_at = card.updated_at = card.visit_at
            shifted.append(_render(card, tail))
        templates.append((key, shifted))
    return head, tail, templates


def _card_counts(rng, communities, total):
    """Cards per community, by population (injury rates differ a little between communities)."""
    weights = [c.population * rng.uniform(0.7, 1.3) for c in communities]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def _card_lines(rng, communities, counts, units, offices, templates):
    for community, count in zip(communities, counts, strict=True):
        community_units = units[community.pk]
        prefix = f"{community.pk}\t"
        office = f"\t{offices[community.pk]}\t"
        for key, shifted in rng.choices(templates, k=count):
            yield f"{prefix}{community_units[key]}{office}{shifted[rng.randrange(YEARS)]}\n"


# --- hazards and hidden dangers ----------------------------------------------------------------


def _hazard_lines(rng, communities, per_community, offices, today):
    head, tail = _columns(Hazard, ["community_id", "created_by_id"])
    start = today - datetime.timedelta(days=YEARS * 365)

    def lines():
        for community in communities:
            for index in range(per_community):
                title, area, description, exposed, controls = HAZARD_TEMPLATES[
                    index % len(HAZARD_TEMPLATES)
                ]
                identified = start + datetime.timedelta(days=rng.randrange(YEARS * 365 - 10))
                likelihood, severity = rng.randint(1, 5), rng.randint(1, 5)
                score, level = risk.evaluate("matrix", likelihood=likelihood, severity=severity)
                hazard = Hazard(
                    code=f"FX-{identified.year}-{index + 1:04d}",
                    title=title,
                    safety_area=area,
                    description=description,
                    exposed_groups=[g for g in exposed if g in TargetGroup.values],
                    source=rng.choice(IdentificationSource.values),
                    identified_on=identified,
                    controls=controls,
                    level=level,
                    score=score,
                    likelihood=likelihood,
                    severity=severity,
                    last_assessed_on=identified,
                    status=HazardStatus.ELIMINATED if rng.random() < 0.08 else HazardStatus.ACTIVE,
                    responsible_unit="街道安监办",
                    responsible_person=rng.choice(CONTACTS),
                    review_date=identified + datetime.timedelta(days=365),
                )
                hazard.created_at = hazard.updated_at = timezone.make_aware(
                    datetime.datetime.combine(identified, datetime.time(9))
                )
                yield f"{community.pk}\t{offices[community.pk]}\t{_render(hazard, tail)}\n"

    return head + tail, lines()


def _danger(rng, found, today, index):
    title, area, description = DANGER_TEMPLATES[index % len(DANGER_TEMPLATES)]
    danger = HiddenDanger(
        title=title,
        description=description,
        grade=DangerGrade.MAJOR if rng.random() < 0.03 else DangerGrade.GENERAL,
        safety_area=area,
        source=rng.choice(DangerSource.values),
        found_on=found,
        found_by=rng.choice(CONTACTS),
        responsible_person=rng.choice(CONTACTS),
        status=DangerStatus.REPORTED,
    )
    age = (today - found).days
    if age > 2 or rng.random() < 0.5:
        danger.status = DangerStatus.ORDERED
        danger.ordered_on = found + datetime.timedelta(days=min(age, rng.randint(0, 2)))
        danger.deadline = danger.ordered_on + datetime.timedelta(days=rng.choice([3, 7, 15, 30]))
        danger.unit_notified = "责任单位"
        danger.measures_required = "限期整改到位。"
        # Most are done in time; a few (more in some communities than others) run late.
        done = danger.deadline - datetime.timedelta(days=rng.randint(0, 2))
        if rng.random() < 0.05:
            done = danger.deadline + datetime.timedelta(days=rng.randint(1, 60))
        if done < today:
            danger.status = DangerStatus.RECTIFIED
            danger.rectified_on = done
            danger.rectification_note = "已按要求整改。"
            verified = done + datetime.timedelta(days=rng.randint(1, 5))
            if verified < today:
                danger.status = DangerStatus.CLOSED
                danger.verified_on = danger.closed_on = verified
    danger.created_at = timezone.make_aware(datetime.datetime.combine(found, datetime.time(10)))
    return danger


def _danger_lines(rng, communities, per_community, offices, today):
    head, tail = _columns(HiddenDanger, ["community_id", "recorded_by_id"])
    start = today - datetime.timedelta(days=YEARS * 365)

    def lines():
        for community in communities:
            for index in range(per_community):
                found = start + datetime.timedelta(days=rng.randrange(YEARS * 365))
                danger = _danger(rng, found, today, index)
                yield f"{community.pk}\t{offices[community.pk]}\t{_render(danger, tail)}\n"

    return head + tail, lines()


# --- the whole ---------------------------------------------------------------------------------


def seed(*, size=PROVINCE, seed=2026, today=None, log=print):
    """Load the province into an empty PostgreSQL database; returns the timings in seconds."""
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "seed_demo --scale province needs PostgreSQL (DATABASE_URL=postgres://…)"
        )
    rng = random.Random(seed)
    today = today or timezone.localdate()
    timings = {}

    def step(name, started):
        timings[name] = round(time.monotonic() - started, 1)
        log(f"  {name}: {timings[name]:.1f}s")

    started = time.monotonic()
    with transaction.atomic():
        province, cities, counties, towns = _regions(size)
        communities = _communities(rng, towns, counties)
        offices = _users(communities, province, cities, counties)
        units = _units(communities)
    step("regions, communities, users, units", started)

    started = time.monotonic()
    head, tail, templates = _card_templates(rng, today, min(CARD_TEMPLATES, max(size.cards, 1)))
    counts = _card_counts(rng, communities, size.cards)
    step(f"{len(templates):,} card templates", started)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
    started = time.monotonic()
    with transaction.atomic(), _BulkLoad(InjuryCard) as load:
        load.copy(head + tail, _card_lines(rng, communities, counts, units, offices, templates))
        step(f"COPY {size.cards:,} injury cards", started)
        started = time.monotonic()
    step("injury card indexes and foreign keys", started)

    started = time.monotonic()
    with transaction.atomic():
        with _BulkLoad(Hazard) as load:
            load.copy(*_hazard_lines(rng, communities, size.hazards_per_community, offices, today))
        with _BulkLoad(HiddenDanger) as load:
            load.copy(*_danger_lines(rng, communities, size.dangers_per_community, offices, today))
    hazards = len(communities) * (size.hazards_per_community + size.dangers_per_community)
    step(f"{hazards:,} hazards and hidden dangers", started)

    started = time.monotonic()
    bump(None)  # loaded behind the ORM's back: no cached summary may outlive it
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("ANALYZE", started)
    return timings
