"""The audit trail of a record as people read it (django-simple-history underneath).

Every record page shows the same "修改记录" panel (``templates/_history.html``); this module turns
simple-history's versions into rows of who did what, with each changed field by its verbose name
and its old and new values as the record's page shows them: choices by label, related records by
name, yes/no, dates as dates. Models list fields whose values must never be shown there (personal
data) in ``history_private_fields``: such a change is named, its values are not.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .elements import TargetGroup

EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    private: bool = False


@dataclass
class HistoryRow:
    when: datetime.datetime
    action: str
    who: object
    changes: list = field(default_factory=list)

    def __iter__(self):
        # (when, action, who, changed labels), as the rows were before values were shown.
        return iter((self.when, self.action, self.who, [c.label for c in self.changes]))


def _label_of(model_field):
    return str(model_field.verbose_name) if model_field is not None else ""


def _related_names(model, pks):
    """{pk: str(record)} of ``model`` in one query."""
    pks = {pk for pk in pks if pk not in (None, "")}
    if not pks:
        return {}
    return {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}


def _scalar(model_field, value):
    """One stored value as text, the way the record's page writes it."""
    if value is None or value == "" or value == []:
        return EMPTY
    choices = getattr(model_field, "flatchoices", None)
    if choices:
        labels = dict(choices)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, int | float):
        return number_format(value)
    if isinstance(value, list | tuple):
        groups = dict(TargetGroup.choices)
        return "、".join(str(groups.get(item, item)) for item in value) or EMPTY
    if isinstance(value, models.fields.files.FieldFile) or isinstance(
        model_field, models.FileField
    ):
        return (str(getattr(value, "name", value)) or "").rsplit("/", 1)[-1] or EMPTY
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _m2m_pks(model_field, rows):
    """The related pks in simple-history's m2m diff rows ([{"meeting": 1, "member": 3}, …])."""
    target = model_field.m2m_reverse_field_name()
    return [row.get(target) for row in rows or () if isinstance(row, dict)]


def describe_changes(obj, delta):
    """[Change] for a simple-history ``ModelDelta`` of ``obj``'s model."""
    meta = obj._meta
    private = set(getattr(obj, "history_private_fields", ()))
    fields_by_name = {}
    for f in meta.get_fields():
        if getattr(f, "concrete", False) or f.many_to_many:
            fields_by_name[f.name] = f
            if getattr(f, "attname", None):
                fields_by_name[f.attname] = f
    changes = []
    for change in delta.changes:
        model_field = fields_by_name.get(change.field)
        label = _label_of(model_field) or change.field
        if change.field in private or (model_field is not None and model_field.name in private):
            changes.append(Change(label, private=True))
            continue
        if model_field is not None and model_field.many_to_many:
            old_pks, new_pks = _m2m_pks(model_field, change.old), _m2m_pks(model_field, change.new)
            names = _related_names(model_field.related_model, [*old_pks, *new_pks])
            old = "、".join(names.get(pk, str(pk)) for pk in old_pks) or EMPTY
            new = "、".join(names.get(pk, str(pk)) for pk in new_pks) or EMPTY
        elif model_field is not None and model_field.is_relation:
            names = _related_names(model_field.related_model, [change.old, change.new])
            old = names.get(change.old, _scalar(None, change.old))
            new = names.get(change.new, _scalar(None, change.new))
        else:
            old, new = _scalar(model_field, change.old), _scalar(model_field, change.new)
        if old != new:
            changes.append(Change(label, old, new))
    return changes


def history_rows(obj, limit=20):
    """The latest ``limit`` versions of ``obj`` as [HistoryRow], newest first."""
    if not hasattr(obj, "history"):
        return []
    records = list(obj.history.select_related("history_user").all()[: limit + 1])
    actions = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
    rows = []
    for index, record in enumerate(records[:limit]):
        changes = []
        if index + 1 < len(records) and record.history_type == "~":
            try:
                delta = record.diff_against(records[index + 1])
            except Exception:  # noqa: BLE001 - a schema change between versions
                delta = None
            if delta is not None:
                changes = describe_changes(obj, delta)
        rows.append(
            HistoryRow(
                record.history_date,
                actions.get(record.history_type, ""),
                record.history_user,
                changes,
            )
        )
    return rows
