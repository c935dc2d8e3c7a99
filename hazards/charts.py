"""The hazards app's charts, built on safecommunity.charts: one code path for pages and PDFs."""

from django.db.models import Count
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.elements import SafetyArea

from . import risk
from .choices import RiskLevel


def matrix_counts(queryset):
    """{(likelihood, severity): n} of hazards whose latest evaluation used the matrix."""
    rows = (
        queryset.filter(likelihood__isnull=False, severity__isnull=False)
        .order_by()
        .values("likelihood", "severity")
        .annotate(n=Count("pk"))
    )
    return {(row["likelihood"], row["severity"]): row["n"] for row in rows}


def risk_matrix(queryset, title=""):
    return charts.risk_matrix_chart(
        matrix_counts(queryset),
        likelihood_labels=[str(label) for _v, label in risk.LIKELIHOOD_SCALE],
        severity_labels=[str(label) for _v, label in risk.SEVERITY_SCALE],
        level_of=risk.matrix_level,
        title=title,
    )


def level_by_area_counts(queryset):
    """{area: {level: n}} over the assessed hazards of the queryset."""
    table = {}
    rows = (
        queryset.exclude(level="").order_by().values("safety_area", "level").annotate(n=Count("pk"))
    )
    for row in rows:
        table.setdefault(row["safety_area"], {})[row["level"]] = row["n"]
    return table


def level_by_area(queryset, title=""):
    """Stacked bars of hazards per safety area, one colour per risk level (charts.RISK_COLOURS),
    重大 at the base and first in the legend, then 较大, 一般, 低 (charts.RISK_ORDER)."""
    table = level_by_area_counts(queryset)
    areas = [(code, label) for code, label in SafetyArea.choices if code in table]
    labels = [str(label).removesuffix(str(_("安全"))) or str(label) for _c, label in areas]
    order = [RiskLevel(level) for level in charts.RISK_ORDER]
    series = {
        f"{RiskLevel(level).label}（{RiskLevel.colour_label(level)}）": [
            table[code].get(level, 0) for code, _l in areas
        ]
        for level in order
    }
    colours = [charts.RISK_COLOURS[level] for level in order]
    return charts.stacked_bar_chart(labels, series, title=title, unit=_("项"), colours=colours)
