"""In the browser, at desktop and at phone width: the office pins an unpinned place on the site
plan by clicking on it; the pin shows in its level's colour, the place leaves the unpinned list,
and a reload keeps it. The legend's "only this level" link filters the map."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hazards.demo.maps import draw_plan
from hazards.models import Place, SitePlan
from hazards.services.maps import save_site_plan
from safecommunity import charts
from tests.e2e.conftest import SCREENSHOTS

from .factories import HazardFactory, PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def plan_with_places(cast):
    community = cast.community
    image, _blocks = draw_plan(community.name)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    plan = save_site_plan(
        SitePlan(
            community=community,
            title="幸福街道辖区平面图",
            image=SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png"),
        )
    )
    for name, level, x, y in [
        ("实验小学", "orange", "0.36", "0.30"),
        ("加油站", "red", "0.70", "0.80"),
        ("幸福小区", "blue", "0.12", "0.22"),
        ("社区卫生服务中心", "yellow", "0.55", "0.52"),
    ]:
        PlaceFactory(
            community=community,
            name=name,
            risk_level=level,
            site_plan=plan,
            plan_x=Decimal(x),
            plan_y=Decimal(y),
        )
    Place.objects.filter(name__in=["实验小学", "加油站"]).update(
        longitude=Decimal("120.1556"), latitude=Decimal("30.2760")
    )
    Place.objects.filter(name="加油站").update(longitude=Decimal("120.1627"))
    market = PlaceFactory(community=community, name="东门农贸市场", kind="market")
    HazardFactory(community=community, place=market, level="orange")  # unrated: its hazard's
    PlaceFactory(community=community, name="老街商铺", risk_level="blue")
    return plan, market


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_office_pins_a_place_by_clicking_on_the_plan(
    cast, live_server, plan_with_places, request, width
):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    plan, market = plan_with_places
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page.context, live_server, cast.users["office"])
    url = f"{live_server.url}/c/{cast.community.slug}/hazards/map/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert "东门农贸市场" in page.locator("#unpinned").inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"hazards-map-{width}.png"), full_page=True)

    # choose the place, then click on an empty spot of the plan (a block's corner)
    page.select_option("#pin-place", str(market.pk))
    image = page.locator("#plan-map svg image.map-image")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.62)
    x = float(page.input_value("[name=plan_x]"))
    y = float(page.input_value("[name=plan_y]"))
    assert abs(x - 0.25) < 0.01 and abs(y - 0.62) < 0.01
    assert page.locator("#plan-map circle.map-preview").count() == 1
    page.screenshot(path=str(SCREENSHOTS / f"hazards-map-pinning-{width}.png"), full_page=True)
    page.click("#pin-save")
    page.wait_for_load_state("networkidle")

    market.refresh_from_db()
    assert market.site_plan == plan and abs(float(market.plan_x) - 0.25) < 0.01
    marker = page.locator(f"#plan-map .map-marker[data-place='{market.pk}']")
    assert marker.get_attribute("data-level") == "orange"
    assert marker.locator("circle").first.get_attribute("fill") == charts.RISK_COLOURS["orange"]
    assert "东门农贸市场" not in page.locator("#unpinned").inner_text()
    assert "已保存“东门农贸市场”的位置。" in page.content()
    # the marker sits where it was clicked
    circle = marker.locator("circle").first.bounding_box()
    box = image.bounding_box()
    centre = (circle["x"] + circle["width"] / 2, circle["y"] + circle["height"] / 2)
    assert abs(centre[0] - (box["x"] + box["width"] * 0.25)) < 4
    assert abs(centre[1] - (box["y"] + box["height"] * 0.62)) < 4

    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#plan-map .map-marker[data-place='{market.pk}']").count() == 1
    page.screenshot(path=str(SCREENSHOTS / f"hazards-map-pinned-{width}.png"), full_page=True)

    # only this level: the legend's badge filters the map to the orange places
    page.locator("#map-legend a.level-orange").click()
    page.wait_for_load_state("networkidle")
    assert "level=orange" in page.url
    levels = page.locator("#plan-map .map-marker").evaluate_all(
        "nodes => nodes.map(n => n.dataset.level)"
    )
    assert levels == ["orange", "orange"]
    assert page.locator("select[name=level]").input_value() == "orange"
    assert Place.objects.filter(site_plan=plan).count() == 5


def test_phone_map_fits_the_screen(cast, live_server, plan_with_places, phone_page):
    """At 390 px nothing but the plan may scroll sideways, and the pin form's controls are
    full-size touch targets."""
    page = phone_page
    sign_in(page.context, live_server, cast.users["office"])
    page.goto(f"{live_server.url}/c/{cast.community.slug}/hazards/map/")
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    for selector in ("#pin-place", "#pin-save", "[name=plan_x]"):
        assert page.locator(selector).bounding_box()["height"] >= 38
