"""The four-colour risk map (issue 18): the SVG pictures, pinning and its permissions, plan
uploads, query counts, the dossier's element 3 and the demo's plan."""

import datetime
import io
import random
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from hazards import maps
from hazards.choices import HazardStatus, RiskLevel
from hazards.models import Place, SitePlan
from hazards.services import maps as services
from safecommunity import charts
from safecommunity.evidence import Period

from .factories import HazardFactory, PlaceFactory

SVG = "{http://www.w3.org/2000/svg}"
FOREIGN_PLAN_MESSAGE = "只能标注在本社区的平面图上。"
FORMAT_MESSAGE = "平面图只接受 PNG 或 JPEG 图片。"


def picture(fmt="PNG", size=(800, 600), name=None, exif_orientation=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "#e3ddd0")
    options = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif
    image.save(buffer, fmt, **options)
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[fmt]
    extension = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[fmt]
    return SimpleUploadedFile(name or f"plan.{extension}", buffer.getvalue(), content_type=mime)


def make_plan(community, title="辖区平面图", **kwargs):
    return services.save_site_plan(
        SitePlan(community=community, title=title, image=picture(**kwargs))
    )


def pin(place, plan, x, y):
    place.site_plan, place.plan_x, place.plan_y = plan, Decimal(x), Decimal(y)
    place.save()
    return place


def markers(svg):
    """{place id: (level, fill colour, tooltip)} of the markers drawn in an SVG."""
    root = ET.fromstring(str(svg))
    found = {}
    for element in root.iter():
        if element.get("class") != "map-marker":
            continue
        circle = element.find(f"{SVG}circle")
        title = element.find(f"{SVG}title")
        found[int(element.get("data-place"))] = (
            element.get("data-level"),
            circle.get("fill"),
            title.text,
        )
    return found


def legend_names(svg):
    """The legend's texts in document order (after the markers)."""
    root = ET.fromstring(str(svg))
    names = []
    for text in root.iter(f"{SVG}text"):
        content = "".join(text.itertext())
        if any(content.startswith(name) for name in ("重大", "较大", "一般", "低", "未评定")):
            names.append(content)
    return names


# The pictures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", charts.RISK_ORDER)
def test_pin_on_the_plan_has_its_levels_colour(cast, level):
    plan = make_plan(cast.community)
    place = pin(PlaceFactory(community=cast.community, risk_level=level), plan, "0.5", "0.5")
    svg = maps.plan_svg(plan, maps.map_places(cast.community), image_href="/plan.png")
    drawn_level, fill, tooltip = markers(svg)[place.pk]
    assert (drawn_level, fill) == (level, charts.RISK_COLOURS[level])
    assert tooltip == f"{place.name} · {RiskLevel(level).label}"


def test_each_level_has_its_own_colour():
    colours = [maps.level_colour(level) for level in charts.RISK_ORDER]
    assert len(set(colours)) == 4
    assert maps.level_colour("") == maps.UNASSESSED_COLOUR not in colours
    assert [RiskLevel.colour_label(level) for level in charts.RISK_ORDER] == [
        "红",
        "橙",
        "黄",
        "蓝",
    ]


def test_unrated_place_takes_the_highest_level_of_its_active_hazards(cast):
    community = cast.community
    plan = make_plan(community)
    unrated = pin(PlaceFactory(community=community, name="老街商铺"), plan, "0.2", "0.3")
    HazardFactory(community=community, place=unrated, level=RiskLevel.BLUE)
    HazardFactory(community=community, place=unrated, level=RiskLevel.ORANGE)
    HazardFactory(community=community, place=unrated, level="")
    # an eliminated red hazard no longer counts
    HazardFactory(
        community=community, place=unrated, level=RiskLevel.RED, status=HazardStatus.ELIMINATED
    )
    rated = pin(
        PlaceFactory(community=community, name="幸福小区", risk_level=RiskLevel.BLUE),
        plan,
        "0.6",
        "0.6",
    )
    HazardFactory(community=community, place=rated, level=RiskLevel.RED)  # its own level wins
    bare = pin(PlaceFactory(community=community, name="街心绿地"), plan, "0.8", "0.1")
    # another community's red hazard at a place of that community changes nothing here
    HazardFactory(
        community=cast.other, place=PlaceFactory(community=cast.other), level=RiskLevel.RED
    )

    items = {item.place.pk: item for item in maps.map_places(community)}
    assert (items[unrated.pk].level, items[unrated.pk].from_hazards) == ("orange", True)
    assert (items[rated.pk].level, items[rated.pk].from_hazards) == ("blue", False)
    assert (items[bare.pk].level, items[bare.pk].from_hazards) == ("", False)
    drawn = markers(maps.plan_svg(plan, list(items.values()), image_href="/p.png"))
    assert drawn[unrated.pk] == (
        "orange",
        charts.RISK_COLOURS["orange"],
        "老街商铺 · 较大（按危险源）",
    )
    assert drawn[rated.pk][:2] == ("blue", charts.RISK_COLOURS["blue"])
    assert drawn[bare.pk] == ("none", maps.UNASSESSED_COLOUR, "街心绿地 · 未评定")


