"""Risk evaluation: matrix and LEC levels at their boundaries, and the configured bands."""

from decimal import Decimal

import pytest

from hazards import risk
from hazards.choices import RiskLevel
from safecommunity import charts


@pytest.mark.parametrize(
    ("likelihood", "severity", "score", "level"),
    [
        (1, 1, 1, RiskLevel.BLUE),
        (2, 2, 4, RiskLevel.BLUE),
        (1, 5, 5, RiskLevel.YELLOW),
        (3, 3, 9, RiskLevel.YELLOW),
        (2, 5, 10, RiskLevel.ORANGE),
        (4, 3, 12, RiskLevel.ORANGE),
        (3, 5, 15, RiskLevel.RED),
        (5, 5, 25, RiskLevel.RED),
    ],
)
def test_matrix_score_and_level(likelihood, severity, score, level):
    assert risk.matrix_score(likelihood, severity) == score
    assert risk.matrix_level(likelihood, severity) == level


def test_matrix_levels_agree_with_the_chart_colours_in_every_cell():
    for likelihood in range(1, 6):
        for severity in range(1, 6):
            assert risk.matrix_level(likelihood, severity) == charts.risk_level(
                likelihood, severity
            )


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
    settings.HAZARDS_MATRIX_BANDS = ((20, "red"), (9, "orange"), (4, "yellow"), (0, "blue"))
    assert risk.matrix_level(3, 5) == RiskLevel.ORANGE  # 15 is 较大 under this scheme
    assert risk.matrix_level(4, 5) == RiskLevel.RED
    assert "重大 R≥20" in risk.bands_description()


def test_plain_numbers_drop_trailing_zeros():
    assert risk.plain(Decimal("4000.00")) == "4000"
    assert risk.plain(Decimal("7.50")) == "7.5"
    assert risk.plain(None) == ""
