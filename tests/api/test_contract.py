"""A hospital posts the national card file's rows (tests/injuries/data, as hospitals export
them) as one batch, keyed by the card's own Chinese headings: what the import takes, the API
takes, and it refuses the realistic mistakes in the import's words."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from injuries.models import InjuryCard
from injuries.resources import InjuryCardResource, import_cards
from safecommunity.importing import load_dataset

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "injuries" / "data"


def items_of(name):
    dataset = load_dataset((DATA / name).read_bytes(), name)
    return [
        {h: v for h, v in zip(dataset.headers, row, strict=True) if h} for row in dataset
    ], dataset


def test_national_card_batch_is_accepted_as_the_import_accepts_it(cast, tokens):
    items, _dataset = items_of("national_cards_gbk.csv")
    assert "监测医院编号" in items[0] and "伤害发生原因" in items[0]
    response = tokens.client("hospital").post(
        "/api/v1/injury-cards/bulk/", {"cards": items}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 5
    assert body["unknown_fields"] == ["备注"]
    assert "车祸伤害的发生时活动应为“驾乘交通工具”。" in body["cards"][3]["warnings"]
    via_api = {
        c.card_no: (
            c.reporting_unit_id,
            c.sex,
            c.age,
            c.cause,
            c.place,
            c.intent,
            timezone.localtime(c.injury_at),
            c.cause_other,
        )
        for c in InjuryCard.objects.all()
    }
    # The same file through the import gives the same cards.
    InjuryCard.objects.all().delete()
    report = import_cards(
        cast.community,
        load_dataset((DATA / "national_cards_gbk.csv").read_bytes(), "national_cards_gbk.csv"),
    )
    assert report.committed, report.problems
    via_import = {
        c.card_no: (
            c.reporting_unit_id,
            c.sex,
            c.age,
            c.cause,
            c.place,
            c.intent,
            timezone.localtime(c.injury_at),
            c.cause_other,
        )
        for c in InjuryCard.objects.all()
    }
    assert via_api == via_import
    assert via_api["2026110005"][-1] == "被门夹伤"


def test_national_card_mistakes_are_refused_in_the_imports_words(cast, tokens):
    items, dataset = items_of("national_cards_errors_gbk.csv")
    response = tokens.client("community").post(
        "/api/v1/injury-cards/bulk/", {"cards": items}, format="json"
    )
    assert response.status_code == 400
    resource = InjuryCardResource()

    def heading(field):
        return resource.fields[field].column_name if field in resource.fields else field

    def rowless(message):  # the import counts spreadsheet rows, the API items
        return re.sub(r"第 \d+ 行", "第 N 行", message)

    api_messages = {
        rowless(f"{heading(field)}：{message}")
        for item in response.json()["errors"]
        for field, messages in item["errors"].items()
        for message in messages
    }
    report = import_cards(
        cast.community,
        load_dataset((DATA / "national_cards_errors_gbk.csv").read_bytes(), "x.csv"),
    )
    import_messages = {rowless(m) for p in report.problems for m in p.messages}
    assert len(api_messages) >= 7
    assert api_messages <= import_messages
    assert not InjuryCard.objects.exists()