def test_places_are_listed_worst_first_and_filtered(cast):
    community = cast.community
    for name, level in [("甲", "blue"), ("乙", "red"), ("丙", ""), ("丁", "yellow"), ("戊", "red")]:
        PlaceFactory(community=community, name=name, risk_level=level)
    PlaceFactory(community=community, name="已注销", risk_level="red", is_active=False)
    PlaceFactory(community=community, name="学校", risk_level="orange", kind="school")
    PlaceFactory(community=community, name="重点", risk_level="yellow", is_key_place=True)
    names = [item.place.name for item in maps.map_places(community)]
    assert names[:3] == ["乙", "戊", "学校"] and names[-1] == "丙" and "已注销" not in names
    assert [item.place.name for item in maps.map_places(community, level="red")] == ["乙", "戊"]
    assert [item.place.name for item in maps.map_places(community, kind="school")] == ["学校"]
    assert [item.place.name for item in maps.map_places(community, key_only=True)] == ["重点"]


def test_legend_lists_the_levels_from_the_highest_with_counts(cast):
    community = cast.community
    plan = make_plan(community)
    for index, level in enumerate(["blue", "blue", "yellow", "red", "", "orange"]):
        pin(PlaceFactory(community=community, risk_level=level), plan, "0.1", f"0.{index + 1}")
    items = maps.map_places(community)
    assert [row[0] for row in maps.level_counts(items)] == [*charts.RISK_ORDER, ""]
    assert [row[3] for row in maps.level_counts(items)] == [1, 1, 1, 2, 1]
    assert [row[2] for row in maps.level_counts(items)] == [
        *(charts.RISK_COLOURS[level] for level in charts.RISK_ORDER),
        maps.UNASSESSED_COLOUR,
    ]
    svg = maps.plan_svg(plan, items, image_href="/p.png")
    assert legend_names(svg)[-5:] == [
        "重大（红） 1",
        "较大（橙） 1",
        "一般（黄） 1",
        "低（蓝） 2",
        "未评定 1",
    ]
    # every level is in the legend even with no place of it; the unassessed only when present
    rows = maps.level_counts([item for item in items if item.level == "blue"])
    assert [(row[0], row[3]) for row in rows] == [
        ("red", 0),
        ("orange", 0),
        ("yellow", 0),
        ("blue", 2),
    ]


def test_plan_draws_only_the_pins_on_that_plan_at_their_spot(cast):
    community = cast.community
    wide = make_plan(community, title="全域", size=(1000, 500))
    market = make_plan(community, title="市场", size=(400, 400))
    here = pin(PlaceFactory(community=community, risk_level="red"), wide, "0.25", "0.5")
    there = pin(PlaceFactory(community=community, risk_level="red"), market, "0.5", "0.5")
    loose = PlaceFactory(community=community, risk_level="red")
    items = maps.map_places(community)
    svg = maps.plan_svg(wide, items, image_href="/wide.png")
    root = ET.fromstring(str(svg))
    assert root.get("viewBox").split()[2] == str(maps.PLAN_WIDTH)
    image = root.find(f"{SVG}image")
    assert image.get("href") == "/wide.png" and float(image.get("height")) == 300
    assert set(markers(svg)) == {here.pk}
    marker = next(e for e in root.iter() if e.get("data-place") == str(here.pk))
    circle = marker.find(f"{SVG}circle")
    assert (float(circle.get("cx")), float(circle.get("cy"))) == (150, 150)
    assert marker.tag == f"{SVG}a" and marker.get("href") == here.get_absolute_url()
    assert [item.place for item in maps.unpinned(items)] == [loose]
    assert there.pk not in markers(svg)
    # the PDF's picture has no links
    printed = ET.fromstring(str(maps.plan_svg(wide, items, image_href="file:///x", links=False)))
    assert not list(printed.iter(f"{SVG}a"))


