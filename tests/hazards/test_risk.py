"""Risk evaluation: matrix and LEC levels at their boundaries, and the configured bands."""

import re
from decimal import Decimal

import pytest

from hazards import risk
from hazards.choices import RiskLevel
from safecommunity import charts

# standards.md §5.4, the convention marked H (S51): 1–3 低(蓝), 4–9 一般(黄), 10–16 较大(橙),
# 20–25 重大(红). Every product a 5 × 5 matrix can give, with its band.
CONVENTION = {
    RiskLevel.BLUE: {1, 2, 3},
    RiskLevel.YELLOW: {4, 5, 6, 8, 9},
    RiskLevel.ORANGE: {10, 12, 15, 16},
    RiskLevel.RED: {20, 25},
}
CELLS = [(likelihood, severity) for likelihood in range(1, 6) for severity in range(1, 6)]


def test_the_convention_covers_every_product_of_the_matrix():
    assert set().union(*CONVENTION.values()) == {lk * sv for lk, sv in CELLS}


@pytest.mark.parametrize(("likelihood", "severity"), CELLS)
def test_matrix_level_follows_the_documented_convention(likelihood, severity):
    score = likelihood * severity
    (expected,) = [level for level, scores in CONVENTION.items() if score in scores]
    assert risk.matrix_score(likelihood, severity) == score
    assert risk.matrix_level(likelihood, severity) == expected


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    [
        (1, 3, RiskLevel.BLUE),  # 3: top of 低
        (2, 2, RiskLevel.YELLOW),  # 4: bottom of 一般 (was 低 under ≥5)
        (3, 3, RiskLevel.YELLOW),  # 9: top of 一般
        (2, 5, RiskLevel.ORANGE),  # 10: bottom of 较大
        (3, 5, RiskLevel.ORANGE),  # 15: 较大 (was 重大 under ≥15)
        (4, 4, RiskLevel.ORANGE),  # 16: top of 较大
        (4, 5, RiskLevel.RED),  # 20: bottom of 重大
        (5, 5, RiskLevel.RED),
    ],
)
def test_matrix_band_boundaries(likelihood, severity, level):
    assert risk.matrix_level(likelihood, severity) == level


def _cell_colours(svg):
    """{score: {fills}} of the heat map's cells, read from the cells' tooltips ("… = 12: 0")."""
    cells = {}
    for match in re.finditer(
        r'<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>[^<]*?= (\d+): \d+</title>', svg
    ):
        cells.setdefault(int(match.group(2)), set()).add(match.group(1))
    return cells


def test_heat_map_colours_every_cell_with_the_recorded_level_function(settings):
    from hazards.charts import risk_matrix
    from hazards.models import Hazard

    for bands in (
        risk.DEFAULT_MATRIX_BANDS,
        ((15, "red"), (9, "orange"), (4, "yellow"), (0, "blue")),
    ):
        settings.HAZARDS_MATRIX_BANDS = bands
        svg = str(risk_matrix(Hazard.objects.none()))
        by_score = _cell_colours(svg)
        assert len(by_score) == len({lk * sv for lk, sv in CELLS})
        for likelihood, severity in CELLS:
            level = risk.matrix_level(likelihood, severity)
            assert by_score[likelihood * severity] == {charts.RISK_COLOURS[level]}


@pytest.mark.parametrize(
    ("l_value", "e_value", "c_value", "score", "level", "danger_class"),
    [
        ("0.5", "1", "15", "7.5", RiskLevel.BLUE, "稍有危险，可以接受"),
        ("3", "2", "7", "42", RiskLevel.BLUE, "一般危险，需要注意"),
        ("1", "10", "7", "70", RiskLevel.YELLOW, "显著危险，需要整改"),
        ("3", "6", "7", "126", RiskLevel.YELLOW, "显著危险，需要整改"),
        ("6", "6", "7", "252", RiskLevel.ORANGE, "高度危险，需立即整改"),
        ("10", "6", "7", "420", RiskLevel.RED, "极其危险，不能继续作业"),
    ],
)
def test_lec_score_level_and_danger_class(l_value, e_value, c_value, score, level, danger_class):
    d = risk.lec_score(Decimal(l_value), Decimal(e_value), Decimal(c_value))
    assert d == Decimal(score)
    assert risk.lec_level(l_value, e_value, c_value) == level
    assert str(risk.lec_danger_class(d)) == danger_class


def test_bands_come_from_settings(settings):
    settings.HAZARDS_MATRIX_BANDS = ((15, "red"), (9, "orange"), (4, "yellow"), (0, "blue"))
    assert risk.matrix_level(3, 5) == RiskLevel.RED  # 15 is 重大 under the DB37-style scheme
    assert risk.matrix_level(3, 3) == RiskLevel.ORANGE
    assert "重大 R≥15" in risk.bands_description()


def test_plain_numbers_drop_trailing_zeros():
    assert risk.plain(Decimal("4000.00")) == "4000"
    assert risk.plain(Decimal("7.50")) == "7.5"
    assert risk.plain(None) == ""
