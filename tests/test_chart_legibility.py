"""Risk colours, stack order and text sizes of the server-side charts (issue 20, item 4).

A chart's SVG is scaled to its box: what a reader sees is ``font-size × rendered width ÷ viewBox
width``. On screen the rendered width is at least the ``chart-min-*`` class's minimum (site.css);
in a PDF a chart spans at most the A4 text width (174 mm).
"""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings

from hazards import charts as hazard_charts
from hazards.choices import RiskLevel
from safecommunity import charts
from tests.factories import CommunityFactory
from tests.hazards.factories import HazardFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
A4_TEXT_WIDTH_PT = 174 / 25.4 * 72  # 210 mm less 2 × 18 mm margins, in points


def parse(svg):
    return ElementTree.fromstring(str(svg))


def view_width(root):
    return float(root.get("viewBox").split()[2])


def font_sizes(root):
    sizes = [float(root.get("font-size"))]
    sizes += [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    return sizes


def sample_charts():
    areas = ["交通", "消防", "家居", "老年人", "儿童", "学校", "公共场所", "涉水"]
    return {
        "bar": charts.bar_chart(areas, [3, 8, 1, 4, 9, 2, 5, 7], title="标题", unit="例"),
        "bar-many": charts.bar_chart([f"{m}月" for m in range(1, 37)], list(range(36))),
        "horizontal": charts.bar_chart(
            [f"原因{i}" for i in range(30)], list(range(30)), horizontal=True, unit="例"
        ),
        "stacked": charts.stacked_bar_chart(areas, {"甲": [1] * 8, "乙": [2] * 8}, unit="项"),
        "line": charts.line_chart(["2024", "2025", "2026"], {"甲": [1, 2, 3], "乙": [3, 2, 1]}),
        "donut": charts.donut_chart(areas, [1, 2, 3, 4, 5, 6, 7, 8], title="构成"),
        "matrix": charts.risk_matrix_chart(
            {(1, 1): 2},
            likelihood_labels=["1", "2", "3", "4", "5"],
            severity_labels=["1", "2", "3", "4", "5"],
            level_of=lambda li, si: "red" if li * si >= 15 else "blue",
            title="风险矩阵",
        ),
    }


@pytest.mark.parametrize("kind", list(sample_charts()))
def test_text_is_readable_on_screen_at_the_narrowest_width_a_chart_is_drawn(kind):
    root = parse(sample_charts()[kind])
    classes = root.get("class").split()
    minimum_px = dict(charts.MIN_WIDTH_CLASSES)[
        next(c for c in classes if c in dict(charts.MIN_WIDTH_CLASSES))
    ]
    scale = minimum_px / view_width(root)
    assert min(font_sizes(root)) * scale >= 11


@pytest.mark.parametrize("kind", list(sample_charts()))
def test_text_is_at_least_8pt_across_the_printed_page(kind):
    root = parse(sample_charts()[kind])
    scale = A4_TEXT_WIDTH_PT / view_width(root)
    assert min(font_sizes(root)) * scale >= 8


def test_every_min_width_class_has_its_rule_in_the_site_css():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    for name, px in charts.MIN_WIDTH_CLASSES:
        assert re.search(rf"\.chart svg\.{name}\s*\{{\s*min-width:\s*{px}px;", css), name


def test_risk_badges_in_the_css_use_the_chart_colours():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    for level, colour in charts.RISK_COLOURS.items():
        rule = re.search(rf"\.level-{level}\s*\{{[^}}]*--level-bg:\s*(#[0-9a-fA-F]{{6}})", css)
        assert rule and rule.group(1).lower() == colour.lower(), level


def test_risk_order_is_the_levels_from_the_highest_down():
    assert list(charts.RISK_ORDER) == [
        RiskLevel.RED,
        RiskLevel.ORANGE,
        RiskLevel.YELLOW,
        RiskLevel.BLUE,
    ]
    assert set(charts.RISK_COLOURS) == set(RiskLevel.values)


def _legend(root):
    """[(fill, text)] of the legend keys, in reading order."""
    keys = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "legend-key"]
    texts = list(root.iter(f"{SVG}text"))
    result = []
    for key in keys:
        x, y = float(key.get("x")), float(key.get("y"))
        label = next(
            t
            for t in texts
            if abs(float(t.get("x")) - (x + 15)) < 0.2 and abs(float(t.get("y")) - (y + 10)) < 0.2
        )
        result.append((key.get("fill"), label.text))
    return result


def test_hazard_chart_colours_each_level_with_its_colour_and_lists_the_legend_in_stack_order():
    community = CommunityFactory()
    for level, area in [
        (RiskLevel.BLUE, "traffic"),
        (RiskLevel.YELLOW, "traffic"),
        (RiskLevel.ORANGE, "traffic"),
        (RiskLevel.RED, "traffic"),
        (RiskLevel.YELLOW, "fire"),
    ]:
        HazardFactory(community=community, level=level, safety_area=area)
    from hazards.models import Hazard

    root = parse(hazard_charts.level_by_area(Hazard.objects.filter(community=community)))
    legend = _legend(root)
    assert [fill for fill, _text in legend] == [charts.RISK_COLOURS[lv] for lv in charts.RISK_ORDER]
    assert [text for _fill, text in legend] == [
        "重大（红）",
        "较大（橙）",
        "一般（黄）",
        "低（蓝）",
    ]

    # Every bar segment has its level's colour: the tooltip names the series.
    colour_of = {text: fill for fill, text in legend}
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 5
    for bar in bars:
        series = bar.find(f"{SVG}title").text.split(" · ")[1].split(":")[0]
        assert bar.get("fill") == colour_of[series]

    # Stack order equals legend order: in the first area's bar, 重大 sits at the base (largest y).
    traffic = [b for b in bars if b.find(f"{SVG}title").text.startswith("交通")]
    bottom_up = sorted(traffic, key=lambda b: -float(b.get("y")))
    assert [b.get("fill") for b in bottom_up] == [fill for fill, _text in legend]