def test_plan_with_no_pins_still_draws_the_picture_and_an_empty_legend(cast):
    plan = make_plan(cast.community)
    svg = maps.plan_svg(plan, [], image_href="/p.png")
    assert markers(svg) == {}
    assert legend_names(svg) == ["重大（红） 0", "较大（橙） 0", "一般（黄） 0", "低（蓝） 0"]
    assert maps.scatter_svg([]) is None
    assert maps.current_plan([]) is None


def test_red_markers_are_drawn_last_so_they_stay_on_top(cast):
    plan = make_plan(cast.community)
    for level in ["red", "blue", "orange", "yellow"]:
        pin(PlaceFactory(community=cast.community, risk_level=level), plan, "0.5", "0.5")
    svg = maps.plan_svg(plan, maps.map_places(cast.community), image_href="/p.png")
    assert [level for level, _fill, _t in markers(svg).values()] == [
        "blue",
        "yellow",
        "orange",
        "red",
    ]


def scatter_points(svg):
    root = ET.fromstring(str(svg))
    rect = root.find(f"{SVG}rect")  # the plot area
    box = (
        float(rect.get("x")),
        float(rect.get("y")),
        float(rect.get("x")) + float(rect.get("width")),
        float(rect.get("y")) + float(rect.get("height")),
    )
    points = {}
    for element in root.iter():
        if element.get("class") == "map-marker":
            circle = element.find(f"{SVG}circle")
            points[int(element.get("data-place"))] = (
                float(circle.get("cx")),
                float(circle.get("cy")),
            )
    return box, points


def located(community, name, lon, lat, level="yellow"):
    return PlaceFactory(
        community=community,
        name=name,
        risk_level=level,
        longitude=Decimal(lon),
        latitude=Decimal(lat),
    )


def test_scatter_places_points_inside_the_plot_north_up_east_right(cast):
    community = cast.community
    west = located(community, "西", "120.1480", "30.2700", "red")
    east = located(community, "东", "120.1690", "30.2750", "blue")
    north = located(community, "北", "120.1600", "30.2800")
    PlaceFactory(community=community, name="无坐标")
    svg = maps.scatter_svg(maps.map_places(community))
    (left, top, right, bottom), points = scatter_points(svg)
    assert set(points) == {west.pk, east.pk, north.pk}
    for x, y in points.values():
        assert left < x < right and top < y < bottom
    assert points[west.pk][0] < points[north.pk][0] < points[east.pk][0]
    assert points[north.pk][1] < points[east.pk][1] < points[west.pk][1]
    drawn = markers(svg)
    assert drawn[west.pk][1] == charts.RISK_COLOURS["red"]
    assert drawn[east.pk][1] == charts.RISK_COLOURS["blue"]
    assert "30.270°N" in "".join(ET.fromstring(str(svg)).itertext())


def test_one_located_place_is_drawn_inside_the_plot(cast):
    only = located(cast.community, "唯一", "120.15", "30.28")
    (left, top, right, bottom), points = scatter_points(
        maps.scatter_svg(maps.map_places(cast.community))
    )
    x, y = points[only.pk]
    assert left < x < right and top < y < bottom


