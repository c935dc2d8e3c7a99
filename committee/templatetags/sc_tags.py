"""Small presentation helpers shared by all templates."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def attr(obj, path):
    """Resolve a dotted attribute path; choice fields show their label."""
    value = obj
    for part in path.split("."):
        if value is None:
            return ""
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, "")
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all"):
        return "、".join(str(v) for v in value.all())
    return value


@register.simple_tag
def history_rows(obj, limit=20):
    """The audit trail of a record: (when, action, who, [changed field labels])."""
    if not hasattr(obj, "history"):
        return []
    records = list(obj.history.select_related("history_user").all()[: limit + 1])
    labels = {f.name: str(f.verbose_name) for f in obj._meta.fields}
    rows = []
    actions = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
    for index, record in enumerate(records[:limit]):
        changed = []
        if index + 1 < len(records) and record.history_type == "~":
            try:
                delta = record.diff_against(records[index + 1])
                changed = [labels.get(c.field, c.field) for c in delta.changes]
            except Exception:  # noqa: BLE001 - a schema change between versions
                changed = []
        rows.append(
            (
                record.history_date,
                actions.get(record.history_type, ""),
                record.history_user,
                changed,
            )
        )
    return rows


@register.filter
def level_class(level):
    return {
        "red": "level-red",
        "orange": "level-orange",
        "yellow": "level-yellow",
        "blue": "level-blue",
    }.get(str(level), "bg-secondary")


@register.simple_tag(takes_context=True)
def can_edit_obj(context, obj, *edit_roles):
    """Template check mirroring safecommunity.tenancy.can_edit for per-row buttons."""
    from safecommunity.tenancy import OFFICE_ONLY, can_edit

    membership = context.get("membership")
    roles = frozenset(edit_roles) if edit_roles else OFFICE_ONLY
    return can_edit(membership, obj, edit_roles=roles, group=getattr(obj, "working_group", None))
