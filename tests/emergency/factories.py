"""Factories for the emergency app."""

import datetime

import factory
from django.utils import timezone

from emergency import models
from emergency.choices import (
    Category,
    DrillStatus,
    DrillType,
    EmergencyType,
    PlanLevel,
    PlanStatus,
    ProblemCategory,
    ShelterKind,
    SupplyKind,
    TeamKind,
)
from tests.factories import CommunityFactory


def today():
    return timezone.localdate()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmergencyPlan

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"火灾事故应急预案{n}")
    category = Category.ACCIDENT
    emergency_type = EmergencyType.FIRE
    level = PlanLevel.SPECIAL
    owner_unit = "街道应急办"
    status = PlanStatus.IN_FORCE
    approved_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=200))
    next_review = factory.LazyFunction(lambda: today() + datetime.timedelta(days=500))


class PlanGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanGroup

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"抢险救援组{n}")
    leader = "孙海涛"
    phone = "13800000000"


class SupplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Supply

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"干粉灭火器{n}")
    kind = SupplyKind.FIREFIGHTING
    quantity = 20
    unit = "具"
    location = "街道应急物资储备库"
    purchased_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=100))
    last_checked_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    check_interval_days = 90


class ShelterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Shelter

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"应急避难场所{n}")
    kind = ShelterKind.SHELTER
    address = "幸福公园"
    capacity = 3000
    last_checked_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RescueTeam

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"应急救援队{n}")
    kind = TeamKind.PROFESSIONAL
    size = 30
    leader = "刘洋"
    phone = "13900000000"


class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Drill

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"消防疏散演练{n}")
    plan = factory.SubFactory(PlanFactory, community=factory.SelfAttribute("..community"))
    drill_type = DrillType.FIELD
    status = DrillStatus.HELD
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=20))
    place = "幸福家园小区"
    organiser = "街道应急办"
    scenario = "高层住宅厨房起火，楼道烟雾弥漫。"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DrillParticipant

    drill = factory.SubFactory(DrillFactory)
    group = "居民"
    count = 50


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DrillProblem

    drill = factory.SubFactory(DrillFactory)
    community = factory.SelfAttribute("drill.community")
    description = "应急照明灯不亮"
    category = ProblemCategory.EQUIPMENT


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmergencyResponse

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"强降雨内涝{n}")
    category = Category.NATURAL
    emergency_type = EmergencyType.FLOOD
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    place = "滨河社区"
    description = "低洼小区积水。"
    actions_taken = "转移群众，抽排积水。"