def test_coordinates_outside_china_are_listed_to_check_and_not_plotted(cast):
    community = cast.community
    good = located(community, "幸福小区", "120.1500", "30.2800")
    near = located(community, "农贸市场", "120.1600", "30.2750")
    typo = located(community, "填错的", "12.1500", "30.2800")  # a lost digit
    items = maps.map_places(community)
    assert [item.place for item in maps.outside_china(items)] == [typo]
    (left, top, right, bottom), points = scatter_points(maps.scatter_svg(items))
    # the typo is left out, so the places in the community are not squeezed into one spot
    assert set(points) == {good.pk, near.pk}
    assert abs(points[good.pk][0] - points[near.pk][0]) > (right - left) / 4
    # only typos: no picture, but the page still lists them to check
    Place.objects.exclude(pk=typo.pk).update(longitude=None, latitude=None)
    assert maps.scatter_svg(maps.map_places(community)) is None
    html = cast.client_for("office").get(map_url(cast)).content.decode()
    assert "以下场所的经纬度不在中国境内，请核对" in html and "填错的" in html


def test_place_names_are_escaped_in_the_svg(cast):
    plan = make_plan(cast.community)
    place = pin(
        PlaceFactory(community=cast.community, name='<script>"x"</script>', risk_level="red"),
        plan,
        "0.5",
        "0.5",
    )
    svg = str(maps.plan_svg(plan, maps.map_places(cast.community), image_href='/p.png?"a"'))
    assert "<script>" not in svg
    assert markers(svg)[place.pk][2].startswith('<script>"x"</script>')


# Permissions -----------------------------------------------------------------------------------


def map_url(cast, community=None):
    return reverse("hazards:map", args=[(community or cast.community).slug])


@pytest.fixture
def pinning(cast):
    """A plan, a place of the leader's group and one of a group he does not lead."""
    plan = make_plan(cast.community)
    mine = PlaceFactory(community=cast.community, working_group=cast.group, risk_level="orange")
    theirs = PlaceFactory(
        community=cast.community, working_group=cast.other_group, risk_level="red"
    )
    return plan, mine, theirs


READERS = [
    ("office", 200),
    ("member", 200),
    ("leader", 200),
    ("group_member", 200),
    ("reviewer", 200),
    ("county_reviewer", 200),
    ("reporter", 403),
    ("outsider", 404),
    ("region_outsider", 404),
]


@pytest.mark.parametrize(("who", "expected"), READERS)
def test_map_and_plan_image_open_for_readers(cast, pinning, who, expected):
    plan = pinning[0]
    client = cast.client_for(who)
    assert client.get(map_url(cast)).status_code == expected
    image = reverse("hazards:site_plan_image", args=[cast.community.slug, plan.pk])
    response = client.get(image)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "image/png"


# (who, place: "mine" | "theirs", may pin)
PIN_MATRIX = [
    ("office", "mine", True),
    ("office", "theirs", True),
    ("leader", "mine", True),
    ("leader", "theirs", False),
    ("member", "mine", False),
    ("group_member", "mine", False),
    ("reporter", "mine", False),
    ("reviewer", "mine", False),
    ("county_reviewer", "mine", False),
]


@pytest.mark.parametrize(("who", "which", "allowed"), PIN_MATRIX)
def test_who_may_pin_and_unpin(cast, pinning, who, which, allowed):
    plan, mine, theirs = pinning
    place = mine if which == "mine" else theirs
    client = cast.client_for(who)
    url = reverse("hazards:map_pin", args=[cast.community.slug])
    data = {"place": place.pk, "site_plan": plan.pk, "plan_x": "0.3", "plan_y": "0.7"}
    response = client.post(url, data)
    place.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert response["Location"] == map_url(cast) + f"?plan={plan.pk}"
        assert (place.site_plan, place.plan_x, place.plan_y) == (
            plan,
            Decimal("0.3"),
            Decimal("0.7"),
        )
    else:
        assert response.status_code == 403
        assert place.site_plan is None
        pin(place, plan, "0.3", "0.7")
    response = client.post(url, {"place": place.pk, "unpin": "1"})
    place.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert place.is_pinned is not allowed


