"""Demo site plan (辖区平面图) for the four-colour risk map: drawn with Pillow — streets, blocks,
a river, Chinese labels in the bundled font — and pins for the community's places, about half of
them with longitude/latitude matching their spot on the plan."""

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from safecommunity.pdf import FONT_PATH

from ..choices import PlaceKind, RiskLevel
from ..models import Place, SitePlan
from ..services.maps import save_site_plan
from .data import BATCH

SIZE = (1600, 1200)
GROUND, BLOCK, PARK, ROAD, RIVER, INK = (
    "#f3f0e8",
    "#e3ddd0",
    "#cfe6c4",
    "#ffffff",
    "#a9cfee",
    "#5b6470",
)
# Roads: (name, horizontal?, position in px)
ROADS = [
    ("人民路", True, 300),
    ("解放路", True, 640),
    ("建设路", True, 960),
    ("和平街", False, 360),
    ("幸福大道", False, 760),
    ("文化街", False, 1120),
]
ROAD_WIDTH = 34
RIVER_X = 1400  # the river (滨河) runs down the east side
BLOCK_NAMES = [
    "幸福小区",
    "实验小学",
    "农贸市场",
    "中心公园",
    "阳光花园",
    "工业园",
    "社区卫生服务中心",
    "老街商铺",
    "街心绿地",
    "建设新村",
    "养老院",
    "文体中心",
    "锦绣苑",
    "物流仓储",
    "步行商业街",
    "加油站",
]
PARKS = {"中心公园", "街心绿地"}
# The plan's corner coordinates (a street in Hangzhou), so pins and coordinates agree.
WEST, NORTH = Decimal("120.1480"), Decimal("30.2800")
SPAN_LON, SPAN_LAT = Decimal("0.0210"), Decimal("0.0135")
MAX_PINS = 120


def seed_site_plan(community, places, rng) -> SitePlan:
    """Draw the plan, store it as the community's default and pin (up to MAX_PINS) places."""
    image, blocks = draw_plan(community.name)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    plan = SitePlan(community=community, title=f"{community.name}辖区平面图", is_default=True)
    plan.image.save("plan.png", ContentFile(buffer.getvalue()), save=False)
    save_site_plan(plan)
    changed = ["site_plan", "plan_x", "plan_y", "longitude", "latitude"]
    if not any(place.risk_level == RiskLevel.RED for place in places):
        # The map should show all four colours: a hazardous chemicals unit is the likely 重大,
        # saved here whether or not it is among the pinned places.
        chemicals = [place for place in places if place.kind == PlaceKind.HAZCHEM]
        if chemicals:
            chemicals[0].risk_level = RiskLevel.RED
            Place.objects.filter(pk=chemicals[0].pk).update(risk_level=RiskLevel.RED)
    pinned = []
    for index, place in enumerate(places[:MAX_PINS]):
        left, top, right, bottom = rng.choice(blocks)
        fx = Decimal(rng.uniform(left + 24, right - 24) / SIZE[0]).quantize(Decimal("0.0001"))
        fy = Decimal(rng.uniform(top + 24, bottom - 24) / SIZE[1]).quantize(Decimal("0.0001"))
        place.site_plan, place.plan_x, place.plan_y = plan, fx, fy
        if index % 2 == 0:
            place.longitude = (WEST + SPAN_LON * fx).quantize(Decimal("0.000001"))
            place.latitude = (NORTH - SPAN_LAT * fy).quantize(Decimal("0.000001"))
        pinned.append(place)
    Place.objects.bulk_update(pinned, changed, batch_size=BATCH)
    return plan


def draw_plan(title):
    """The picture and the blocks (left, top, right, bottom) places may be pinned in."""
    image = Image.new("RGB", SIZE, GROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_PATH), 26)
    small = ImageFont.truetype(str(FONT_PATH), 22)
    big = ImageFont.truetype(str(FONT_PATH), 40)
    xs = [0] + [pos for _n, horizontal, pos in ROADS if not horizontal] + [RIVER_X - 80]
    ys = [120] + [pos for _n, horizontal, pos in ROADS if horizontal] + [SIZE[1] - 20]
    half = ROAD_WIDTH // 2
    blocks = []
    names = iter(BLOCK_NAMES)
    for top, bottom in zip(ys, ys[1:], strict=False):
        for left, right in zip(xs, xs[1:], strict=False):
            box = (left + half + 14, top + half + 14, right - half - 14, bottom - half - 14)
            name = next(names, "")
            draw.rounded_rectangle(box, radius=10, fill=PARK if name in PARKS else BLOCK)
            if name:
                draw.text((box[0] + 14, box[1] + 10), name, font=small, fill=INK)
            blocks.append(box)
    # The river with its embankment road.
    points = [(RIVER_X + 40 * ((y // 200) % 2), y) for y in range(0, SIZE[1] + 200, 200)]
    draw.line(points, fill=RIVER, width=110, joint="curve")
    draw.line([(x - 90, y) for x, y in points], fill=ROAD, width=20, joint="curve")
    draw.text((RIVER_X - 10, 520), "滨\n河", font=font, fill="#3d7ab8", spacing=8)
    for name, horizontal, pos in ROADS:
        if horizontal:
            draw.rectangle((0, pos - half, RIVER_X - 80, pos + half), fill=ROAD, outline="#d4d0c6")
            draw.text((24, pos - 14), name, font=font, fill=INK)
        else:
            draw.rectangle((pos - half, 120, pos + half, SIZE[1]), fill=ROAD, outline="#d4d0c6")
            for offset, char in enumerate(name):
                draw.text((pos - 13, 150 + offset * 30), char, font=font, fill=INK)
    # Title, north arrow and scale bar.
    draw.rectangle((0, 0, SIZE[0], 100), fill="#ffffff")
    draw.text((30, 26), f"{title} 辖区平面图", font=big, fill="#222222")
    draw.polygon([(1520, 20), (1540, 80), (1520, 68), (1500, 80)], fill="#222222")
    draw.text((1510, 78), "北", font=small, fill="#222222")
    draw.rectangle((1180, 60, 1330, 66), fill="#222222")
    draw.text((1180, 24), "0        200 米", font=small, fill="#222222")
    return image, blocks
