"""What a community hand-over contains: its ledgers (台账), their columns, their files.

"Every ledger" is found from the models, not listed by hand:
- every model of a SafeCommunity app with a ``community`` foreign key (the tenant-owned records),
- every model with no community of its own whose required foreign key points at one of those
  (inspection items, drill participants and photos, plan groups, group memberships),
minus what is not the community's record but the installation's or a by-product
(``NOT_LEDGERS``: accounts and roles, notifications, dossier builds, history tables).
The community profile travels as one more sheet. Global reference data (the indicator schemes of
the self-assessment) is referred to by its codes and must exist on the receiving installation.

Every sheet starts with a hand-over number (交接编号): the row's position in the export, which is
not a database id and is the same in an export of the imported copy. References between ledgers
use the target's natural key where the model has one (a working group, place, partner, reporting
unit, shelter or rescue team by its name, unique in the community) and its hand-over number
otherwise. Users are referred to by username (restored only where that account exists).
Columns carry the headings the apps' import Resources use where they have one, else the field's
Chinese name, which ``CommunityResource.header_map`` accepts too.
"""

import datetime
import decimal
import json
import posixpath
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _
from import_export.resources import ModelResource

from committee.models import Community
from safecommunity.elements import Element

from .services.documents import default_element

FORMAT_VERSION = 1
APPS = ("committee", "hazards", "projects", "injuries", "emergency", "archive")
NOT_LEDGERS = {
    "committee.membership": "accounts and roles belong to the installation; grant them again",
    "committee.notification": "in-app messages to users, not a record of the community",
    "archive.dossierbuild": "a generated output; build the dossier again",
}
REF = "交接编号"
PROFILE_SHEET = "community"
PROFILE_FIELDS = (
    "name",
    "kind",
    "area_code",
    "parent_area",
    "population",
    "households",
    "area_km2",
    "target_level",
    "address",
    "introduction",
)
LIST_SEPARATOR = "\n"
KEY_SEPARATOR = "|"
TRUE_WORDS = {"是", "true", "1", "yes", "y", "√"}
FALSE_WORDS = {"否", "false", "0", "no", "n", ""}


class CellError(ValueError):
    """A cell that cannot be read back; the message is shown to the user."""


def element_folder(number):
    return f"{number:02d}-{Element(number).label}"


def _is_history(model):
    return any(f.name == "history_id" for f in model._meta.concrete_fields)


def _community_fk(model):
    for f in model._meta.concrete_fields:
        if f.name == "community" and f.is_relation and f.related_model is Community:
            return f
    return None


@dataclass
class Ledger:
    model: type
    parent: object = None  # the required FK of a child ledger (no community of its own)
    columns: list = field(default_factory=list)
    m2m: list = field(default_factory=list)
    generic: list = field(default_factory=list)

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def title(self):
        return str(self.model._meta.verbose_name_plural)

    @property
    def filename(self):
        return f"ledgers/{self.label}.xlsx"

    @property
    def natural_key(self):
        """The field unique together with the community (name), or None."""
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, models.UniqueConstraint)
                and constraint.condition is None
                and len(constraint.fields) == 2
                and "community" in constraint.fields
            ):
                other = next(f for f in constraint.fields if f != "community")
                if not self.model._meta.get_field(other).is_relation:
                    return other
        return None

    def queryset(self, community):
        manager = self.model._default_manager
        if self.parent is None:
            queryset = manager.filter(community=community)
        else:
            queryset = manager.filter(**{f"{self.parent.name}__community": community})
        # In the order the records were entered: an import enters them in that order, so an
        # export of the copy lists them (and numbers them) the same way. Meta.ordering would
        # not: its "-pk" tie-breaks reverse on every round.
        return queryset.order_by("pk")

    def element(self, obj=None):
        """The element folder its files go in: a document's own first element, else the
        element attachments of this kind of record evidence."""
        numbers = getattr(obj, "element_numbers", None) if obj is not None else None
        if numbers:
            return numbers[0]
        if obj is not None and self.model._meta.model_name == "document":
            return Element.ARCHIVE
        return default_element(self.model())


def _discover():
    tenant = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if _is_history(model) or model._meta.label_lower in NOT_LEDGERS:
                continue
            if _community_fk(model) is not None:
                tenant.append(Ledger(model))
    tenant_models = {ledger.model for ledger in tenant}
    children = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model in tenant_models or _is_history(model):
                continue
            if model._meta.label_lower in NOT_LEDGERS:
                continue
            parent = next(
                (
                    f
                    for f in model._meta.concrete_fields
                    if f.many_to_one and not f.null and f.related_model in tenant_models
                ),
                None,
            )
            if parent is not None:
                children.append(Ledger(model, parent=parent))
    return _ordered(tenant + children)


