"""The risk map page's pin form: whose places each role may pin, the places' pins and
coordinates in the options' data attributes, and a query count flat in the number of places."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hazards.models import SitePlan

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def mapped(cast):
    plan = SitePlan.objects.create(
        community=cast.community, title="辖区图", image=png(), width=40, height=30, is_default=True
    )
    own = PlaceFactory(
        community=cast.community,
        working_group=cast.group,
        name="东村菜场",
        site_plan=plan,
        plan_x=Decimal("0.2500"),
        plan_y=Decimal("0.7500"),
        longitude=Decimal("120.123456"),
        latitude=Decimal("30.250000"),
    )
    other = PlaceFactory(community=cast.community, working_group=cast.other_group, name="西村学校")
    foreign = PlaceFactory(community=cast.other, name="平安镇码头")
    return plan, own, other, foreign


def pin_select(response):
    html = response.content.decode()
    start = html.find('id="pin-place"')
    return html[start : html.find("</select>", start)] if start >= 0 else ""


def map_page(cast, who):
    return cast.client_for(who).get(reverse("hazards:map", args=[cast.community.slug]))


def test_office_pins_every_place_of_its_community(cast, mapped):
    plan, own, other, foreign = mapped
    options = pin_select(map_page(cast, "office"))
    assert (
        f'<option value="{own.pk}" data-x="0.2500" data-y="0.7500" data-plan="{plan.pk}" '
        f'data-lon="120.123456" data-lat="30.250000">东村菜场</option>'
    ) in options
    assert (
        f'<option value="{other.pk}" data-x="" data-y="" data-plan="" data-lon="" data-lat="">'
        "西村学校 · 未标注</option>"
    ) in options
    assert foreign.name not in options


def test_leader_pins_only_the_places_of_groups_they_lead(cast, mapped):
    _plan, own, other, _foreign = mapped
    options = pin_select(map_page(cast, "leader"))
    assert f'value="{own.pk}"' in options
    assert f'value="{other.pk}"' not in options


@pytest.mark.parametrize("who", ["member", "group_member", "reviewer", "reporter_denied"])
def test_others_get_no_pin_form(cast, mapped, who):
    if who == "reporter_denied":
        assert map_page(cast, "reporter").status_code in (403, 404)
        return
    response = map_page(cast, who)
    assert response.status_code == 200
    assert pin_select(response) == ""
    assert "东村菜场" in response.content.decode()


def test_english_options_say_unpinned_in_english(cast, mapped):
    client = cast.client_for("office")
    client.cookies["django_language"] = "en"
    options = pin_select(client.get(reverse("hazards:map", args=[cast.community.slug])))
    assert "西村学校 · 未标注" not in options
    assert "西村学校 · " in options


def test_query_count_flat_in_places(cast, mapped, django_assert_max_num_queries):
    client = cast.client_for("office")
    url = reverse("hazards:map", args=[cast.community.slug])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    PlaceFactory.create_batch(30, community=cast.community, working_group=cast.group)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert pin_select(response).count("<option") == 33
