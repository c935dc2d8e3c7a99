"""Factories for the hazards app."""

import datetime

import factory

from hazards import models
from hazards.choices import (
    ActionKind,
    ActionSource,
    DangerGrade,
    InspectionMethod,
    InspectionType,
    PlaceKind,
)
from safecommunity.elements import SafetyArea
from tests.factories import CommunityFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"场所{n}")
    kind = PlaceKind.SHOP
    address = "人民路1号"


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Hazard

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"危险源{n}")
    safety_area = SafetyArea.FIRE
    description = "楼道堆放杂物引发火灾"
    identified_on = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=30)
    )


class InspectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InspectionPlan

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"检查计划{n}")
    inspection_type = InspectionType.HOLIDAY
    method = InspectionMethod.COMMUNITY
    start_date = factory.LazyFunction(datetime.date.today)
    end_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Inspection

    community = factory.SubFactory(CommunityFactory)
    date = factory.LazyFunction(datetime.date.today)
    inspection_type = InspectionType.DAILY
    method = InspectionMethod.SELF
    inspectors = "王丽华、赵敏"


class InspectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InspectionItem

    inspection = factory.SubFactory(InspectionFactory)
    item = "安全措施落实情况"


class HiddenDangerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.HiddenDanger

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"隐患{n}")
    description = "疏散通道堆放杂物"
    grade = DangerGrade.GENERAL
    safety_area = SafetyArea.FIRE
    found_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CorrectiveAction

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"措施{n}")
    kind = ActionKind.CORRECTIVE
    source_kind = ActionSource.REVIEW
