"""The four-colour risk map (红橙黄蓝): places on a site plan, and by longitude/latitude.

Both pictures are server-side SVG built here, one code path for the map page and the dossier PDF
(element 3). Colours are the product's one risk mapping, ``safecommunity.charts.RISK_COLOURS``;
text and legend come from the same chart module. Fully offline: the plan is an uploaded image
(no tile server), and the coordinates view is a plain equirectangular scatter.

A place's level on the map is its own assessed level (``Place.risk_level``); a place not assessed
itself takes the highest level of its active hazards, and says so in its tooltip.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from safecommunity import charts

from .choices import HazardStatus, RiskLevel
from .models import Hazard, Place, SitePlan

UNASSESSED_COLOUR = charts.OTHER_COLOUR
PLAN_WIDTH = 600  # viewBox units across the plan image
MARKER_RADIUS = 9
LABEL_SIZE = charts.MIN_FONT
LABEL_ALL_UP_TO = 15  # beyond this many markers only 重大/较大 and key places are labelled
LABEL_CHARS = 8
SCATTER_WIDTH = 800


@dataclass
class MapPlace:
    place: Place
    level: str  # a RiskLevel value, or "" when neither the place nor its hazards are assessed
    from_hazards: bool  # the level is the highest of its active hazards, not its own
    url: str = ""

    @property
    def colour(self) -> str:
        return level_colour(self.level)

    @property
    def level_label(self) -> str:
        return RiskLevel(self.level).label if self.level else _("未评定")


def level_colour(level: str) -> str:
    return charts.RISK_COLOURS.get(level, UNASSESSED_COLOUR)


def level_note() -> str:
    return _("场所等级取场所自身评定的风险等级；未评定的场所取其在册危险源的最高等级。")


# --- Reads ---------------------------------------------------------------------------------------


def site_plans(community) -> list[SitePlan]:
    return list(SitePlan.objects.filter(community=community).order_by("-is_default", "title"))


def current_plan(plans: list[SitePlan], pk=None) -> SitePlan | None:
    """The plan asked for (by pk, among the community's), else the default, else the first."""
    if pk not in (None, ""):
        for plan in plans:
            if str(plan.pk) == str(pk):
                return plan
    return next((plan for plan in plans if plan.is_default), plans[0] if plans else None)


def hazard_levels(community) -> dict[int, str]:
    """{place id: highest level of its active assessed hazards} in one query."""
    rows = (
        Hazard.objects.filter(community=community, status=HazardStatus.ACTIVE, place__isnull=False)
        .exclude(level="")
        .order_by()
        .values_list("place_id", "level")
        .distinct()
    )
    levels = {}
    for place_id, level in rows:
        if place_id not in levels or RiskLevel.rank(level) < RiskLevel.rank(levels[place_id]):
            levels[place_id] = level
    return levels


def map_places(
    community,
    *,
    level: str = "",
    category: str = "",
    kind: str = "",
    key_only: bool = False,
    url_of=None,
) -> list[MapPlace]:
    """The community's places in the register, with their map level, filtered; the worst first.

    Two queries whatever the number of places. ``url_of(place)`` gives each marker's link.
    """
    queryset = Place.objects.filter(community=community, is_active=True)
    if category:
        queryset = queryset.filter(category=category)
    if kind:
        queryset = queryset.filter(kind=kind)
    if key_only:
        queryset = queryset.filter(is_key_place=True)
    derived = hazard_levels(community)
    items = []
    for place in queryset.order_by("name"):
        place.community = community  # get_absolute_url needs the slug
        own = place.risk_level
        item = MapPlace(
            place,
            own or derived.get(place.pk, ""),
            from_hazards=not own and place.pk in derived,
        )
        if level and item.level != level:
            continue
        item.url = url_of(place) if url_of else place.get_absolute_url()
        items.append(item)
    items.sort(key=lambda item: (RiskLevel.rank(item.level), item.place.name))
    return items


def level_counts(items: list[MapPlace]) -> list[tuple[str, str, str, int]]:
    """(level, label, colour, count) by level, the highest first, then the unassessed."""
    counts = Counter(item.level for item in items)
    rows = [
        (level, _legend_name(level), level_colour(level), counts.get(level, 0))
        for level in charts.RISK_ORDER
    ]
    if counts.get(""):
        rows.append(("", _legend_name(""), UNASSESSED_COLOUR, counts[""]))
    return rows


def pinned_on(items: list[MapPlace], plan: SitePlan | None) -> list[MapPlace]:
    if plan is None:
        return []
    return [item for item in items if item.place.is_pinned and item.place.site_plan_id == plan.pk]


def unpinned(items: list[MapPlace]) -> list[MapPlace]:
    return [item for item in items if not item.place.is_pinned]


def with_coordinates(items: list[MapPlace]) -> list[MapPlace]:
    return [item for item in items if item.place.has_coordinates]


def outside_china(items: list[MapPlace]) -> list[MapPlace]:
    return [item for item in items if item.place.outside_china()]


def pin_options(items: list[MapPlace]) -> SafeString:
    """The pin form's ``<option>`` per place, its pin and coordinates in ``data-`` attributes
    (what ``map.js`` moves the marker by). Built here, not in the template: a community has
    hundreds of places, and six looked-up, localised values each were most of the page's time."""
    unpinned_note = " · " + _("未标注")
    return format_html_join(
        "",
        '<option value="{}" data-x="{}" data-y="{}" data-plan="{}" data-lon="{}" data-lat="{}">'
        "{}{}</option>",
        (
            (
                _data(place.pk),
                _data(place.plan_x),
                _data(place.plan_y),
                _data(place.site_plan_id),
                _data(place.longitude),
                _data(place.latitude),
                place.name,
                "" if place.is_pinned else unpinned_note,
            )
            for place in (item.place for item in items)
        ),
    )


def _data(value) -> str:
    """A value as ``{{ value|default_if_none:'' }}`` writes it: localised, empty for None."""
    return "" if value is None else str(formats.localize(value))


# --- Pictures ------------------------------------------------------------------------------------


def plan_svg(
    plan: SitePlan,
    items: list[MapPlace],
    *,
    image_href: str,
    links: bool = True,
    legend_items: list[MapPlace] | None = None,
) -> SafeString:
    """The plan image with one coloured circle per pinned place and the legend below it.

    ``image_href`` is the picture's URL (the page) or local URI (the PDF); ``links`` wraps each
    marker in a link to its place (off in the PDF). The legend counts ``legend_items`` (by
    default the markers drawn).
    """
    width = PLAN_WIDTH
    image_h = round(width * plan.aspect, 1)
    markers = pinned_on(items, plan)
    legend_body, legend_h = _legend_block(
        markers if legend_items is None else legend_items, image_h, width
    )
    height = image_h + legend_h
    label_all = len(markers) <= LABEL_ALL_UP_TO
    parts = [
        f'<image href="{escape(image_href)}" x="0" y="0" width="{width}" '
        f'height="{charts.svg_number(image_h)}" preserveAspectRatio="none" class="map-image"/>',
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{charts.svg_number(image_h - 1)}" '
        f'fill="none" stroke="{charts.AXIS_COLOUR}"/>',
        '<g class="map-markers">',
    ]
    # The lowest levels first, so a red marker is never hidden under a blue one.
    for item in reversed(markers):
        cx = float(item.place.plan_x) * width
        cy = float(item.place.plan_y) * image_h
        labelled = label_all or item.level in ("red", "orange") or item.place.is_key_place
        parts.append(_marker(item, cx, cy, links=links, labelled=labelled, max_x=width))
    parts.append("</g>")
    parts += legend_body
    title = _("%(plan)s：场所风险四色分布图") % {"plan": plan.title}
    return _document(width, height, title, parts, "site-map")


def plotted(items: list[MapPlace]) -> list[MapPlace]:
    """The places the coordinates view draws: those with coordinates inside China. One typo
    (a lost digit, swapped values) would otherwise stretch the axes so far that every other
    place lands on one spot; those are listed to check instead (``outside_china``)."""
    return [item for item in with_coordinates(items) if not item.place.outside_china()]


def scatter_svg(items: list[MapPlace], *, links: bool = True, title: str = "") -> SafeString | None:
    """Places by longitude/latitude: equirectangular, the longitude scaled by cos(latitude) so
    distances look right; axes in degrees. None when no place has coordinates inside China."""
    located = plotted(items)
    if not located:
        return None
    lons = [float(item.place.longitude) for item in located]
    lats = [float(item.place.latitude) for item in located]
    scale = math.cos(math.radians((min(lats) + max(lats)) / 2)) or 1.0
    # Pad the extent and keep at least ~500 m across, so one place is not drawn on an axis.
    lon_span = max(max(lons) - min(lons), 0.005)
    lat_span = max(max(lats) - min(lats), 0.005)
    lon_mid, lat_mid = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    lon_lo, lon_hi = lon_mid - lon_span * 0.6, lon_mid + lon_span * 0.6
    lat_lo, lat_hi = lat_mid - lat_span * 0.6, lat_mid + lat_span * 0.6
    left, right, top = 78, 24, 40 if title else 16
    plot_w = SCATTER_WIDTH - left - right
    # Same scale on both axes (in km on the ground): the height follows the extent, bounded.
    ratio = (lat_hi - lat_lo) / ((lon_hi - lon_lo) * scale)
    plot_h = min(max(plot_w * ratio, 220), 460)
    # If the height was bounded, widen the other axis so the scale stays equal.
    if plot_h != plot_w * ratio:
        if plot_h > plot_w * ratio:  # too flat: show more latitude
            extra = (plot_h / plot_w * (lon_hi - lon_lo) * scale - (lat_hi - lat_lo)) / 2
            lat_lo, lat_hi = lat_lo - extra, lat_hi + extra
        else:  # too tall: show more longitude
            extra = ((lat_hi - lat_lo) / scale * plot_w / plot_h - (lon_hi - lon_lo)) / 2
            lon_lo, lon_hi = lon_lo - extra, lon_hi + extra

    def x_of(lon):
        return left + (lon - lon_lo) / (lon_hi - lon_lo) * plot_w

    def y_of(lat):
        return top + (lat_hi - lat) / (lat_hi - lat_lo) * plot_h

    bottom = top + plot_h
    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{charts.svg_number(plot_h)}" '
        f'fill="#fafbfc" stroke="{charts.AXIS_COLOUR}"/>'
    ]
    lon_ticks = charts.range_ticks(lon_lo, lon_hi, 5)
    lat_ticks = charts.range_ticks(lat_lo, lat_hi, 5)
    lon_digits = _digits(lon_ticks)
    lat_digits = _digits(lat_ticks)
    for lon in lon_ticks:
        x = charts.svg_number(x_of(lon))
        parts.append(
            f'<line x1="{x}" y1="{top}" x2="{x}" y2="{charts.svg_number(bottom)}" '
            f'stroke="{charts.GRID_COLOUR}"/>'
        )
        parts.append(
            charts.svg_text(
                x_of(lon), bottom + 18, _degrees(lon, lon_digits, "E", "W"), anchor="middle"
            )
        )
    for lat in lat_ticks:
        y = charts.svg_number(y_of(lat))
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" '
            f'stroke="{charts.GRID_COLOUR}"/>'
        )
        parts.append(
            charts.svg_text(
                left - 6, y_of(lat) + 4.5, _degrees(lat, lat_digits, "N", "S"), anchor="end"
            )
        )
    parts.append(
        charts.svg_text(
            left + plot_w / 2, bottom + 38, _("经度"), anchor="middle", fill=charts.MUTED_COLOUR
        )
    )
    parts.append('<g class="map-markers">')
    label_all = len(located) <= LABEL_ALL_UP_TO
    for item in reversed(located):
        labelled = label_all or item.level in ("red", "orange") or item.place.is_key_place
        parts.append(
            _marker(
                item,
                x_of(float(item.place.longitude)),
                y_of(float(item.place.latitude)),
                links=links,
                labelled=labelled,
                max_x=SCATTER_WIDTH - right,
            )
        )
    parts.append("</g>")
    legend_body, legend_h = _legend_block(located, bottom + 48, SCATTER_WIDTH)
    parts += legend_body
    height = bottom + 48 + legend_h
    return _document(
        SCATTER_WIDTH, height, title or _("场所风险四色分布（经纬度）"), parts, "coord-map"
    )


