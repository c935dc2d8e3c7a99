"""safecommunity.bulk: rows inserted without the ORM's compiler read back exactly as Django's own
``bulk_create`` stores them, with their ids in order and their audit history."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from injuries.models import InjuryCard
from safecommunity import bulk

from .injuries.factories import InjuryCardFactory, ReportingUnitFactory, days_ago

pytestmark = pytest.mark.django_db


def cards(cast, count, unit=None, **fields):
    unit = unit or ReportingUnitFactory(community=cast.community)
    when = days_ago(3)
    built = []
    for number in range(count):
        card = InjuryCardFactory.build(
            community=cast.community,
            reporting_unit=unit,
            card_no=f"B-{number:05d}",
            injury_at=when + datetime.timedelta(minutes=number),
            visit_at=when + datetime.timedelta(minutes=number + 30),
            **fields,
        )
        card.derive()
        built.append(card)
    return built


def stored(pks):
    """What the database holds for these cards, as plain values (id and timestamps aside)."""
    rows = {card.card_no: card for card in InjuryCard.objects.filter(pk__in=pks)}
    return {
        number: {
            key: value
            for key, value in model_to_dict(card).items()
            if key not in {"id", "card_no", "created_at", "updated_at"}
        }
        for number, card in rows.items()
    }


def test_inserted_rows_read_back_as_bulk_create_stores_them(cast):
    warnings = {"confirmed_warnings": ["age_vs_cause"], "narrative": "在小区门口摔倒，“路滑”。"}
    unit = ReportingUnitFactory(community=cast.community)
    django_made = InjuryCard.objects.bulk_create(cards(cast, 3, unit, **warnings))
    ours = cards(cast, 3, unit, **warnings)
    for card in ours:
        card.card_no = card.card_no.replace("B-", "O-")
    bulk.insert(InjuryCard, ours)

    theirs = stored([c.pk for c in django_made])
    mine = stored([c.pk for c in ours])
    assert len(mine) == 3
    for number, values in theirs.items():
        assert mine[number.replace("B-", "O-")] == values
    first = InjuryCard.objects.get(pk=ours[0].pk)
    assert first.confirmed_warnings == ["age_vs_cause"]
    assert first.injury_at == ours[0].injury_at  # an aware datetime, stored and read back
    assert first.created_at is not None  # auto_now_add filled in


def test_ids_come_back_in_order_across_statements(cast):
    per_statement = bulk.max_parameters(connection) // (len(InjuryCard._meta.concrete_fields) - 1)
    many = cards(cast, per_statement + 7)
    bulk.insert(InjuryCard, many)

    assert all(card.pk for card in many)
    assert len({card.pk for card in many}) == len(many)
    by_pk = dict(
        InjuryCard.objects.filter(pk__in=[c.pk for c in many]).values_list("pk", "card_no")
    )
    assert [by_pk[card.pk] for card in many] == [card.card_no for card in many]
    assert not many[0]._state.adding


def test_history_has_one_created_row_per_card(cast):
    office = cast.users["office"]
    now = timezone.now()
    made = cards(cast, 2, name="李梅")
    bulk.insert_with_history(InjuryCard, made, user=office, date=now, change_reason="接口导入")

    for card in made:
        (record,) = card.history.all()
        assert record.history_type == "+"
        assert record.history_user == office
        assert record.history_change_reason == "接口导入"
        assert record.history_date == now
        assert record.name == "李梅"
        assert record.card_no == card.card_no
        assert record.injury_at == card.injury_at
        assert record.reporting_unit_id == card.reporting_unit_id


def test_nothing_to_insert_runs_nothing(cast, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk.insert(InjuryCard, []) == []