def _dependencies(ledger, known):
    deps = set()
    for f in ledger.model._meta.get_fields():
        if not (f.concrete or f.many_to_many) or not f.is_relation or f.auto_created:
            continue
        target = f.related_model
        if target in known and target is not ledger.model:
            deps.add(target)
    return deps


def _ordered(ledgers):
    """Dependencies first (a project after its working group, a danger after its hazard),
    otherwise in app and model order."""
    known = {ledger.model: ledger for ledger in ledgers}
    done, result = set(), []
    pending = list(ledgers)
    while pending:
        ready = [ledger for ledger in pending if _dependencies(ledger, known) <= done]
        if not ready:
            names = ", ".join(ledger.label for ledger in pending)
            raise RuntimeError(f"Circular references between ledgers: {names}")
        ledger = ready[0]
        pending.remove(ledger)
        done.add(ledger.model)
        result.append(ledger)
    return result


_LEDGERS = None


def ledgers():
    global _LEDGERS
    if _LEDGERS is None:
        # A package's headings are its format: the same whatever language the first caller
        # (an English page, say) had active, or a Chinese-made package would not import again.
        with translation.override(settings.LANGUAGE_CODE):
            found = _discover()
            by_model = {ledger.model: ledger for ledger in found}
            headings = _resource_headings()
            for ledger in found:
                _build_columns(ledger, by_model, headings.get(ledger.model, {}))
        _LEDGERS = found
    return _LEDGERS


def ledger_for(model):
    return next((ledger for ledger in ledgers() if ledger.model is model), None)


def _resource_headings():
    """attribute → column heading of every app's import/export Resources."""
    headings = {}
    for label in APPS:
        try:
            module = import_module(f"{label}.resources")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.resources":
                raise
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, ModelResource)
                and getattr(value._meta, "model", None) is not None
            ):
                mapping = headings.setdefault(value._meta.model, {})
                for resource_field in value.fields.values():
                    if resource_field.attribute and not resource_field.readonly:
                        mapping.setdefault(resource_field.attribute, resource_field.column_name)
    return headings


# Columns -----------------------------------------------------------------------------------------


@dataclass
class Column:
    heading: str
    field: object
    kind: str  # value, choice, bool, date, datetime, time, decimal, json, uuid, file, user, fk, key
    target: object = None  # Ledger for fk, model for key (global reference data)
    deferred: bool = False  # resolved after every sheet (self references)


def _kind(f):
    if isinstance(f, models.FileField):
        return "file"
    if f.is_relation:
        return "fk"
    if f.choices:
        return "choice"
    if isinstance(f, models.BooleanField):
        return "bool"
    if isinstance(f, models.DateTimeField):
        return "datetime"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.TimeField):
        return "time"
    if isinstance(f, models.DecimalField):
        return "decimal"
    if isinstance(f, models.JSONField):
        return "json"
    if isinstance(f, models.UUIDField):
        return "uuid"
    return "value"


def _build_columns(ledger, by_model, headings):
    used = {REF}
    generic_parts = set()
    for private in ledger.model._meta.private_fields:
        if isinstance(private, GenericForeignKey):
            ct = ledger.model._meta.get_field(private.ct_field)
            fk = ledger.model._meta.get_field(private.fk_field)
            generic_parts |= {ct.name, fk.name}
            ledger.generic.append((private, ct, fk))

    def heading_for(f, suffix=""):
        heading = headings.get(f.name) or str(f.verbose_name)
        heading += suffix
        if heading in used:
            heading = f"{heading}（{f.name}）"
        used.add(heading)
        return heading

    for f in ledger.model._meta.concrete_fields:
        if f.primary_key or f.name == "community" or f.name in generic_parts:
            continue
        kind = _kind(f)
        column = Column("", f, kind)
        if kind == "fk":
            target = f.related_model
            if target is get_user_model():
                column.kind = "user"
            elif target in by_model:
                column.target = by_model[target]
                column.deferred = target is ledger.model
                if column.target.natural_key is None:
                    column.heading = heading_for(f, f"（{REF}）")
            else:
                column.kind = "key"
                column.target = target
        column.heading = column.heading or heading_for(f)
        ledger.columns.append(column)
    for private, ct, fk in ledger.generic:
        ledger.columns.append(Column(heading_for(ct), private, "generic_type"))
        ledger.columns.append(Column(heading_for(fk, f"（{REF}）"), private, "generic_ref"))
    for f in ledger.model._meta.many_to_many:
        if not f.remote_field.through._meta.auto_created:
            continue  # a through model of its own is a ledger of its own
        target = f.related_model
        if target is get_user_model():
            kind, target_ledger = "users", None
        elif target in by_model:
            kind, target_ledger = "m2m", by_model[target]
        else:
            continue
        suffix = "" if kind == "users" or target_ledger.natural_key else f"（{REF}）"
        ledger.m2m.append(Column(heading_for(f, suffix), f, kind, target_ledger))


