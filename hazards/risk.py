"""Risk evaluation: the risk matrix (L × S) and LEC (D = L × E × C), each giving a four-colour level.

Band cut-offs differ between sources (standards.md §5), so they are configuration: settings
``HAZARDS_MATRIX_BANDS`` and ``HAZARDS_LEC_BANDS`` override the defaults below. Each is a list of
(lowest score of the band, level) from the highest band down.

``matrix_level`` is the one source of truth for the matrix: recorded evaluations take their level
from it, and the heat map (``hazards.charts.risk_matrix``) colours its cells with it. When the bands
change, recorded levels are recomputed by a data migration (see ``0003_escalation``).
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .choices import RiskLevel

LIKELIHOOD_SCALE = (
    (1, _("极不可能")),
    (2, _("不太可能")),
    (3, _("可能")),
    (4, _("很可能")),
    (5, _("几乎肯定")),
)
SEVERITY_SCALE = (
    (1, _("轻微")),
    (2, _("较小")),
    (3, _("中等")),
    (4, _("严重")),
    (5, _("灾难性")),
)

# LEC scales (作业条件危险性评价法), standards.md §5.3.
LEC_L_SCALE = (
    (Decimal("10"), _("10 完全可以预料")),
    (Decimal("6"), _("6 相当可能")),
    (Decimal("3"), _("3 可能，但不经常")),
    (Decimal("1"), _("1 可能性小，完全意外")),
    (Decimal("0.5"), _("0.5 很不可能，可以设想")),
    (Decimal("0.2"), _("0.2 极不可能")),
    (Decimal("0.1"), _("0.1 实际不可能")),
)
LEC_E_SCALE = (
    (Decimal("10"), _("10 连续暴露")),
    (Decimal("6"), _("6 每天工作时间内暴露")),
    (Decimal("3"), _("3 每周一次或偶然暴露")),
    (Decimal("2"), _("2 每月一次暴露")),
    (Decimal("1"), _("1 每年几次暴露")),
    (Decimal("0.5"), _("0.5 非常罕见地暴露")),
)
LEC_C_SCALE = (
    (Decimal("100"), _("100 大灾难，许多人死亡")),
    (Decimal("40"), _("40 灾难，数人死亡")),
    (Decimal("15"), _("15 非常严重，一人死亡")),
    (Decimal("7"), _("7 严重，重伤")),
    (Decimal("3"), _("3 重大，致残")),
    (Decimal("1"), _("1 引人注目，需要救护")),
)

# R = L × S bands: 1–3 低(蓝) · 4–9 一般(黄) · 10–16 较大(橙) · 20–25 重大(红), the convention
# marked H in /work/shared/domain/standards.md §5.4 (source S51, mtoou.info/tubiao/54344.html),
# with the four levels and colours of 安委办〔2016〕11号 (S50). The other convention there
# (1–3 / 4–8 / 9–12 / 15–25, 山东 DB37 guidance) is marked L (unverified); set
# HAZARDS_MATRIX_BANDS = ((15, "red"), (9, "orange"), (4, "yellow"), (0, "blue")) to use it.
# No product of two 1–5 scores lies between 16 and 20, so "≥ 20" and "20–25" agree.
DEFAULT_MATRIX_BANDS = (
    (20, RiskLevel.RED),
    (10, RiskLevel.ORANGE),
    (4, RiskLevel.YELLOW),
    (0, RiskLevel.BLUE),
)
# D > 320 → 重大; 160–320 → 较大; 70–160 → 一般; < 70 → 低 (one enterprise's mapping, §5.3).
# No product of the scale values equals 320 or 160, so "≥" here and the sources' ">" agree.
DEFAULT_LEC_BANDS = (
    (Decimal("320"), RiskLevel.RED),
    (Decimal("160"), RiskLevel.ORANGE),
    (Decimal("70"), RiskLevel.YELLOW),
    (Decimal("0"), RiskLevel.BLUE),
)

LEC_DANGER_CLASSES = (
    (Decimal("320"), _("极其危险，不能继续作业")),
    (Decimal("160"), _("高度危险，需立即整改")),
    (Decimal("70"), _("显著危险，需要整改")),
    (Decimal("20"), _("一般危险，需要注意")),
    (Decimal("0"), _("稍有危险，可以接受")),
)


def plain(value):
    """A Decimal without trailing zeros or exponent: 4000.00 → "4000", 0.50 → "0.5"."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def _band(score, bands):
    for lowest, level in bands:
        if score >= lowest:
            return level
    return bands[-1][1]


def matrix_bands():
    return getattr(settings, "HAZARDS_MATRIX_BANDS", DEFAULT_MATRIX_BANDS)


def lec_bands():
    return getattr(settings, "HAZARDS_LEC_BANDS", DEFAULT_LEC_BANDS)


def matrix_score(likelihood, severity):
    """R = L × S on the 5 × 5 matrix."""
    return Decimal(int(likelihood) * int(severity))


def matrix_level(likelihood, severity):
    """The four-colour level of L × S under the bands in force (recorded levels and heat map)."""
    return _band(matrix_score(likelihood, severity), matrix_bands())


def lec_score(l_value, e_value, c_value):
    """D = L × E × C, kept to one decimal place (0.1 × 0.5 × 1 is the smallest product)."""
    product = Decimal(str(l_value)) * Decimal(str(e_value)) * Decimal(str(c_value))
    return product.quantize(Decimal("0.01"))


def lec_level(l_value, e_value, c_value):
    return _band(lec_score(l_value, e_value, c_value), lec_bands())


def lec_danger_class(score):
    """The textual LEC danger class (极其危险 … 稍有危险) of a D score."""
    return _band(Decimal(str(score)), LEC_DANGER_CLASSES)


def evaluate(method, *, likelihood=None, severity=None, lec_l=None, lec_e=None, lec_c=None):
    """(score, level) for an assessment's inputs."""
    if method == "matrix":
        return matrix_score(likelihood, severity), matrix_level(likelihood, severity)
    return lec_score(lec_l, lec_e, lec_c), lec_level(lec_l, lec_e, lec_c)


def _describe_bands(bands, symbol):
    parts = []
    previous = None
    for lowest, level in bands:
        label = RiskLevel(level).label
        if lowest and previous is None:
            parts.append(f"{label} {symbol}≥{plain(lowest)}")
        elif lowest:
            parts.append(f"{label} {plain(lowest)}≤{symbol}<{plain(previous)}")
        else:
            parts.append(f"{label} {symbol}<{plain(previous)}")
        previous = lowest
    return "、".join(parts)


def bands_description():
    """The cut-offs in force, in words, for the assessment form."""
    return _("分级：风险矩阵 %(matrix)s；LEC %(lec)s。") % {
        "matrix": _describe_bands(matrix_bands(), "R"),
        "lec": _describe_bands(lec_bands(), "D"),
    }
