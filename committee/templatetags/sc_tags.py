"""Small presentation helpers shared by all templates."""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.translation import gettext

from safecommunity.display import attribute
from safecommunity.models import community_url

register = template.Library()


@register.filter
def attr(obj, path):
    """Resolve a dotted attribute path; choice fields show their label."""
    return attribute(obj, path)


@register.simple_tag
def record_url(url_name, slug, pk):
    """``{% url url_name slug pk %}`` for a community record's page, in the rows of a list:
    the URL is reversed once per process, not per row (``safecommunity.models.community_url``)."""
    return community_url(url_name, slug, pk)


@register.filter(expects_localtime=True)
def ymd(value):
    """``|date:"Y-m-d"`` for the rows of a list, at a fraction of its cost (the date filter goes
    through the format machinery for every call): the same text for a date, a datetime (in local
    time, as the date filter shows it) and an empty value."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date) and value.year >= 1000:
        return value.isoformat()
    return date_filter(value, "Y-m-d")


@register.simple_tag
def history_rows(obj, limit=20):
    """The audit trail of a record (safecommunity.history): rows with readable changes."""
    from safecommunity.history import history_rows as rows

    return rows(obj, limit)


@register.filter
def level_class(level):
    return {
        "red": "level-red",
        "orange": "level-orange",
        "yellow": "level-yellow",
        "blue": "level-blue",
    }.get(str(level), "bg-secondary")


@register.simple_tag
def level_badge(level, label):
    """The risk level badge of ``hazards/_level.html`` without an include per row of a list."""
    if level:
        return format_html('<span class="badge {}">{}</span>', level_class(level), label)
    return format_html('<span class="badge text-bg-light border">{}</span>', gettext("未评价"))


@register.simple_tag(takes_context=True)
def can_edit_obj(context, obj, *edit_roles):
    """Template check mirroring safecommunity.tenancy.can_edit for per-row buttons."""
    from safecommunity.tenancy import OFFICE_ONLY, can_edit

    membership = context.get("membership")
    roles = frozenset(edit_roles) if edit_roles else OFFICE_ONLY
    return can_edit(membership, obj, edit_roles=roles, group=getattr(obj, "working_group", None))
