"""Model invariants: database constraints and the friendly clean() messages in front of them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committee.choices import AgeGroup, GroupKind, Phase, Role, Sex
from committee.models import CreationPhase, Membership, WorkingGroup
from tests.factories import (
    CommunityFactory,
    MemberFactory,
    PartnerFactory,
    UserFactory,
    WorkingGroupFactory,
)

from .factories import CreationPhaseFactory, GroupMembershipFactory, PopulationYearFactory

pytestmark = pytest.mark.django_db


def test_phase_planned_end_before_start_is_refused_by_clean_and_database():
    phase = CreationPhase(
        community=CommunityFactory(),
        phase=Phase.START,
        planned_start=datetime.date(2025, 6, 1),
        planned_end=datetime.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert error.value.message_dict["planned_end"] == ["计划结束日期不能早于计划开始日期。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()


def test_phase_actual_end_before_start_message():
    phase = CreationPhase(
        community=CommunityFactory(),
        phase=Phase.MOBILISE,
        actual_start=datetime.date(2025, 6, 1),
        actual_end=datetime.date(2025, 5, 31),
    )
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert error.value.message_dict["actual_end"] == ["实际结束日期不能早于实际开始日期。"]


def test_one_row_per_phase_per_community():
    first = CreationPhaseFactory(phase=Phase.START)
    CreationPhaseFactory(phase=Phase.START)  # another community may have its own
    with pytest.raises(IntegrityError), transaction.atomic():
        CreationPhaseFactory(community=first.community, phase=Phase.START)


@pytest.mark.parametrize(
    ("actual_start", "actual_end", "status"),
    [
        (None, None, "未开始"),
        (datetime.date(2025, 1, 1), None, "进行中"),
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 1), "已完成"),
    ],
)
def test_phase_status(actual_start, actual_end, status):
    phase = CreationPhaseFactory(actual_start=actual_start, actual_end=actual_end)
    assert str(phase.status) == status
    assert str(phase) == "前期启动"


def test_project_group_needs_safety_area():
    group = WorkingGroup(
        community=CommunityFactory(), name="综合组", kind=GroupKind.PROJECT, safety_area=""
    )
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert error.value.message_dict["safety_area"] == ["项目工作组必须选择安全领域。"]
    group.kind = GroupKind.PUBLICITY
    group.full_clean()  # non-project groups need no area


def test_parent_group_must_be_in_same_community():
    foreign_parent = WorkingGroupFactory()
    group = WorkingGroup(
        community=CommunityFactory(),
        name="阳光社区小组",
        kind=GroupKind.SUBGROUP,
        parent=foreign_parent,
    )
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert error.value.message_dict["parent"] == ["上级工作组必须属于同一社区。"]


def test_group_names_are_unique_per_community_only():
    group = WorkingGroupFactory(name="交通安全促进组")
    WorkingGroupFactory(name="交通安全促进组")  # same name elsewhere is fine
    duplicate = WorkingGroup(community=group.community, name="交通安全促进组", kind=GroupKind.OTHER)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "__all__" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_member_joins_a_group_once():
    link = GroupMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMembershipFactory(group=link.group, member=link.member)


def test_partner_names_are_unique_per_community():
    partner = PartnerFactory(name="区消防救援大队")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(community=partner.community, name="区消防救援大队")


def test_one_role_per_user_per_community():
    user, community = UserFactory(), CommunityFactory()
    Membership.objects.create(user=user, community=community, role=Role.OFFICE)
    Membership.objects.create(user=user, community=CommunityFactory(), role=Role.REVIEWER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, community=community, role=Role.MEMBER)


def test_population_cell_is_unique_and_sums_per_year():
    community = CommunityFactory(population=50000)
    PopulationYearFactory(
        community=community, year=2025, sex=Sex.MALE, age_group=AgeGroup.A0_4, count=1200
    )
    PopulationYearFactory(
        community=community, year=2025, sex=Sex.FEMALE, age_group=AgeGroup.A0_4, count=1100
    )
    PopulationYearFactory(
        community=community, year=2025, sex=Sex.FEMALE, age_group=AgeGroup.A65, count=3400
    )
    PopulationYearFactory(
        community=community, year=2024, sex=Sex.MALE, age_group=AgeGroup.A0_4, count=999
    )
    assert community.population_for(2025) == 1200 + 1100 + 3400
    assert community.population_for(2023) == 50000  # no base that year: the profile figure
    with pytest.raises(IntegrityError), transaction.atomic():
        PopulationYearFactory(
            community=community, year=2025, sex=Sex.MALE, age_group=AgeGroup.A0_4, count=1
        )


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (0, "0-4"),
        (4, "0-4"),
        (5, "5-14"),
        (14, "5-14"),
        (15, "15-24"),
        (44, "25-44"),
        (64, "45-64"),
        (65, "65+"),
        (101, "65+"),
        (None, None),
    ],
)
def test_who_age_groups(age, group):
    assert AgeGroup.for_age(age) == group


def test_strings_and_urls():
    member = MemberFactory(name="王丽华", unit="街道安监办")
    assert str(member) == "王丽华（街道安监办）"
    assert member.get_absolute_url() == f"/c/{member.community.slug}/committee/members/{member.pk}/"
    user = UserFactory(display_name="", first_name="", last_name="", username="wanglh")
    assert str(user) == "wanglh"
