"""Cached per-community summaries: served from the cache, and changed by any record change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committee.models import Partner
from hazards.models import Place
from injuries import services as injury_services
from injuries.choices import Cause
from safecommunity.evidence import element_statuses
from safecommunity.models import DataVersion, bump, current
from tests.injuries.factories import InjuryCardFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db


def count(community, element, label):
    return next(s.count for s in element_statuses(community)[element] if str(s.label) == label)


def test_statuses_come_from_the_cache_until_a_record_changes(cast):
    community = cast.community
    assert count(community, 2, "合作单位") == 0
    with CaptureQueriesContext(connection) as ctx:
        assert count(community, 2, "合作单位") == 0
    assert len(ctx.captured_queries) == 1  # the data version only

    partner = Partner.objects.create(community=community, name="物业公司", kind="enterprise")
    assert count(community, 2, "合作单位") == 1

    partner.name = "物业服务公司"
    partner.save()
    assert count(community, 2, "合作单位") == 1
    partner.delete()
    assert count(community, 2, "合作单位") == 0


def test_a_change_in_one_community_leaves_the_others_cached(cast):
    element_statuses(cast.other)
    before = current(cast.other.pk)
    Partner.objects.create(community=cast.community, name="物业公司", kind="enterprise")
    assert current(cast.other.pk) == before


def test_bulk_created_cards_show_at_once(cast):
    unit = ReportingUnitFactory(community=cast.community)
    assert count(cast.community, 9, "伤害监测报告卡") == 0
    cards = [
        InjuryCardFactory.build(community=cast.community, reporting_unit=unit, cause=Cause.FALL)
        for _ in range(3)
    ]
    injury_services.bulk_create_cards(cast.community, cards)
    assert count(cast.community, 9, "伤害监测报告卡") == 3


def test_home_page_figure_changes_after_a_record_change(cast):
    client = cast.client_for("office")
    url = reverse("community_home", args=[cast.community.slug])
    first = client.get(url).context["elements"][1]["total"]
    Partner.objects.create(community=cast.community, name="物业公司", kind="enterprise")
    assert client.get(url).context["elements"][1]["total"] == first + 1


def test_statuses_are_cached_per_language(cast):
    with translation.override("en"):
        english = [str(s.label) for s in element_statuses(cast.community)[2]]
    chinese = [str(s.label) for s in element_statuses(cast.community)[2]]
    assert "合作单位" in chinese
    assert "合作单位" not in english


def test_bump_creates_and_changes_the_version(cast):
    DataVersion.objects.all().delete()
    assert current(cast.community.pk) == (0, 0)
    bump(cast.community.pk)
    first = current(cast.community.pk)
    assert first[1] != 0
    bump(None)
    assert current(cast.community.pk)[0] != 0
    assert current(cast.community.pk)[1] == first[1]


def test_monitoring_counts_follow_a_new_key_place(cast):
    client = cast.client_for("office")
    url = reverse("hazards:monitoring", args=[cast.community.slug])
    assert client.get(url).context["watched_count"] == 0
    Place.objects.create(
        community=cast.community, name="农贸市场", kind="market", is_key_place=True
    )
    response = client.get(url)
    assert response.context["watched_count"] == 1
    assert [row.place.name for row in response.context["watch_rows"]] == ["农贸市场"]


def test_choice_display_matches_django(cast):
    from django.db.models import Model

    place = Place(community=cast.community, name="某处", kind="market", risk_level="")
    django_display = Model._get_FIELD_display
    field = Place._meta.get_field("kind")
    assert place.get_kind_display() == django_display(place, field)
    with translation.override("en"):
        assert place.get_kind_display() == django_display(place, field)
    place.kind = "no-such-kind"
    assert place.get_kind_display() == "no-such-kind"
