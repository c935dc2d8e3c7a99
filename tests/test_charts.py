import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from safecommunity import charts

SVG = "{http://www.w3.org/2000/svg}"
LIKELIHOOD = ["L1", "L2", "L3", "L4", "L5"]
SEVERITY = ["S1", "S2", "S3", "S4", "S5"]


def by_score(likelihood, severity):
    """A level function for the chart tests (the product passes hazards.risk.matrix_level)."""
    score = likelihood * severity
    return "red" if score >= 15 else "orange" if score >= 10 else "yellow" if score >= 5 else "blue"


def parse(svg):
    return ET.fromstring(str(svg))


def all_text(svg):
    """Every text node of the drawing, tooltips included."""
    return " ".join(t for t in parse(svg).itertext())


def sample_charts(labels):
    values = [float(i + 1) for i in range(len(labels))]
    return {
        "bar": charts.bar_chart(labels, values, title="标题", unit="人"),
        "horizontal": charts.bar_chart(labels, values, horizontal=True),
        "stacked": charts.stacked_bar_chart(labels, {"甲": values, "乙": values}),
        "line": charts.line_chart(labels, {"甲": values, "乙": values}),
        "donut": charts.donut_chart(labels, values),
    }


@pytest.mark.parametrize("kind", ["bar", "horizontal", "stacked", "line", "donut"])
def test_chart_is_a_standalone_accessible_responsive_svg(kind):
    svg = sample_charts(["跌倒", "溺水", "烧烫伤"])[kind]

    root = parse(svg)
    assert isinstance(svg, SafeString)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 ")
    assert "WenQuanYi Micro Hei" in root.get("font-family")
    assert root[0].tag == f"{SVG}title"


@pytest.mark.parametrize("kind", ["bar", "horizontal", "stacked", "line", "donut"])
def test_chart_shows_every_label(kind):
    labels = ["跌倒", "道路交通伤害", "烧烫伤"]
    drawn = [t.text for t in parse(sample_charts(labels)[kind]).iter(f"{SVG}text")]

    for label in labels:
        assert label in drawn


@pytest.mark.parametrize("kind", ["bar", "horizontal", "stacked", "line", "donut"])
def test_chart_escapes_markup_in_labels(kind):
    svg = str(sample_charts(["<script>alert(1)</script>", "A & B"])[kind])

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<script>alert(1)</script>" in all_text(svg)  # escaped, not dropped
    assert "A & B" in all_text(svg)


def test_title_and_series_names_are_escaped():
    svg = str(charts.line_chart(["一月"], {"<b>系列</b>": [1]}, title='"><script>x</script>'))

    assert "<script>" not in svg and "<b>" not in svg
    parse(svg)  # still well-formed XML


def test_long_label_is_cut_with_ellipsis_and_kept_whole_in_a_tooltip():
    long_label = "阳光花园小区业主委员会与物业公司联合管理的地下停车场"
    svg = charts.bar_chart([long_label, "短", "二", "三", "四"], [3, 4, 5, 6, 7])

    shown = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert long_label not in shown
    assert any(text.endswith("…") and long_label.startswith(text[:-1]) for text in shown)
    tooltips = [t.text for t in parse(svg).iter(f"{SVG}title")]
    assert long_label in tooltips


EMPTY_CASES = {
    "bar": lambda: charts.bar_chart([], []),
    "bar-missing-values": lambda: charts.bar_chart(["一月"], [None]),
    "horizontal": lambda: charts.bar_chart([], [], horizontal=True),
    "stacked-no-series": lambda: charts.stacked_bar_chart(["一月"], {}),
    "stacked-no-labels": lambda: charts.stacked_bar_chart([], {"甲": []}),
    "line": lambda: charts.line_chart([], {}),
    "line-missing-values": lambda: charts.line_chart(["一月", "二月"], {"甲": [None, None]}),
    "donut": lambda: charts.donut_chart([], []),
    "donut-all-zero": lambda: charts.donut_chart(["男", "女"], [0, 0]),
    "risk-no-axes": lambda: charts.risk_matrix_chart(
        {}, likelihood_labels=[], severity_labels=[], level_of=by_score
    ),
}


@pytest.mark.parametrize("case", EMPTY_CASES)
def test_empty_data_shows_no_data_message(case):
    svg = EMPTY_CASES[case]()

    assert "暂无数据" in [t.text for t in parse(svg).iter(f"{SVG}text")]


def test_zero_values_are_data_not_emptiness():
    svg = charts.bar_chart(["一月", "二月"], [0, 0])

    assert "暂无数据" not in str(svg)
    assert len(list(parse(svg).iter(f"{SVG}rect"))) == 2


def test_bar_heights_follow_values():
    svg = charts.bar_chart(["少", "多"], [10, 40])

    small, large = (float(r.get("height")) for r in parse(svg).iter(f"{SVG}rect"))
    assert large == pytest.approx(small * 4, rel=0.02)


def test_stacked_bar_shows_totals():
    svg = charts.stacked_bar_chart(["一月", "二月"], {"一般": [3, 1], "重大": [2, 0]})

    drawn = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "5" in drawn and "1" in drawn
    assert "一般" in drawn and "重大" in drawn  # legend