@pytest.mark.parametrize(
    ("who", "form_shown", "choices"),
    [
        ("office", True, {"mine", "theirs"}),
        ("leader", True, {"mine"}),
        ("member", False, set()),
        ("group_member", False, set()),
        ("reviewer", False, set()),
    ],
)
def test_map_page_offers_pinning_only_to_who_may_pin(cast, pinning, who, form_shown, choices):
    _plan, mine, theirs = pinning
    response = cast.client_for(who).get(map_url(cast))
    html = response.content.decode()
    assert ('id="pin-form"' in html) is form_shown
    assert ("hazards/map.js" in html) is form_shown
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)" data-x=', html)}
    assert offered == {p.pk for key, p in (("mine", mine), ("theirs", theirs)) if key in choices}
    # the plan and both places are on the page for every reader
    assert 'class="chart-svg site-map' in html and mine.name in html and theirs.name in html
    is_office = who == "office"
    assert ("上传平面图" in html) is is_office
    assert ("平面图管理" in html) is is_office


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 200),
        ("leader", 403),
        ("member", 403),
        ("group_member", 403),
        ("reporter", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_only_the_office_uploads_sets_default_and_deletes_plans(cast, who, expected):
    first = make_plan(cast.community, title="一号图")
    second = make_plan(cast.community, title="二号图")
    client = cast.client_for(who)
    slug = cast.community.slug
    create = reverse("hazards:site_plan_create", args=[slug])
    assert client.get(create).status_code == expected
    response = client.post(create, {"title": "新图", "image": picture()})
    assert response.status_code == (302 if expected == 200 else expected)
    assert SitePlan.objects.filter(title="新图").exists() is (expected == 200)
    response = client.post(reverse("hazards:site_plan_default", args=[slug, second.pk]))
    assert response.status_code == (302 if expected == 200 else expected)
    second.refresh_from_db()
    assert second.is_default is (expected == 200)
    delete = reverse("hazards:site_plan_delete", args=[slug, first.pk])
    assert client.get(delete).status_code == expected
    response = client.post(delete)
    assert response.status_code == (302 if expected == 200 else expected)
    assert SitePlan.objects.filter(pk=first.pk).exists() is (expected != 200)


def test_another_communitys_plan_and_place_answer_404(cast):
    foreign_plan = make_plan(cast.other, title="平安镇平面图")
    foreign_place = pin(
        PlaceFactory(community=cast.other, name="平安镇市场"), foreign_plan, "0.5", "0.5"
    )
    make_plan(cast.community)
    client = cast.client_for("office")
    slug = cast.community.slug
    for name in ("site_plan_image", "site_plan_delete"):
        assert (
            client.get(reverse(f"hazards:{name}", args=[slug, foreign_plan.pk])).status_code == 404
        )
    default = reverse("hazards:site_plan_default", args=[slug, foreign_plan.pk])
    assert client.post(default).status_code == 404
    pin_url = reverse("hazards:map_pin", args=[slug])
    assert client.post(pin_url, {"place": foreign_place.pk, "unpin": "1"}).status_code == 404
    foreign_place.refresh_from_db()
    assert foreign_place.is_pinned
    # asking this community's map for the foreign plan shows this community's own plan
    html = client.get(map_url(cast) + f"?plan={foreign_plan.pk}").content.decode()
    assert "平安镇平面图" not in html and "平安镇市场" not in html


# Pinning: validation -------------------------------------------------------------------------------


def pin_post(cast, data, who="office"):
    client = cast.client_for(who)
    response = client.post(reverse("hazards:map_pin", args=[cast.community.slug]), data)
    assert response.status_code == 302
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_pin_on_another_communitys_plan_is_refused(cast, pinning):
    _plan, mine, _theirs = pinning
    foreign_plan = make_plan(cast.other)
    _response, said = pin_post(
        cast, {"place": mine.pk, "site_plan": foreign_plan.pk, "plan_x": "0.5", "plan_y": "0.5"}
    )
    mine.refresh_from_db()
    assert not mine.is_pinned
    assert any(FOREIGN_PLAN_MESSAGE in message for message in said), said
    # the model says the same to any other caller
    mine.site_plan, mine.plan_x, mine.plan_y = foreign_plan, Decimal("0.5"), Decimal("0.5")
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert error.value.message_dict["site_plan"] == [FOREIGN_PLAN_MESSAGE]


@pytest.mark.parametrize(
    ("x", "y"), [("1.2", "0.5"), ("0.5", "-0.1"), ("12", "0.5"), ("0.5", "abc")]
)
def test_pin_outside_the_picture_is_refused(cast, pinning, x, y):
    plan, mine, _theirs = pinning
    response, said = pin_post(
        cast, {"place": mine.pk, "site_plan": plan.pk, "plan_x": x, "plan_y": y}
    )
    mine.refresh_from_db()
    assert not mine.is_pinned
    assert said and ("横向" in said[0] or "纵向" in said[0]), said
    # back to the plan that was being worked on
    assert response["Location"] == map_url(cast) + f"?plan={plan.pk}"


def test_pin_needs_both_fractions(cast, pinning):
    plan, mine, _theirs = pinning
    _response, said = pin_post(cast, {"place": mine.pk, "site_plan": plan.pk, "plan_x": "0.5"})
    mine.refresh_from_db()
    assert not mine.is_pinned
    assert "平面图位置需同时填写平面图、横向和纵向位置。" in said[0]


def test_pin_boundaries_and_coordinates_are_kept(cast, pinning):
    plan, mine, _theirs = pinning
    pin_post(
        cast,
        {
            "place": mine.pk,
            "site_plan": plan.pk,
            "plan_x": "0",
            "plan_y": "1",
            "longitude": "120.15",
            "latitude": "30.28",
        },
    )
    mine.refresh_from_db()
    assert (mine.plan_x, mine.plan_y) == (Decimal("0"), Decimal("1")) and mine.is_pinned
    # coordinates alone leave the pin where it is; swapped ones are saved with a warning
    _response, said = pin_post(
        cast, {"place": mine.pk, "site_plan": plan.pk, "longitude": "30.28", "latitude": "12.1"}
    )
    mine.refresh_from_db()
    assert mine.is_pinned and mine.longitude == Decimal("30.28")
    assert "经纬度不在中国境内，请核对是否填反或有误。" in said


def test_unpin_keeps_the_coordinates_and_lists_the_place_as_unpinned(cast, pinning):
    plan, mine, _theirs = pinning
    pin(mine, plan, "0.4", "0.4")
    Place.objects.filter(pk=mine.pk).update(longitude=Decimal("120.15"), latitude=Decimal("30.28"))
    response, _said = pin_post(cast, {"place": mine.pk, "unpin": "1"})
    assert response["Location"] == map_url(cast) + f"?plan={plan.pk}"
    mine.refresh_from_db()
    assert not mine.is_pinned and mine.has_coordinates
    page = cast.client_for("office").get(map_url(cast))
    assert mine in [item.place for item in page.context["unpinned"]]


# Uploads and the default plan --------------------------------------------------------------------


def upload(cast, image, title="辖区平面图", **extra):
    client = cast.client_for("office")
    return client.post(
        reverse("hazards:site_plan_create", args=[cast.community.slug]),
        {"title": title, "image": image, **extra},
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_png_or_jpeg_plan_is_stored_with_its_size(cast, fmt):
    response = upload(cast, picture(fmt, size=(640, 480)))
    plan = SitePlan.objects.get(community=cast.community)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.width, plan.height) == (640, 480) and plan.aspect == 0.75
    assert plan.is_default  # the first plan is the default
    with Image.open(plan.image.path) as stored:
        assert stored.format == fmt


def test_rotated_photo_of_a_plan_stores_the_size_as_shown(cast):
    """A phone photo of a paper plan is stored upright (EXIF orientation applied): the size kept
    for the map is the stored picture's, or the pins would land on a stretched picture."""
    upload(cast, picture("JPEG", size=(800, 600), exif_orientation=6))
    plan = SitePlan.objects.get(community=cast.community)
    with Image.open(plan.image.path) as stored:
        assert stored.size == (600, 800)
    assert (plan.width, plan.height) == (600, 800)


def test_oversized_plan_keeps_the_stored_size(cast, settings):
    from safecommunity import files

    edge = files.STORED_MAX_EDGE
    upload(cast, picture("PNG", size=(edge + 400, 1000)))
    plan = SitePlan.objects.get(community=cast.community)
    with Image.open(plan.image.path) as stored:
        assert (plan.width, plan.height) == stored.size
    assert plan.width == edge


def gif_upload():
    return picture("GIF", name="plan.gif")


def pdf_renamed():
    return SimpleUploadedFile(
        "plan.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="image/png"
    )


def text_renamed():
    return SimpleUploadedFile("plan.png", "这不是图片".encode(), content_type="image/png")


def gif_renamed():
    upload = picture("GIF")
    upload.name = "plan.png"
    return upload


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (gif_upload, FORMAT_MESSAGE),
        (gif_renamed, FORMAT_MESSAGE),
        (pdf_renamed, None),
        (text_renamed, None),
    ],
)
def test_other_files_are_refused_as_plans(cast, make_upload, message):
    response = upload(cast, make_upload())
    assert response.status_code == 200
    assert not SitePlan.objects.exists()
    errors = response.context["form"].errors["image"]
    assert errors
    if message:
        assert errors == [message]
    assert errors[0] in response.content.decode()


