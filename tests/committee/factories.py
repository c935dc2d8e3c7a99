"""Committee factories beyond the base ones in tests/factories.py."""

import datetime

import factory

from committee import models
from committee.choices import AgeGroup, ParticipationKind, Phase, Sex
from tests.factories import CommunityFactory, MemberFactory, WorkingGroupFactory


class CreationPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CreationPhase

    community = factory.SubFactory(CommunityFactory)
    phase = Phase.START
    planned_start = datetime.date(2025, 1, 1)
    planned_end = datetime.date(2025, 6, 30)


class PopulationYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PopulationYear

    community = factory.SubFactory(CommunityFactory)
    year = 2025
    sex = Sex.MALE
    age_group = AgeGroup.A25_44
    count = 1000


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GroupMembership

    group = factory.SubFactory(WorkingGroupFactory)
    member = factory.SubFactory(MemberFactory, community=factory.SelfAttribute("..group.community"))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2025, 5, 12)
    kind = ParticipationKind.VOLUNTEER
    description = "楼道消防通道清理志愿服务"
    participants = 12
