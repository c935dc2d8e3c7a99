"""Injury cards through the API: create, bulk, idempotency, unit scoping, the import's words."""

import datetime

import pytest
from django.urls import reverse

from injuries.models import InjuryCard
from tests.injuries.factories import InjuryCardFactory

from .conftest import card

pytestmark = pytest.mark.django_db

LIST = "/api/v1/injury-cards/"
BULK = "/api/v1/injury-cards/bulk/"


def test_hospital_token_creates_a_card_for_its_unit_by_default(cast, tokens):
    response = tokens.client("hospital").post(LIST, card(), format="json")
    assert response.status_code == 201, response.json()
    saved = InjuryCard.objects.get(pk=response.json()["id"])
    assert (saved.community, saved.reporting_unit, saved.age, saved.cause) == (
        cast.community,
        tokens.hospital,
        78,
        3,
    )
    assert saved.created_by == tokens.objects["hospital"].created_by
    assert "name" not in response.json()  # personal data is never returned
    assert saved.name == "王秀英"  # but it is kept, as the import keeps it


def test_create_is_in_the_audit_history_with_the_token(tokens):
    response = tokens.client("hospital").post(LIST, card(), format="json")
    record = InjuryCard.history.get(id=response.json()["id"])
    assert record.history_type == "+"
    assert record.history_user == tokens.objects["hospital"].created_by
    assert tokens.objects["hospital"].prefix in record.history_change_reason


def test_hospital_token_cannot_submit_for_another_unit(tokens):
    response = tokens.client("hospital").post(LIST, card(reporting_unit="镇卫生院"), format="json")
    assert response.status_code == 400
    assert response.json()["reporting_unit"] == ["此令牌只能提交“区人民医院”的报告卡。"]
    assert not InjuryCard.objects.exists()


def test_a_foreign_communitys_unit_is_unknown(tokens):
    response = tokens.client("community").post(LIST, card(reporting_unit="外区医院"), format="json")
    assert response.status_code == 400
    assert response.json()["reporting_unit"] == [
        "找不到报告单位“外区医院”，请先在“报告单位”中登记。"
    ]


def test_community_token_submits_for_any_unit_of_its_community(tokens):
    response = tokens.client("community").post(LIST, card(unit_code="320102002"), format="json")
    assert response.status_code == 201, response.json()
    assert InjuryCard.objects.get().reporting_unit == tokens.other_hospital


