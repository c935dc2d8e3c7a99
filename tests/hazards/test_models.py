"""Model rules: derived fields, friendly validation messages, database constraints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hazards.choices import PlaceCategory
from hazards.models import CorrectiveAction, HiddenDanger, InspectionPlan, Place

from .factories import HazardFactory, HiddenDangerFactory, InspectionItemFactory, PlaceFactory


def test_place_category_follows_its_kind(cast):
    assert (
        PlaceFactory(community=cast.community, kind="water").category
        == PlaceCategory.PUBLIC_FACILITY
    )
    assert (
        PlaceFactory(community=cast.community, kind="school").category == PlaceCategory.SOCIAL_UNIT
    )


def test_place_interval_defaults_by_level(cast):
    assert PlaceFactory(community=cast.community, risk_level="red").interval_days == 30
    assert PlaceFactory(community=cast.community, risk_level="").interval_days == 180
    assert (
        PlaceFactory(
            community=cast.community, risk_level="red", inspection_interval_days=7
        ).interval_days
        == 7
    )


def test_duplicate_place_name_in_a_community_is_refused_in_chinese(cast):
    PlaceFactory(community=cast.community, name="颐养院")
    with pytest.raises(ValidationError) as info:
        Place(community=cast.community, name="颐养院", kind="elder_care").full_clean()
    assert "本社区已登记同名的场所或单位。" in info.value.message_dict["name"]
    Place(
        community=cast.other, name="颐养院", kind="elder_care"
    ).full_clean()  # another community is fine


def test_hazard_place_must_be_of_the_same_community(cast):
    hazard = HazardFactory.build(community=cast.community, place=PlaceFactory(community=cast.other))
    with pytest.raises(ValidationError) as info:
        hazard.full_clean()
    assert info.value.message_dict["place"] == ["场所必须属于本社区。"]


def test_hazard_rejects_unknown_exposed_group(cast):
    hazard = HazardFactory.build(community=cast.community, exposed_groups=["elderly", "martians"])
    with pytest.raises(ValidationError) as info:
        hazard.full_clean()
    assert "martians" in info.value.message_dict["exposed_groups"][0]


def test_danger_deadline_before_finding_refused_by_clean_and_database(cast):
    danger = HiddenDangerFactory.build(
        community=cast.community,
        found_on=datetime.date(2026, 3, 1),
        deadline=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as info:
        danger.full_clean()
    assert info.value.message_dict["deadline"] == ["整改期限不能早于发现日期。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        danger.save()


def test_closed_danger_needs_a_closing_date_in_the_database(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        HiddenDangerFactory(community=cast.community, status="closed", closed_on=None)
    assert not HiddenDanger.objects.exists()


def test_plan_end_before_start_refused(cast):
    plan = InspectionPlan(
        community=cast.community,
        title="x",
        inspection_type="daily",
        method="self",
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as info:
        plan.full_clean()
    assert info.value.message_dict["end_date"] == ["结束日期不能早于开始日期。"]


def test_failed_checklist_item_needs_a_note(cast):
    item = InspectionItemFactory.build(inspection=None, result="fail", note="")
    with pytest.raises(ValidationError) as info:
        item.clean()
    assert info.value.message_dict["note"] == ["不符合项须说明存在的问题。"]


def test_action_source_pair_is_all_or_nothing_in_the_database(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.create(
            community=cast.community, title="x", source_kind="other", source_object_id=5
        )
