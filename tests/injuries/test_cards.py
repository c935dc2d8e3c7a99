"""The card's own behaviour: derived fields, the surveillance officer's checks, masking, and
the duplicate flag."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from injuries import rules, services
from injuries.choices import Activity, BodyPart, Cause, FollowUp, Intent, Nature, Outcome, Place
from injuries.masking import mask_id_number, mask_name, mask_phone
from safecommunity.elements import SafetyArea

from .factories import InjuryCardFactory, ReportingUnitFactory, days_ago

pytestmark = pytest.mark.django_db


def build(cast, **fields):
    unit = ReportingUnitFactory(community=cast.community)
    return InjuryCardFactory.build(community=cast.community, reporting_unit=unit, **fields)


def errors_of(card):
    with pytest.raises(ValidationError) as info:
        card.full_clean()
    return info.value.message_dict


def test_saving_derives_age_group_date_and_area(cast):
    injury = timezone.make_aware(datetime.datetime(2025, 1, 31, 23, 30))
    card = InjuryCardFactory(
        community=cast.community,
        age=72,
        injury_at=injury,
        visit_at=injury + datetime.timedelta(hours=1),
    )
    card.refresh_from_db()
    assert card.age_group == "65+"
    assert (card.injury_date, card.injury_year, card.injury_month) == (
        datetime.date(2025, 1, 31),
        2025,
        1,
    )
    assert card.safety_area == SafetyArea.ELDERLY  # a fall of a 72-year-old at home


def test_a_consistent_card_is_valid(cast):
    build(cast).full_clean()


def test_visit_before_injury_is_refused(cast):
    injury = days_ago(3)
    card = build(cast, injury_at=injury, visit_at=injury - datetime.timedelta(minutes=5))
    assert errors_of(card)["visit_at"] == ["就诊时间不能早于伤害发生时间。"]


def test_future_injury_time_is_refused(cast):
    future = timezone.now() + datetime.timedelta(days=1)
    card = build(cast, injury_at=future, visit_at=future, reported_on=timezone.localdate())
    assert "伤害发生时间不能晚于当前时间。" in errors_of(card)["injury_at"]


def test_report_date_before_visit_is_refused(cast):
    card = build(cast)
    card.reported_on = timezone.localtime(card.visit_at).date() - datetime.timedelta(days=1)
    assert errors_of(card)["reported_on"] == ["填报日期不能早于就诊日期。"]


def test_age_over_120_is_refused(cast):
    assert errors_of(build(cast, age=121))["age"] == ["年龄应在 0–120 岁之间。"]


def test_birth_date_must_agree_with_age(cast):
    injury = timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0))
    card = build(
        cast,
        injury_at=injury,
        visit_at=injury,
        reported_on=datetime.date(2025, 3, 10),
        birth_date=datetime.date(1950, 3, 11),
        age=75,
    )
    # Born 11 March 1950: still 74 on 10 March 2025.
    assert errors_of(card)["age"] == ["年龄与出生日期不符：按出生日期计算，受伤时应为 74 岁。"]
    card.age = 74
    card.full_clean()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {
                "cause": Cause.MOTOR_VEHICLE,
                "place": Place.HOME,
                "activity": Activity.DRIVING,
                "age": 30,
            },
            "place",
            "车祸伤害的发生地点应为“公路/街道”。",
        ),
        (
            {
                "cause": Cause.NON_MOTOR_VEHICLE,
                "place": Place.ROAD,
                "activity": Activity.WALKING,
                "age": 30,
            },
            "activity",
            "车祸伤害的发生时活动应为“驾乘交通工具”。",
        ),
        (
            {"cause": Cause.DROWNING, "body_part": BodyPart.HEAD, "nature": Nature.OTHER},
            "body_part",
            "窒息/悬吊、溺水、中毒的伤害部位应为“全身广泛受伤”。",
        ),
        (
            {"cause": Cause.BURN, "nature": Nature.FRACTURE},
            "nature",
            "原因为烧烫伤时，伤害性质应包括“烧烫伤”。",
        ),
        (
            {"cause": Cause.SEXUAL_ASSAULT, "intent": Intent.UNINTENTIONAL, "nature": Nature.OTHER},
            "intent",
            "性侵犯属于故意伤害，意图应为“故意（暴力、攻击）”。",
        ),
        (
            {"cause": Cause.ANIMAL, "intent": Intent.SELF_HARM, "nature": Nature.OPEN_WOUND},
            "cause",
            "意图为自残/自杀时，原因不能是动物伤或性侵犯。",
        ),
    ],
)
def test_code_rules_of_the_national_card_are_warnings_not_errors(cast, fields, field, message):
    card = build(cast, **fields)
    assert message in rules.card_warnings(card)
    card.full_clean()  # a prompt never blocks: the card is valid


def test_burn_may_be_the_second_nature(cast):
    card = build(cast, cause=Cause.BURN, nature=Nature.FRACTURE, nature_secondary=Nature.BURN)
    card.full_clean()
    assert rules.card_warnings(card) == []


def test_death_outcome_needs_death_follow_up(cast):
    card = build(cast, outcome=Outcome.DIED, follow_up=FollowUp.CURED)
    assert errors_of(card)["follow_up"] == ["结局为死亡时，随访转归应为“死亡”。"]


def test_death_outcome_fills_follow_up_on_save(cast):
    card = InjuryCardFactory(community=cast.community, outcome=Outcome.DIED, follow_up=None)
    card.refresh_from_db()
    assert card.follow_up == FollowUp.DIED


def test_database_refuses_visit_before_injury_even_without_clean(cast):
    from django.db import IntegrityError

    injury = days_ago(2)
    with pytest.raises(IntegrityError):
        InjuryCardFactory(
            community=cast.community,
            injury_at=injury,
            visit_at=injury - datetime.timedelta(hours=1),
        )


def test_masking():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧***"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("110101195003071234") == "110101********1234"
    assert mask_name("") == mask_phone("") == mask_id_number("") == ""


def test_same_person_place_within_an_hour_is_flagged_not_blocked(cast):
    first = InjuryCardFactory(community=cast.community, name="李桂英", injury_at=days_ago(3, 9))
    second = build(cast, name="李桂英", injury_at=first.injury_at + datetime.timedelta(minutes=40))
    second.visit_at = second.injury_at + datetime.timedelta(minutes=30)
    services.save_card(second, user=cast.users["reporter"])
    assert second.pk and second.is_duplicate
    assert list(services.duplicates_of(second)) == [first]
    first.refresh_from_db()
    assert not first.is_duplicate  # the card entered first stays clean


@pytest.mark.parametrize(
    "change",
    [
        {"minutes": 61},
        {"name": "李秀英"},
        {"age": 71},
        {"place": Place.RESIDENTIAL},
    ],
)
def test_different_person_time_or_place_is_not_a_duplicate(cast, change):
    first = InjuryCardFactory(community=cast.community, name="李桂英", injury_at=days_ago(3, 9))
    minutes = change.pop("minutes", 30)
    fields = {"name": "李桂英", **change}
    second = build(cast, injury_at=first.injury_at + datetime.timedelta(minutes=minutes), **fields)
    second.visit_at = second.injury_at
    services.save_card(second)
    assert not second.is_duplicate


def test_bulk_created_cards_are_flagged_against_each_other(cast):
    unit = ReportingUnitFactory(community=cast.community)
    when = days_ago(4)
    cards = [
        InjuryCardFactory.build(
            community=cast.community,
            reporting_unit=unit,
            name="王强",
            age=30,
            injury_at=when + datetime.timedelta(minutes=m),
            visit_at=when + datetime.timedelta(hours=2),
        )
        for m in (0, 20)
    ]
    created = services.bulk_create_cards(cast.community, cards, user=cast.users["office"])
    flags = sorted(
        (c.pk, c.is_duplicate)
        for c in type(cards[0]).objects.filter(pk__in=[c.pk for c in created])
    )
    assert [flag for _pk, flag in flags] == [False, True]
    assert created[0].history.count() == 1  # audit history written in bulk too


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"id_number": "12345"}, "id_number", "身份证号应为 18 位，最后一位可为 X。"),
        ({"id_number": "32010219960101002X"}, "id_number", "身份证号校验位不正确，请核对。"),
        (
            {"id_number": "320102199601010022", "sex": "1", "age": 29},
            "sex",
            "性别与身份证号不一致。",
        ),
        (
            {"id_number": "320102199601010022", "birth_date": datetime.date(1996, 1, 2)},
            "birth_date",
            "出生日期与身份证号不一致。",
        ),
        (
            {"icd10": "骨折"},
            "icd10",
            "ICD-10 编码格式应为字母加两位数字，可带小数，例如 S52.5、W01。",
        ),
    ],
)
def test_id_number_and_icd10_are_checked_where_entered(cast, fields, field, message):
    assert message in errors_of(build(cast, **fields))[field]


def test_a_matching_id_number_passes(cast):
    injury = timezone.make_aware(datetime.datetime(2026, 11, 1, 10))
    card = build(
        cast,
        id_number="320102199601010022",
        sex="2",
        age=30,
        injury_at=injury,
        visit_at=injury + datetime.timedelta(hours=1),
        reported_on=datetime.date(2026, 11, 1),
    )
    card.full_clean()


def test_icd10_outside_the_cause_block_is_a_warning(cast):
    card = build(cast, cause=Cause.FALL, icd10="W26")
    card.full_clean()
    assert rules.card_warnings(card) == [
        "ICD-10 外因编码 W26 不在伤害原因“跌倒/坠落”对应的范围（W00–W19）内。"
    ]
    card.icd10 = "W01"
    assert rules.card_warnings(card) == []