def test_errors_are_the_imports_words(cast, tokens):
    """The same bad values as tests/injuries/test_import.py's rows, the same messages."""
    response = tokens.client("hospital").post(
        LIST,
        card(cause=99, age="四十", visit_at="2025-01-10 07:00", sex=None),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["age"] == ["年龄应为 0–120 之间的整数。"]
    assert errors["visit_at"] == ["就诊时间不能早于伤害发生时间。"]
    assert "cause" in errors and "sex" in errors
    # The import says the same about the same row.
    from injuries.resources import InjuryCardResource

    resource = InjuryCardResource(community=cast.community)
    row = {resource.fields[k].column_name: v for k, v in card(cause=99).items()}
    row["填报单位"] = "区人民医院"
    _card, import_errors = resource.build_card(row)
    assert response.json()["cause"] == import_errors["cause"]


def test_unknown_keys_are_ignored_and_listed_as_the_import_does(tokens):
    response = tokens.client("hospital").post(LIST, card(备注="复诊"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unknown_fields"] == ["备注"]


def test_iso_datetimes_with_an_offset_are_read(tokens):
    response = tokens.client("hospital").post(
        LIST,
        card(injury_at="2025-01-10T00:30:00Z", visit_at="2025-01-10T09:40:00+08:00"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["injury_at"] == "2025-01-10T08:30:00+08:00"


def test_warnings_are_returned_and_kept(tokens):
    # A car crash at home: unusual, not impossible (rules.CROSS_FIELD_RULES).
    response = tokens.client("hospital").post(LIST, card(cause=1, place=1), format="json")
    assert response.status_code == 201, response.json()
    assert "车祸伤害的发生地点应为“公路/街道”。" in response.json()["warnings"]
    assert response.json()["warnings"] == InjuryCard.objects.get().confirmed_warnings


# --- bulk ---------------------------------------------------------------------------------


def test_bulk_creates_every_card(tokens):
    items = [card(card_no=f"B{n:03d}") for n in range(5)]
    response = tokens.client("hospital").post(BULK, {"cards": items}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 5
    assert InjuryCard.objects.filter(reporting_unit=tokens.hospital).count() == 5
    assert InjuryCard.history.filter(history_type="+").count() == 5


def test_bulk_is_all_or_nothing_with_per_item_errors(tokens):
    items = [
        card(card_no="B001"),
        card(card_no="B002", age=130),
        card(card_no="B001"),
        card(card_no="B004", reporting_unit="镇卫生院"),
    ]
    response = tokens.client("hospital").post(BULK, {"cards": items}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["created"] == 0
    assert [e["index"] for e in body["errors"]] == [1, 2, 3]
    assert body["errors"][0]["errors"]["age"] == ["年龄应在 0–120 岁之间。"]
    assert body["errors"][1]["errors"]["card_no"] == ["卡片编号“B001”与本文件第 1 行重复。"]
    assert body["errors"][2]["errors"]["reporting_unit"] == ["此令牌只能提交“区人民医院”的报告卡。"]
    assert not InjuryCard.objects.exists()


def test_bulk_refuses_an_existing_card_number_in_the_imports_words(cast, tokens):
    InjuryCardFactory(community=cast.community, reporting_unit=tokens.hospital, card_no="B001")
    response = tokens.client("hospital").post(
        BULK, {"cards": [card(card_no="B001")]}, format="json"
    )
    assert response.status_code == 400
    (message,) = response.json()["errors"][0]["errors"]["card_no"]
    assert message.startswith("卡片编号“B001”已存在：区人民医院 的报告卡，")


def test_bulk_takes_at_most_a_thousand(tokens):
    response = tokens.client("hospital").post(BULK, {"cards": [card()] * 1001}, format="json")
    assert response.status_code == 400
    assert response.json() == {"cards": ["一次最多提交 1000 张报告卡。"]}
    assert tokens.client("hospital").post(BULK, {"cards": []}, format="json").status_code == 400


# --- idempotency --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, BULK])
def test_resending_with_the_same_key_returns_the_first_answer(tokens, path):
    client = tokens.client("hospital")
    data = card() if path == LIST else {"cards": [card(), card(card_no="H0002")]}
    first = client.post(path, data, format="json", HTTP_IDEMPOTENCY_KEY="batch-2025-01-10")
    again = client.post(path, data, format="json", HTTP_IDEMPOTENCY_KEY="batch-2025-01-10")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert InjuryCard.objects.count() == (1 if path == LIST else 2)


def test_a_failed_request_is_replayed_too(tokens):
    client = tokens.client("hospital")
    first = client.post(LIST, card(age=130), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(LIST, card(age=130), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()


def test_a_key_reused_for_another_request_is_refused(tokens):
    client = tokens.client("hospital")
    client.post(LIST, card(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = client.post(LIST, card(card_no="X9"), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert InjuryCard.objects.count() == 1


def test_keys_belong_to_their_token(tokens):
    tokens.client("hospital").post(LIST, card(), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = tokens.client("community").post(
        LIST,
        card(card_no="C1", reporting_unit="镇卫生院"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 201
    assert InjuryCard.objects.count() == 2


# --- reading ------------------------------------------------------------------------------


def test_hospital_token_reads_only_its_units_cards(cast, tokens):
    own = InjuryCardFactory(community=cast.community, reporting_unit=tokens.hospital)
    other = InjuryCardFactory(community=cast.community, reporting_unit=tokens.other_hospital)
    client = tokens.client("hospital")
    listed = client.get(LIST).json()
    assert [c["id"] for c in listed["results"]] == [own.pk]
    assert client.get(f"{LIST}{own.pk}/").status_code == 200
    assert client.get(f"{LIST}{other.pk}/").status_code == 404
    # A community token reads both.
    assert tokens.client("community").get(LIST).json()["count"] == 2


def test_foreign_communitys_cards_answer_404(cast, tokens):
    foreign = InjuryCardFactory(community=cast.other, reporting_unit=tokens.foreign_unit)
    client = tokens.client("community")
    response = client.get(f"{LIST}{foreign.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}  # nothing about what the id is
    assert client.get(LIST).json()["count"] == 0
    assert client.get(LIST, {"reporting_unit": tokens.foreign_unit.pk}).json()["count"] == 0


def test_list_filters_by_date_and_unit(cast, tokens):
    def at(day):
        return datetime.datetime(2025, 3, day, 10, tzinfo=datetime.UTC)

    early = InjuryCardFactory(
        community=cast.community, reporting_unit=tokens.hospital, injury_at=at(1), visit_at=at(1)
    )
    late = InjuryCardFactory(
        community=cast.community, reporting_unit=tokens.hospital, injury_at=at(20), visit_at=at(20)
    )
    InjuryCardFactory(
        community=cast.community,
        reporting_unit=tokens.other_hospital,
        injury_at=at(20),
        visit_at=at(20),
    )
    client = tokens.client("community")
    ids = lambda **q: [c["id"] for c in client.get(LIST, q).json()["results"]]  # noqa: E731
    assert ids(injury_from="2025-03-10", reporting_unit=tokens.hospital.pk) == [late.pk]
    assert ids(injury_to="2025-03-10") == [early.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow_with_rows(
    cast, tokens, rows, django_assert_max_num_queries
):
    InjuryCardFactory.create_batch(rows, community=cast.community, reporting_unit=tokens.hospital)
    client = tokens.client("hospital")
    client.get(LIST)  # the first call also records last_used
    # token (with community and unit), count, page, the call's audit row
    with django_assert_max_num_queries(4):
        response = client.get(LIST)
    assert response.json()["count"] == rows


def test_list_is_paginated(cast, tokens):
    InjuryCardFactory.create_batch(3, community=cast.community, reporting_unit=tokens.hospital)
    body = tokens.client("hospital").get(LIST, {"page_size": 2}).json()
    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"]


def test_docs_url_names(tokens):
    assert reverse("api_v1:injury-card-list") == LIST


def test_a_community_token_card_without_a_unit_is_refused_not_a_500(tokens):
    """Found by schemathesis: a card with no unit raised RelatedObjectDoesNotExist."""
    values = card()
    response = tokens.client("community").post("/api/v1/injury-cards/", values, format="json")
    assert response.status_code == 400
    assert "reporting_unit" in response.json()


def test_a_null_character_is_refused_not_a_server_error(cast, tokens):
    """Found by schemathesis on PostgreSQL, which stores no NUL in text or jsonb (SQLite does):
    the API refuses the request whole, and the file import refuses the cell."""
    response = tokens.client("hospital").post(LIST, card(place_other="楼\x00道"), format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求中含有空字符（NUL），请删除后重试。"
    response = tokens.client("hospital").post(BULK, {"cards": [card(), {"\x00": 1}]}, format="json")
    assert response.status_code == 400
    assert not InjuryCard.objects.exists()

    from injuries.resources import InjuryCardResource

    resource = InjuryCardResource(community=cast.community)
    row = {resource.fields[k].column_name: v for k, v in card(place_other="楼\x00道").items()}
    row["填报单位"] = "区人民医院"
    _card, import_errors = resource.build_card(row)
    assert import_errors["place_other"] == ["含有空字符（NUL，通常来自损坏的文件），请删除后重试。"]
