"""Real emergency responses linked to the accidents and injury cards they produced."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from emergency import selectors
from emergency.models import EmergencyResponse
from tests.injuries.factories import AccidentFactory, InjuryCardFactory

from .factories import PlanFactory, ResponseFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _data(**extra):
    data = {
        "title": "幸福家园12幢住宅火灾",
        "category": "accident",
        "emergency_type": "fire",
        "occurred_at": (timezone.localtime() - datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "place": "幸福家园12幢",
        "evacuated": "86",
        "description": "12楼厨房起火。",
        "actions_taken": "微型消防站到场处置，疏散整栋居民。",
    }
    data.update(extra)
    return data


def test_response_cannot_end_before_it_began(cast):
    response = ResponseFactory.build(community=cast.community)
    response.ended_at = response.occurred_at - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        response.full_clean()
    assert error.value.message_dict["ended_at"] == ["响应结束时间不能早于发生时间。"]


def test_office_links_accident_and_cards_by_number(cast):
    accident = AccidentFactory(community=cast.community, kind="fire", title="12幢火灾")
    on_accident = InjuryCardFactory(community=cast.community, accident=accident, name="张三丰")
    numbered = InjuryCardFactory(community=cast.community, card_no="H2026-0815", name="李四")
    unnumbered = InjuryCardFactory(community=cast.community, name="王五")
    plan = PlanFactory(community=cast.community)
    team = TeamFactory(community=cast.community)
    client = cast.client_for("office")
    response = client.post(
        reverse("emergency:response_create", args=[cast.community.slug]),
        _data(
            plan=plan.pk,
            teams=[team.pk],
            accidents=[accident.pk],
            card_numbers=f"H2026-0815，{unnumbered.number}",
        ),
    )
    record = EmergencyResponse.objects.get()
    assert response.status_code == 302
    assert set(record.injury_cards.all()) == {numbered, unnumbered}
    assert list(selectors.response_cards(record)) == sorted(
        [on_accident, numbered, unnumbered], key=lambda c: (c.injury_at, c.pk)
    )
    page = client.get(record.get_absolute_url()).content.decode()
    assert "H2026-0815" in page and on_accident.number in page and "12幢火灾" in page
    for name in ("张三丰", "李四", "王五"):
        assert name not in page  # no injured person's name on the response page


def test_unknown_or_foreign_card_numbers_are_refused(cast):
    foreign = InjuryCardFactory(community=cast.other, card_no="PA-001")
    response = cast.client_for("office").post(
        reverse("emergency:response_create", args=[cast.community.slug]),
        _data(card_numbers=f"PA-001 SC9999999 {foreign.number}"),
    )
    assert response.status_code == 200
    assert "本社区找不到这些报告卡：PA-001、SC9999999" in response.content.decode()
    assert not EmergencyResponse.objects.exists()


def test_foreign_accident_cannot_be_linked(cast):
    foreign = AccidentFactory(community=cast.other)
    response = cast.client_for("office").post(
        reverse("emergency:response_create", args=[cast.community.slug]),
        _data(accidents=[foreign.pk]),
    )
    assert response.status_code == 200
    assert not EmergencyResponse.objects.exists()


def test_edit_form_shows_linked_card_numbers(cast):
    card = InjuryCardFactory(community=cast.community, card_no="H-77")
    record = ResponseFactory(community=cast.community)
    record.injury_cards.add(card)
    page = cast.client_for("office").get(
        reverse("emergency:response_update", args=[cast.community.slug, record.pk])
    )
    assert page.context["form"].initial["card_numbers"] == "H-77"