def test_only_one_default_plan(cast):
    first = make_plan(cast.community, title="甲")
    second = make_plan(cast.community, title="乙")
    assert first.is_default and not second.is_default
    upload(cast, picture(), title="丙", is_default="on")
    third = SitePlan.objects.get(title="丙")
    defaults = SitePlan.objects.filter(community=cast.community, is_default=True)
    assert list(defaults) == [third]
    services.make_default_plan(first)
    assert list(SitePlan.objects.filter(community=cast.community, is_default=True)) == [first]
    # the database refuses a second default too
    with pytest.raises(IntegrityError), transaction.atomic():
        SitePlan.objects.filter(pk=second.pk).update(is_default=True)
    # another community keeps its own default
    foreign = make_plan(cast.other)
    assert foreign.is_default
    first.refresh_from_db()
    assert first.is_default


def test_the_map_opens_the_default_plan_and_deleting_it_hands_over(cast):
    community = cast.community
    first = make_plan(community, title="乙图")
    second = make_plan(community, title="甲图")
    place = pin(PlaceFactory(community=community), first, "0.5", "0.5")
    client = cast.client_for("office")
    assert client.get(map_url(cast)).context["plan"] == first
    assert client.get(map_url(cast) + f"?plan={second.pk}").context["plan"] == second
    client.post(reverse("hazards:site_plan_delete", args=[community.slug, first.pk]))
    second.refresh_from_db()
    place.refresh_from_db()
    assert second.is_default and not place.is_pinned and place.plan_x is None
    assert client.get(map_url(cast)).context["plan"] == second