def test_line_chart_breaks_at_missing_values():
    svg = charts.line_chart(["1", "2", "3", "4", "5"], {"甲": [1, 2, None, 4, 5]})

    assert len(list(parse(svg).iter(f"{SVG}polyline"))) == 2
    assert len(list(parse(svg).iter(f"{SVG}circle"))) == 4


def test_donut_legend_gives_percentages():
    svg = charts.donut_chart(["男", "女", "未知"], [52, 45, 3])

    drawn = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert {"52.0%", "45.0%", "3.0%"} <= set(drawn)
    assert "100" in drawn  # the total in the middle


def test_donut_merges_slices_the_legend_cannot_hold():
    labels = [f"类别{i}" for i in range(30)]
    svg = charts.donut_chart(labels, list(range(30, 0, -1)))

    assert "其他" in [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert all(label in all_text(svg) for label in labels)  # still in the description


@pytest.mark.parametrize(
    ("likelihood", "severity", "colour"),
    [
        (5, 5, "#d9363e"),  # 25: red
        (3, 5, "#d9363e"),  # 15: red
        (2, 5, "#f0883e"),  # 10: orange
        (3, 4, "#f0883e"),  # 12: orange
        (1, 5, "#f2c94c"),  # 5: yellow
        (3, 3, "#f2c94c"),  # 9: yellow
        (2, 2, "#2f80ed"),  # 4: blue
        (1, 1, "#2f80ed"),  # 1: blue
    ],
)
def test_risk_matrix_colours_cells_with_the_level_function_given(likelihood, severity, colour):
    svg = charts.risk_matrix_chart(
        {(likelihood, severity): 7},
        likelihood_labels=LIKELIHOOD,
        severity_labels=SEVERITY,
        level_of=by_score,
    )

    cells = {
        rect.find(f"{SVG}title").text: rect.get("fill")
        for rect in parse(svg).iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }
    assert len(cells) == 25
    (tooltip,) = [t for t in cells if f" L{likelihood} " in t and f" S{severity} " in t]
    assert cells[tooltip] == colour
    assert tooltip.endswith(f"= {likelihood * severity}: 7")


def test_risk_matrix_writes_counts_in_cells_and_ignores_keys_outside_the_grid():
    svg = charts.risk_matrix_chart(
        {(5, 5): 2, (1, 1): 12, (6, 1): 99, (0, 0): 98},
        likelihood_labels=LIKELIHOOD,
        severity_labels=SEVERITY,
        level_of=by_score,
        title="风险矩阵",
    )

    drawn = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "2" in drawn and "12" in drawn
    assert "99" not in drawn and "98" not in drawn
    assert {"重大风险", "较大风险", "一般风险", "低风险"} <= set(drawn)
    assert set(LIKELIHOOD + SEVERITY) <= set(drawn)


def test_risk_matrix_grid_follows_label_count():
    svg = charts.risk_matrix_chart(
        {}, likelihood_labels=["低", "中", "高"], severity_labels=["轻", "重"], level_of=by_score
    )

    cells = [r for r in parse(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(cells) == 6
    assert "暂无数据" not in str(svg)  # the coloured scale itself is worth showing


@pytest.mark.parametrize(
    ("max_value", "ticks"),
    [
        (87, [0, 20, 40, 60, 80, 100]),
        (100, [0, 20, 40, 60, 80, 100]),
        (4, [0, 1, 2, 3, 4]),
        (12, [0, 5, 10, 15]),
        (1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0.93, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0, [0, 1]),
        (-5, [0, 1]),
        (float("nan"), [0, 1]),
    ],
)
def test_nice_ticks_are_round_and_cover_the_maximum(max_value, ticks):
    assert charts.nice_ticks(max_value) == pytest.approx(ticks)


def test_nice_ticks_respect_count():
    ticks = charts.nice_ticks(1234, count=10)

    assert len(ticks) <= 11
    assert ticks[-1] >= 1234
    assert ticks == pytest.approx([i * 200 for i in range(8)])


def test_count_axes_have_no_fractional_ticks():
    svg = charts.bar_chart(["一月", "二月"], [1, 2])

    drawn = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert not any("." in text for text in drawn)


def test_bad_values_never_raise():
    svg = charts.bar_chart(["一", "二", "三"], [float("inf"), "x", -3])

    assert "暂无数据" not in str(svg)
    parse(svg)


def test_palette_has_distinct_hex_colours():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) >= 8
    assert all(colour.startswith("#") and len(colour) == 7 for colour in charts.PALETTE)


def test_chart_include_puts_svg_in_a_figure_with_escaped_caption():
    html = render_to_string(
        "_chart.html",
        {"chart": charts.bar_chart(["一月"], [3]), "caption": "图1 <伤害>"},
    )

    assert html.startswith('<figure class="chart"><svg ')
    assert "<figcaption>图1 &lt;伤害&gt;</figcaption></figure>" in html


def test_chart_include_without_caption_has_no_figcaption():
    html = render_to_string("_chart.html", {"chart": charts.donut_chart([], [])})

    assert "figcaption" not in html
