"""Records of both communities for the committee tests: one of each kind in cast.community and in
cast.other, so every detail URL and every foreign pk has something to point at."""

from types import SimpleNamespace

import pytest

from committee.choices import Phase, Role
from committee.models import Membership
from tests.factories import MeetingFactory, MemberFactory, PartnerFactory, VolunteerFactory

from .factories import CreationPhaseFactory, ParticipationFactory


def records_of(community, group):
    return SimpleNamespace(
        member=MemberFactory(community=community, name="张委员", unit="区卫健局"),
        group=group,
        partner=PartnerFactory(community=community, name=f"{community.name}派出所"),
        volunteer=VolunteerFactory(community=community, name="李志愿"),
        participation=ParticipationFactory(community=community),
        meeting=MeetingFactory(community=community, title="促进委员会第一次全体会议"),
        phase=CreationPhaseFactory(community=community, phase=Phase.START),
    )


@pytest.fixture
def mine(cast):
    """One record of each kind in cast.community; .membership is the group member's role."""
    records = records_of(cast.community, cast.group)
    records.membership = Membership.objects.get(
        user=cast.users[Role.GROUP_MEMBER], community=cast.community
    )
    return records


@pytest.fixture
def foreign(cast):
    """One record of each kind in cast.other."""
    records = records_of(cast.other, cast.foreign_group)
    records.membership = Membership.objects.get(user=cast.outsider, community=cast.other)
    return records