def headers(ledger):
    return [REF] + [c.heading for c in ledger.columns] + [c.heading for c in ledger.m2m]


# Global reference data by natural key (indicator schemes and their items) -----------------------


def _global_key_fields(model):
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            return [f]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            return [model._meta.get_field(name) for name in constraint.fields]
    raise RuntimeError(f"{model._meta.label} has no natural key for a hand-over")


def global_key(obj):
    parts = []
    for f in _global_key_fields(type(obj)):
        value = getattr(obj, f.name)
        parts.append(global_key(value) if f.is_relation else str(value))
    return KEY_SEPARATOR.join(parts)


def _key_arity(model):
    return sum(
        _key_arity(f.related_model) if f.is_relation else 1 for f in _global_key_fields(model)
    )


def resolve_global(model, text):
    parts = text.split(KEY_SEPARATOR)
    if len(parts) != _key_arity(model):
        raise CellError(_("“%(value)s”不是有效的编码。") % {"value": text})
    lookup, rest = {}, parts
    for f in _global_key_fields(model):
        if f.is_relation:
            arity = _key_arity(f.related_model)
            lookup[f.name] = resolve_global(f.related_model, KEY_SEPARATOR.join(rest[:arity]))
            rest = rest[arity:]
        else:
            lookup[f.name] = rest[0]
            rest = rest[1:]
    try:
        return model._default_manager.get(**lookup)
    except model.DoesNotExist as exc:
        raise CellError(
            _("本系统中没有“%(value)s”（%(what)s），请先建立。")
            % {"value": text, "what": model._meta.verbose_name}
        ) from exc


# Cell values ------------------------------------------------------------------------------------


def _choice_maps(f):
    labels = {}
    for code, label in f.flatchoices:
        labels.setdefault(str(label), []).append(code)
    return labels


def render_value(column, value):
    """A model value as the cell shows it (text or a whole number)."""
    kind = column.kind
    if value is None or value == "":
        return ""
    if kind == "choice":
        label = dict(column.field.flatchoices).get(value)
        if label is None or len(_choice_maps(column.field)[str(label)]) > 1:
            return value
        return str(label)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "datetime":
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if kind in ("date", "time"):
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


def parse_value(column, cell):
    """A cell back into the model value; raises CellError with a message in Chinese."""
    f = column.field
    kind = column.kind
    text = "" if cell is None else str(cell).strip() if not isinstance(cell, (int, float)) else cell
    empty = text == "" or text is None
    if empty:
        if kind == "json":
            return f.get_default()
        if kind == "bool":
            return False
        if f.null:
            return None
        if kind == "choice" and f.has_default():
            return f.get_default()
        return "" if isinstance(f, (models.CharField, models.TextField)) else f.get_default()
    try:
        if kind == "choice":
            text = str(text)
            if text.endswith(".0") and text[:-2].isdigit():
                text = text[:-2]
            for code, _label in f.flatchoices:
                if str(code) == text:
                    return code
            codes = _choice_maps(f).get(text)
            if codes:
                return codes[0]
            raise CellError(_("“%(value)s”不是有效的选项。") % {"value": text})
        if kind == "bool":
            word = str(text).lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise CellError(_("“%(value)s”应为“是”或“否”。") % {"value": text})
        if kind == "datetime":
            value = text if isinstance(text, datetime.datetime) else parse_datetime(str(text))
            if value is None:
                raise CellError(_("“%(value)s”不是有效的日期时间。") % {"value": text})
            return timezone.make_aware(value) if timezone.is_naive(value) else value
        if kind == "date":
            if isinstance(text, datetime.datetime):
                return text.date()
            value = parse_date(str(text)[:10])
            if value is None:
                raise CellError(_("“%(value)s”不是有效的日期。") % {"value": text})
            return value
        if kind == "time":
            value = parse_time(str(text))
            if value is None:
                raise CellError(_("“%(value)s”不是有效的时间。") % {"value": text})
            return value
        if kind == "decimal":
            return decimal.Decimal(str(text))
        if kind == "json":
            return json.loads(text)
        if isinstance(f, (models.IntegerField,)):
            number = decimal.Decimal(str(text))
            if number != number.to_integral_value():
                raise CellError(_("“%(value)s”应为整数。") % {"value": text})
            return int(number)
        return str(text)
    except (decimal.InvalidOperation, json.JSONDecodeError, ValueError) as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(_("“%(value)s”无法识别。") % {"value": text}) from exc


def file_member(ledger, column, ref, obj):
    """Where a record's file goes in the ZIP: foldered by element, named by ledger and number."""
    name = getattr(obj, column.field.attname)
    extension = posixpath.splitext(str(name))[1].lower()
    return posixpath.join(
        "files",
        element_folder(ledger.element(obj)),
        ledger.label,
        f"{ref:05d}-{column.field.name}{extension}",
    )


def content_type_label(content_type_id):
    if not content_type_id:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"
