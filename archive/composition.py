"""Composing the domain apps' evidence into report and dossier sections (summarised, capped)."""

from dataclasses import replace

from django.utils.translation import gettext as _

from safecommunity.elements import Element
from safecommunity.evidence import Table, collect_element

MAX_TABLE_ROWS = 30  # the dossier
REPORT_TABLE_ROWS = 15  # periodic reports are summaries
MAX_PHOTOS = 8
MAX_CHARTS = 4  # per element: SVG charts are the costliest part of the PDF layout
MAX_GAPS = 10


def capped(table, limit=MAX_TABLE_ROWS):
    """The table with at most ``limit`` rows and a note "共 N 条，列出前 M 条" when cut."""
    total = len(table.rows)
    if total <= limit:
        return table
    note = _("共 %(total)s 条，列出前 %(shown)s 条。") % {"total": total, "shown": limit}
    return replace(table, rows=list(table.rows[:limit]), note=f"{table.note} {note}".strip())


def summarised(evidence, *, max_rows=MAX_TABLE_ROWS, max_photos=MAX_PHOTOS, max_charts=MAX_CHARTS):
    """A copy of an ElementEvidence with tables capped, at most ``max_charts`` charts,
    ``max_photos`` photos and MAX_GAPS gaps."""
    return replace(
        evidence,
        tables=[capped(t, max_rows) for t in evidence.tables],
        charts=list(evidence.charts[:max_charts]),
        photos=list(evidence.photos[:max_photos]),
        gaps=capped_list(evidence.gaps),
    )


def capped_list(items, limit=MAX_GAPS):
    """At most ``limit`` items, the last saying how many there were in all."""
    items = list(dict.fromkeys(items))
    if len(items) <= limit:
        return items
    return items[:limit] + [
        _("……共 %(total)s 项，列出前 %(shown)s 项。") % {"total": len(items), "shown": limit}
    ]


def collect(community, elements, period):
    """{element: ElementEvidence} for several elements, in the given order."""
    return {element: collect_element(community, element, period) for element in elements}


def change_table(changes, *, title, key_header):
    """A Table of year-on-year changes (本期 / 去年同期 / 同比)."""
    return Table(
        title=title,
        headers=[key_header, _("本期"), _("去年同期"), _("同比")],
        rows=[[c.label, f"{c.current:g}", f"{c.previous:g}", c.percent_text] for c in changes],
    )


def element_heading(number):
    return f"{number}. {Element(number).label}"
