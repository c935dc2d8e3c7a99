"""A faster ``get_FOO_display()`` for fields with static choices.

Django's ``Model._get_FIELD_display`` rebuilds ``dict(make_hashable(field.flatchoices))`` on
every call, and hashing each (value, lazy label) pair translates every label of the field. A list
page of 25 rows with a few choice columns thus ran a thousand translations per request. This
version keeps a {value: label} map per field (labels stay lazy, so each call translates one label
in the active language) and gives the same answer; fields with callable choices keep Django's.
"""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_django_display = models.Model._get_FIELD_display


def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
    choices = field.choices
    if not isinstance(choices, list | tuple):
        return _django_display(self, field)
    cached = field.__dict__.get("_display_map")
    if cached is None or cached[0] is not choices:
        cached = (choices, {make_hashable(value): label for value, label in field.flatchoices})
        field.__dict__["_display_map"] = cached
    value = getattr(self, field.attname)
    return force_str(cached[1].get(make_hashable(value), value), strings_only=True)


def install():
    """Rebind every model's Django-made ``get_FOO_display`` to the mapped version."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            if isinstance(current, partialmethod) and current.func is _django_display:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))


def label_choices(rows, *names):
    """Set ``<name>_label`` on each row from the field's choices, looked up once per page:
    ``get_FOO_display`` per row and column costs more than the rest of a list row."""
    rows = list(rows)
    if not rows:
        return rows
    meta = rows[0]._meta
    for name in names:
        labels = {value: str(label) for value, label in meta.get_field(name).flatchoices}
        for row in rows:
            value = getattr(row, name)
            setattr(row, f"{name}_label", labels.get(value, value))
    return rows


def attribute(obj, path):
    """A dotted attribute path of obj, as the generic list table shows it (``|attr``): a choice
    field's label, a method's result, a related manager's members joined; "" past a None."""
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


class TableRows:
    """The generic list table's rows, resolved when the template iterates them (a template that
    draws its own table never pays): per row the link of its first cell (or "") and the cells,
    the first as ``|attr`` gives it when linked, every other None written as ""."""

    def __init__(self, objects, columns):
        self.objects, self.paths = objects, [path for _label, path in columns]

    def __iter__(self):
        for obj in self.objects:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            cells = [attribute(obj, path) for path in self.paths]
            for index, value in enumerate(cells):
                if value is None and (index or not url):
                    cells[index] = ""
            yield url, cells