def test_map_without_a_plan_says_so_and_offers_the_upload_to_the_office(cast):
    PlaceFactory(community=cast.community, risk_level="red", name="加油站")
    html = cast.client_for("office").get(map_url(cast)).content.decode()
    assert "尚未上传社区平面图或辖区图。" in html and "尚无场所填写经纬度。" in html
    assert 'id="pin-form"' not in html and "加油站" in html
    html = cast.client_for("reviewer").get(map_url(cast)).content.decode()
    assert "尚未上传社区平面图或辖区图。" in html and "上传平面图" not in html


# Query count -----------------------------------------------------------------------------------


def populate(cast, count):
    community = cast.community
    plans = [make_plan(community, title="全域"), make_plan(community, title="市场")]
    levels = [*charts.RISK_ORDER, ""]
    for index in range(count):
        place = PlaceFactory(
            community=community,
            risk_level=levels[index % 5],
            working_group=cast.group if index % 2 else cast.other_group,
            is_key_place=index % 7 == 0,
            longitude=Decimal("120.15") + Decimal(index) / 1000 if index % 3 else None,
            latitude=Decimal("30.28") + Decimal(index) / 2000 if index % 3 else None,
        )
        if index % 4:
            pin(place, plans[index % 2], f"0.{index % 9 + 1}", f"0.{index % 8 + 1}")
        HazardFactory(community=community, place=place, level=levels[(index + 2) % 5])


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("who", ["office", "leader", "reviewer"])
def test_map_query_count_does_not_grow_with_places(cast, django_assert_max_num_queries, count, who):
    populate(cast, count)
    client = cast.client_for(who)
    client.get(map_url(cast))
    with django_assert_max_num_queries(7):  # 4-5 today, flat in the number of places
        response = client.get(map_url(cast))
    assert response.status_code == 200
    assert len(response.context["items"]) == count