# --- Pieces --------------------------------------------------------------------------------------


def _legend_name(level):
    if not level:
        return _("未评定")
    return f"{RiskLevel(level).label}（{RiskLevel.colour_label(level)}）"


def _legend_block(items, y, width):
    """The legend by level with counts, and the note on how a place's level is taken."""
    names, colours = [], []
    for _level, name, colour, count in level_counts(items):
        names.append(f"{name} {count}")
        colours.append(colour)
    top = y + 10
    body, rows = charts.svg_legend(names, colours, top, width)
    note_y = top + rows * charts.LEGEND_ROW + 16
    body.append(
        charts.svg_text(
            width / 2,
            note_y,
            level_note(),
            anchor="middle",
            fill=charts.MUTED_COLOUR,
            max_width=width - 16,
        )
    )
    return body, note_y + 10 - y


def _marker(item, cx, cy, *, links, labelled, max_x):
    place = item.place
    tooltip = f"{place.name} · {item.level_label}"
    if item.from_hazards:
        tooltip += _("（按危险源）")
    x, y = charts.svg_number(cx), charts.svg_number(cy)
    shape = (
        f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" fill="{item.colour}" '
        f'stroke="#ffffff" stroke-width="2.5"/>'
    )
    if place.is_key_place:  # a ring marks a key place (重点监管场所)
        shape += (
            f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS + 4}" fill="none" '
            f'stroke="{item.colour}" stroke-width="2"/>'
        )
    label = ""
    if labelled:
        name = place.name if len(place.name) <= LABEL_CHARS else place.name[:LABEL_CHARS] + "…"
        right_side = cx + MARKER_RADIUS + 6 + len(name) * LABEL_SIZE < max_x
        lx = cx + MARKER_RADIUS + 5 if right_side else cx - MARKER_RADIUS - 5
        anchor = "start" if right_side else "end"
        halo = (
            f'<text x="{charts.svg_number(lx)}" y="{charts.svg_number(cy + 4.5)}" '
            f'font-size="{LABEL_SIZE}" text-anchor="{anchor}" fill="#ffffff" stroke="#ffffff" '
            f'stroke-width="3" stroke-linejoin="round">{escape(name)}</text>'
        )
        label = halo + charts.svg_text(lx, cy + 4.5, name, anchor=anchor)
    body = f"<title>{escape(tooltip)}</title>{shape}{label}"
    attrs = (
        f'class="map-marker" data-place="{place.pk}" data-level="{item.level or "none"}" '
        f'data-x="{place.plan_x if place.plan_x is not None else ""}" '
        f'data-y="{place.plan_y if place.plan_y is not None else ""}"'
    )
    if links and item.url:
        return f'<a href="{escape(item.url)}" {attrs}>{body}</a>'
    return f"<g {attrs}>{body}</g>"


def _document(width, height, title, parts, css_class):
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{charts.svg_number(height)}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'role="img" class="chart-svg {css_class} {charts.min_width_class(width)}" '
        f'font-family="{escape(charts.FONT_FAMILY)}" font-size="{charts.LABEL_SIZE}">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # every text above went through escape()


def _digits(ticks):
    if len(ticks) < 2:
        return 3
    step = abs(ticks[1] - ticks[0])
    return max(0, min(6, -math.floor(math.log10(step)) if step < 1 else 0))


def _degrees(value, digits, positive, negative):
    hemisphere = positive if value >= 0 else negative
    return f"{abs(value):.{digits}f}°{hemisphere}"
