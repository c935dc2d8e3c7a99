"""Factories for the injuries app. The default card is a consistent one: an elderly woman's fall
at home, treated and sent home."""

import datetime

import factory
from django.utils import timezone

from injuries import models
from injuries.choices import (
    AccidentKind,
    Activity,
    BodyPart,
    Cause,
    Education,
    Intent,
    Nature,
    Occupation,
    Outcome,
    Place,
    Residence,
    Severity,
    UnitKind,
)
from tests.factories import CommunityFactory


def days_ago(days, hour=10):
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class ReportingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportingUnit

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"哨点医院{n}")
    kind = UnitKind.SENTINEL_HOSPITAL


class AccidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Accident

    community = factory.SubFactory(CommunityFactory)
    kind = AccidentKind.TRAFFIC
    title = factory.Sequence(lambda n: f"路口交通事故{n}")
    occurred_at = factory.LazyFunction(lambda: days_ago(10))
    place = "幸福路与人民路交叉口"
    injured = 2


class InjuryCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InjuryCard

    community = factory.SubFactory(CommunityFactory)
    reporting_unit = factory.SubFactory(
        ReportingUnitFactory, community=factory.SelfAttribute("..community")
    )
    sex = "2"
    age = 72
    residence = Residence.LOCAL
    education = Education.PRIMARY
    occupation = Occupation.RETIRED
    injury_at = factory.LazyFunction(lambda: days_ago(5))
    visit_at = factory.LazyAttribute(lambda o: o.injury_at + datetime.timedelta(hours=1))
    reported_on = factory.LazyAttribute(lambda o: timezone.localtime(o.visit_at).date())
    cause = Cause.FALL
    place = Place.HOME
    activity = Activity.HOUSEWORK
    intent = Intent.UNINTENTIONAL
    nature = Nature.FRACTURE
    body_part = BodyPart.LOWER_LIMB
    severity = Severity.MODERATE
    outcome = Outcome.DISCHARGED