def test_map_query_count_is_the_same_for_5_and_50_places(cast, settings):
    settings.KEEP_PAGE_CONTENT = False  # the map as computed, not as kept from the first request
    client = cast.client_for("leader")

    def queries():
        client.get(map_url(cast))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(map_url(cast)).status_code == 200
        return len(captured)

    populate(cast, 5)
    few = queries()
    Place.objects.all().delete()
    SitePlan.objects.all().delete()
    populate(cast, 50)
    assert queries() == few


# The dossier (element 3) ---------------------------------------------------------------------------


def test_dossier_element_3_holds_the_map_on_the_default_plan(cast):
    from archive.dossier_content import chapter

    community = cast.community
    plan = make_plan(community, title="幸福街道辖区平面图")
    red = pin(PlaceFactory(community=community, risk_level="red"), plan, "0.5", "0.5")
    pin(PlaceFactory(community=community, risk_level="blue"), plan, "0.2", "0.2")
    PlaceFactory(community=community, risk_level="yellow")  # not pinned
    located(community, "有坐标", "120.15", "30.28")
    today = datetime.date.today()
    content = chapter(community, 3, Period(today - datetime.timedelta(days=365), today, ""))
    captions = [item.caption for item in content["evidence"].charts]
    assert "风险四色分布图（幸福街道辖区平面图，已标注 2 处，未标注 2 处）" in captions
    assert "风险四色分布（按经纬度）" in captions
    html = render_to_string("pdf/report_evidence.html", {"evidence": content["evidence"]})
    assert 'class="chart-svg site-map' in html and 'class="chart-svg coord-map' in html
    assert 'href="file://' in html  # the picture, read from disk by the PDF renderer
    assert f'data-place="{red.pk}"' in html and "<a href" not in html
    drawn = markers(next(c.svg for c in content["evidence"].charts if "site-map" in str(c.svg)))
    assert drawn[red.pk][1] == charts.RISK_COLOURS["red"]


def test_dossier_without_a_plan_has_no_plan_map(cast):
    from hazards import evidence

    PlaceFactory(community=cast.community, risk_level="red")
    today = datetime.date.today()
    found = evidence.collect(cast.community, 3, Period(today.replace(day=1), today, ""))
    assert not [c for c in found.charts if "site-map" in str(c.svg)]
    assert not [c for c in found.charts if "coord-map" in str(c.svg)]


# The demo ----------------------------------------------------------------------------------------


def test_demo_plan_has_pinned_places_in_all_four_colours(cast):
    from hazards.demo import maps as demo_maps

    community = cast.community
    kinds = ["hazchem", "school", "market", "shop", "residential"]
    places = [
        PlaceFactory(
            community=community,
            kind=kinds[index % 5],
            risk_level=["blue", "yellow", "orange"][index % 3],
        )
        for index in range(20)
    ]
    plan = demo_maps.seed_site_plan(community, places, random.Random(3))
    plan.refresh_from_db()
    assert plan.is_default and (plan.width, plan.height) == demo_maps.SIZE
    pinned = Place.objects.filter(community=community, site_plan=plan)
    assert pinned.count() == 20
    for place in pinned:
        assert 0 < place.plan_x < 1 and 0 < place.plan_y < 1
        if place.has_coordinates:
            assert not place.outside_china()
    assert pinned.filter(longitude__isnull=False).count() == 10
    assert set(pinned.values_list("risk_level", flat=True)) == set(charts.RISK_ORDER)
    svg = maps.plan_svg(plan, maps.map_places(community), image_href="/p.png")
    assert len(markers(svg)) == 20


def test_demo_plan_saves_the_red_place_even_beyond_the_pinned_ones(cast, monkeypatch):
    from hazards.demo import maps as demo_maps

    community = cast.community
    places = [PlaceFactory(community=community, kind="shop", risk_level="blue") for _i in range(3)]
    chemicals = PlaceFactory(community=community, kind="hazchem", risk_level="orange")
    places.append(chemicals)
    monkeypatch.setattr(demo_maps, "MAX_PINS", 2)
    demo_maps.seed_site_plan(community, places, random.Random(3))
    chemicals.refresh_from_db()
    assert chemicals.risk_level == "red"
