"""Hand a community over: export it to one ZIP, import that ZIP into an empty community.

The ZIP holds ``manifest.json``, one XLSX per ledger under ``ledgers/`` and every evidence file
under ``files/<NN-element>/<ledger>/``; ``archive.handover`` says what a ledger is and how its
cells read. Files are read and written through the FieldFile API only (``open('rb')``,
``save(name, File)``), so the storage backend and upload checks stay someone else's business.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from safecommunity.importing import RowProblem
from safecommunity.models import bump

from .. import handover
from ..handover import REF, CellError, Column, headers, ledgers

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path
    from typing import IO, Any

    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.db.models import Model

    from committee.models import Community, User

    from ..handover import Ledger

FORMAT = "safecommunity-handover"
MANIFEST = "manifest.json"
PROFILE_FILE = "ledgers/community.xlsx"
CHUNK = 1024 * 1024


class HandoverError(Exception):
    """The package cannot be imported at all (not ours, wrong version, community not empty)."""


# Export -----------------------------------------------------------------------------------------


def _profile_columns() -> list[Column]:
    from committee.models import Community

    return [
        Column(str(f.verbose_name), f, handover._kind(f))
        for f in (Community._meta.get_field(name) for name in handover.PROFILE_FIELDS)
    ]


def _workbook_bytes(title: str, header_row: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet; text stays text (a cell starting with '=' is not turned into a formula)."""
    import io

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header_row)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(ledger: Ledger) -> str:
    return "".join(ch for ch in ledger.title if ch not in "[]:*?/\\") or ledger.label


class _Keys:
    """How each record is named in the export: its hand-over number, its natural key."""

    def __init__(self, community: Community, all_ledgers: Iterable[Ledger]) -> None:
        self.refs = {}
        self.keys = {}
        for ledger in all_ledgers:
            key = ledger.natural_key
            values = ["pk", key] if key else ["pk"]
            refs, keys = {}, {}
            for number, row in enumerate(ledger.queryset(community).values_list(*values), start=1):
                refs[row[0]] = number
                keys[row[0]] = row[1] if key else number
            self.refs[ledger.model] = refs
            self.keys[ledger.model] = keys
        self.usernames = dict(get_user_model()._default_manager.values_list("pk", "username"))
        self.uuid_labels = {}
        self.globals = {}

    def global_key(self, obj: Model) -> str:
        cache_key = (type(obj), obj.pk)
        if cache_key not in self.globals:
            self.globals[cache_key] = handover.global_key(obj)
        return self.globals[cache_key]


def _cells(
    ledger: Ledger,
    obj: Model,
    keys: _Keys,
    archive: zipfile.ZipFile,
    files: list[dict[str, Any]],
    missing: list[dict[str, Any]],
) -> list[Any]:
    ref = keys.refs[ledger.model][obj.pk]
    row = [ref]
    for column in ledger.columns:
        f = column.field
        kind = column.kind
        if kind == "fk":
            target_pk = getattr(obj, f.attname)
            row.append(keys.keys[column.target.model].get(target_pk, "") if target_pk else "")
        elif kind == "user":
            row.append(keys.usernames.get(getattr(obj, f.attname), ""))
        elif kind == "key":
            related = getattr(obj, f.name)
            row.append(keys.global_key(related) if related is not None else "")
        elif kind in ("generic_type", "generic_ref"):
            row.append(_generic_cell(obj, f, kind, keys))
        elif kind == "uuid":
            value = getattr(obj, f.attname)
            label = keys.uuid_labels.setdefault(value, f"#{len(keys.uuid_labels) + 1}")
            row.append(label if value else "")
        elif kind == "file":
            row.append(_copy_file(ledger, column, ref, obj, archive, files, missing))
        else:
            row.append(handover.render_value(column, getattr(obj, f.attname)))
    for column in ledger.m2m:
        related = getattr(obj, column.field.name).all()
        if column.kind == "users":
            names = sorted(keys.usernames.get(user.pk, "") for user in related)
        else:
            refs = keys.refs[column.target.model]
            target_keys = keys.keys[column.target.model]
            names = [
                str(target_keys[item.pk])
                for item in sorted(related, key=lambda item: refs.get(item.pk, 0))
                if item.pk in target_keys
            ]
        row.append(handover.LIST_SEPARATOR.join(names))
    return row


def _generic_cell(obj: Model, generic: GenericForeignKey, kind: str, keys: _Keys) -> Any:
    content_type_id = getattr(obj, generic.ct_field + "_id", None)
    object_id = getattr(obj, generic.fk_field)
    if not content_type_id or object_id is None:
        return ""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    ref = keys.refs.get(model, {}).get(object_id)
    if ref is None:
        return ""  # the record it pointed at is gone, or not a ledger
    return handover.content_type_label(content_type_id) if kind == "generic_type" else ref


def _copy_file(
    ledger: Ledger,
    column: Column,
    ref: int,
    obj: Model,
    archive: zipfile.ZipFile,
    files: list[dict[str, Any]],
    missing: list[dict[str, Any]],
) -> str:
    stored = getattr(obj, column.field.name)
    if not stored:
        return ""
    member = handover.file_member(ledger, column, ref, obj)
    digest = hashlib.sha256()
    size = 0
    try:
        with stored.open("rb") as source, archive.open(member, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except FileNotFoundError:
        missing.append({"ledger": ledger.label, REF: ref, "field": column.field.name})
        return ""
    files.append(
        {
            "path": member,
            "sha256": digest.hexdigest(),
            "size": size,
            "ledger": ledger.label,
            "ref": ref,
            "field": column.field.name,
        }
    )
    return member


def _prefetch(ledger: Ledger) -> list[str]:
    names = [column.field.name for column in ledger.m2m]
    if ledger.model._meta.model_name == "document":
        names.append("element_links")
    return names


def export_community(community: Community, target: str | Path | IO[bytes]) -> dict[str, Any]:
    """Write the hand-over ZIP of ``community`` to ``target`` (a path or a binary file object).
    Returns the manifest."""
    all_ledgers = ledgers()
    keys = _Keys(community, all_ledgers)
    files, missing, sheets = [], [], []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        profile = _profile_columns()
        data = _workbook_bytes(
            "社区概况",
            [c.heading for c in profile],
            [[handover.render_value(c, getattr(community, c.field.attname)) for c in profile]],
        )
        archive.writestr(PROFILE_FILE, data)
        sheets.append(_sheet_entry(PROFILE_FILE, "community", _("社区概况"), 1, data))
        for ledger in all_ledgers:
            queryset = ledger.queryset(community).prefetch_related(*_prefetch(ledger))
            rows = [
                _cells(ledger, obj, keys, archive, files, missing)
                for obj in queryset.iterator(chunk_size=500)
            ]
            data = _workbook_bytes(_sheet_title(ledger), headers(ledger), rows)
            archive.writestr(ledger.filename, data)
            sheets.append(
                _sheet_entry(ledger.filename, ledger.label, ledger.title, len(rows), data)
            )
        manifest = {
            "format": FORMAT,
            "format_version": handover.FORMAT_VERSION,
            "exported_at": timezone.now().isoformat(),
            "community": {
                "slug": community.slug,
                **{name: str(getattr(community, name)) for name in handover.PROFILE_FIELDS},
            },
            "ledgers": sheets,
            "counts": {sheet["ledger"]: sheet["rows"] for sheet in sheets},
            "not_included": handover.NOT_LEDGERS,
            "files": files,
            "missing_files": missing,
            "personal_data": _(
                "含伤害报告卡的个人信息（姓名、电话、身份证号），请按个人信息保护要求保管和传递。"
            ),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def _sheet_entry(path: str, label: str, title: str, rows: int, data: bytes) -> dict[str, Any]:
    return {
        "ledger": label,
        "title": str(title),
        "file": path,
        "rows": rows,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# Import -----------------------------------------------------------------------------------------


@dataclass
class SheetResult:
    ledger: str
    title: str
    rows: int = 0
    imported: int = 0
    problems: list = field(default_factory=list)  # RowProblem, rows numbered as in the sheet


@dataclass
class HandoverReport:
    sheets: list = field(default_factory=list)
    files: int = 0
    committed: bool = False

    @property
    def problems(self) -> list[tuple[SheetResult, RowProblem]]:
        return [(sheet, problem) for sheet in self.sheets for problem in sheet.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(sheet.imported for sheet in self.sheets)


def community_is_empty(community: Community) -> bool:
    return not any(ledger.queryset(community).exists() for ledger in ledgers())


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise HandoverError(
            _("压缩包中没有有效的 manifest.json，不是本系统导出的交接包。")
        ) from exc
    if manifest.get("format") != FORMAT:
        raise HandoverError(_("压缩包不是本系统导出的社区交接包。"))
    if manifest.get("format_version") != handover.FORMAT_VERSION:
        raise HandoverError(
            _("交接包格式版本 %(found)s 与本系统（%(ours)s）不一致。")
            % {"found": manifest.get("format_version"), "ours": handover.FORMAT_VERSION}
        )
    return manifest


def _rows(archive: zipfile.ZipFile, path: str) -> tuple[list[str], list[tuple[int, tuple]]]:
    """(header, [(sheet row number, values)]) of the first sheet of a workbook in the ZIP."""
    with archive.open(path) as handle:
        book = load_workbook(handle, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(iterator, [])]
        rows = [
            (number, list(values))
            for number, values in enumerate(iterator, start=2)
            if any(v not in (None, "") for v in values)
        ]
        book.close()
    return header, rows


@dataclass
class _Row:
    """One record being read: the instance and what is set once it (or everything) is saved."""

    obj: object
    files: list = field(default_factory=list)  # (field name, ZIP member)
    later: list = field(default_factory=list)  # (attname, target ledger, key): self references
    generic: list = field(default_factory=list)  # (column, cell) of generic relations
    stamps: dict = field(default_factory=dict)  # auto_now(_add) values to put back
    m2m: list = field(default_factory=list)  # (column, [pk])


class _Importer:
    def __init__(self, community: Community, archive: zipfile.ZipFile, user: User) -> None:
        self.community = community
        self.archive = archive
        self.user = user
        self.members = set(archive.namelist())
        self.pk_by_ref = {}
        self.pk_by_key = {}
        self.done = set()
        self.users = dict(get_user_model()._default_manager.values_list("username", "pk"))
        self.uuids = {}
        self.deferred = []  # (sheet, row number, model, pk, callback)
        self.stored = []  # names written to storage, removed again on a rollback

    # cells --------------------------------------------------------------------------------------

    def _target_pk(self, target: Ledger, text: Any) -> int:
        if target.natural_key:
            pk = self.pk_by_key.get(target.model, {}).get(str(text))
        else:
            try:
                pk = self.pk_by_ref.get(target.model, {}).get(int(float(text)))
            except (TypeError, ValueError):
                pk = None
        if pk is None:
            raise CellError(
                _("找不到“%(value)s”（%(what)s）。")
                % {"value": text, "what": target.model._meta.verbose_name}
            )
        return pk

    def apply(self, row: _Row, column: Column, cell: Any) -> None:
        obj = row.obj
        f = column.field
        kind = column.kind
        empty = cell is None or str(cell).strip() == ""
        if kind == "fk":
            if empty:
                setattr(obj, f.attname, None)
            elif column.deferred:
                row.later.append((f.attname, column.target, str(cell).strip()))
            else:
                setattr(obj, f.attname, self._target_pk(column.target, str(cell).strip()))
        elif kind == "user":
            pk = None if empty else self.users.get(str(cell).strip())
            if pk is None and not f.null:
                pk = getattr(self.user, "pk", None)
                if pk is None:
                    raise CellError(_("本系统中没有用户“%(value)s”。") % {"value": cell})
            setattr(obj, f.attname, pk)
        elif kind == "key":
            setattr(
                obj,
                f.attname,
                None if empty else handover.resolve_global(f.related_model, str(cell).strip()).pk,
            )
        elif kind == "uuid":
            setattr(
                obj,
                f.attname,
                self.uuids.setdefault(str(cell), uuid.uuid4()) if not empty else None,
            )
        elif kind == "file":
            if not empty:
                if str(cell) not in self.members:
                    raise CellError(_("压缩包中缺少文件“%(value)s”。") % {"value": cell})
                row.files.append((f.name, str(cell)))
        else:
            setattr(obj, f.attname, handover.parse_value(column, cell))

    # rows ---------------------------------------------------------------------------------------

    def import_ledger(self, ledger: Ledger, sheet: SheetResult) -> None:
        if ledger.filename not in self.members:
            self.done.add(ledger.model)
            return
        header, rows = _rows(self.archive, ledger.filename)
        position = {heading: index for index, heading in enumerate(header)}
        expected = headers(ledger)
        lacking = [h for h in expected if h not in position]
        if lacking:
            sheet.problems.append(
                RowProblem(1, [_("缺少必需的列：%(cols)s") % {"cols": "、".join(lacking)}])
            )
            return
        sheet.rows = len(rows)
        for number, values in rows:
            cells = {heading: values[index] for heading, index in position.items()}
            self.import_row(ledger, sheet, number, cells)
        self.done.add(ledger.model)

    def import_row(
        self, ledger: Ledger, sheet: SheetResult, number: int, cells: dict[str, Any]
    ) -> None:
        row = _Row(ledger.model())
        if ledger.parent is None:
            row.obj.community = self.community
        errors = []
        for column in ledger.columns:
            cell = cells.get(column.heading)
            try:
                if column.kind in ("generic_type", "generic_ref"):
                    row.generic.append((column, cell))
                    continue
                self.apply(row, column, cell)
                if getattr(column.field, "auto_now", False) or getattr(
                    column.field, "auto_now_add", False
                ):
                    row.stamps[column.field.attname] = getattr(row.obj, column.field.attname)
            except CellError as exc:
                errors.append(f"{column.heading}：{exc}")
        for column in ledger.m2m:
            parts = [
                p.strip()
                for p in str(cells.get(column.heading) or "").split(handover.LIST_SEPARATOR)
            ]
            try:
                if column.kind == "users":
                    pks = [self.users[p] for p in parts if p in self.users]
                else:
                    pks = [self._target_pk(column.target, p) for p in parts if p]
                row.m2m.append((column, pks))
            except CellError as exc:
                errors.append(f"{column.heading}：{exc}")
        try:
            ref = int(cells.get(REF))
        except (TypeError, ValueError):
            errors.append(_("%(col)s必须是数字。") % {"col": REF})
        if errors:
            sheet.problems.append(RowProblem(number, errors))
            return
        try:
            with transaction.atomic():
                self._save(ledger, row)
        except ValidationError as exc:
            sheet.problems.append(RowProblem(number, _messages(exc, ledger)))
            return
        except (IntegrityError, DatabaseError) as exc:
            sheet.problems.append(RowProblem(number, [str(exc)]))
            return
        obj = row.obj
        self.pk_by_ref.setdefault(ledger.model, {})[ref] = obj.pk
        if ledger.natural_key:
            keys = self.pk_by_key.setdefault(ledger.model, {})
            keys[str(getattr(obj, ledger.natural_key))] = obj.pk
        for attname, target, text in row.later:
            self.deferred.append((sheet, number, ledger, obj.pk, attname, target, text))
        if row.generic:
            self._generic(sheet, number, ledger, obj, row.generic)
        sheet.imported += 1

    def _save(self, ledger: Ledger, row: _Row) -> None:
        obj = row.obj
        for name, member in row.files:
            stored = getattr(obj, name)
            with self.archive.open(member) as handle:
                stored.save(posixpath.basename(member), File(handle, name=member), save=False)
            self.stored.append((stored.storage, stored.name))
        exclude = [attname.removesuffix("_id") for attname, _target, _text in row.later]
        exclude += [g.ct_field for g, _ct, _fk in ledger.generic]
        exclude += [g.fk_field for g, _ct, _fk in ledger.generic]
        obj.full_clean(exclude=exclude)
        obj.save()
        if row.stamps:
            type(obj)._default_manager.filter(pk=obj.pk).update(**row.stamps)
        for column, pks in row.m2m:
            getattr(obj, column.field.name).set(pks)

    def _generic(
        self,
        sheet: SheetResult,
        number: int,
        ledger: Ledger,
        obj: Model,
        cells: list[tuple[Column, Any]],
    ) -> None:
        by_field = {}
        for column, cell in cells:
            by_field.setdefault(column.field, {})[column.kind] = cell
        for generic, parts in by_field.items():
            label = str(parts.get("generic_type") or "").strip()
            ref = parts.get("generic_ref")
            if not label or ref in (None, ""):
                continue
            self.deferred.append((sheet, number, ledger, obj.pk, generic, label, ref))

    def resolve_deferred(self) -> None:
        for sheet, number, ledger, pk, what, target, text in self.deferred:
            try:
                if isinstance(what, str):
                    updates = {what: self._target_pk(target, text)}
                else:
                    app_label, model_name = target.split(".")
                    content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
                    model = content_type.model_class()
                    target_pk = self.pk_by_ref.get(model, {}).get(int(float(text)))
                    if target_pk is None:
                        raise CellError(
                            _("找不到关联记录“%(value)s”。") % {"value": f"{target} {text}"}
                        )
                    updates = {what.ct_field: content_type, what.fk_field: target_pk}
            except (CellError, ContentType.DoesNotExist, ValueError) as exc:
                sheet.problems.append(RowProblem(number, [str(exc)]))
                continue
            ledger.model._default_manager.filter(pk=pk).update(**updates)

    def remove_stored(self) -> None:
        for storage, name in self.stored:
            storage.delete(name)


def _messages(error: ValidationError, ledger: Ledger) -> list[str]:
    headings = {c.field.name: c.heading for c in ledger.columns if hasattr(c.field, "attname")}
    if not hasattr(error, "error_dict"):
        return [str(m) for m in error.messages]
    messages = []
    for name, errors in error.message_dict.items():
        prefix = "" if name == NON_FIELD_ERRORS else f"{headings.get(name, name)}："
        messages += [f"{prefix}{m}" for m in errors]
    return messages


def _apply_profile(community: Community, archive: zipfile.ZipFile) -> None:
    """Fill the profile fields the receiving community has not set; never its name or slug."""
    if PROFILE_FILE not in archive.namelist():
        return
    header, rows = _rows(archive, PROFILE_FILE)
    if not rows:
        return
    values = dict(zip(header, rows[0][1], strict=False))
    changed = []
    for column in _profile_columns():
        name = column.field.name
        if name == "name" or column.heading not in values:
            continue
        current = getattr(community, name)
        if current not in (None, "", 0) and current != column.field.get_default():
            continue
        try:
            setattr(community, name, handover.parse_value(column, values[column.heading]))
        except CellError:
            continue
        changed.append(name)
    if changed:
        community.full_clean()
        community.save(update_fields=changed)


def import_community(
    community: Community,
    source: str | Path | IO[bytes],
    *,
    user: User | None = None,
    commit: bool = True,
) -> HandoverReport:
    """Import a hand-over ZIP (path or binary file) into ``community``, which must be empty.

    All or nothing, in one transaction: with any row problem (or ``commit=False``, the preview)
    nothing is written and the files stored on the way are removed again. Raises HandoverError
    when the package cannot be used at all.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise HandoverError(_("文件不是有效的 ZIP 压缩包。")) from exc
    with archive:
        manifest = read_manifest(archive)
        if not community_is_empty(community):
            raise HandoverError(
                _("社区“%(name)s”已有数据，交接包只能导入到没有任何台账记录的空社区。")
                % {"name": community.name}
            )
        report = HandoverReport()
        importer = _Importer(community, archive, user)
        counts = manifest.get("counts", {})
        try:
            with transaction.atomic():
                _apply_profile(community, archive)
                for ledger in ledgers():
                    sheet = SheetResult(ledger.label, ledger.title)
                    report.sheets.append(sheet)
                    importer.import_ledger(ledger, sheet)
                    expected = counts.get(ledger.label)
                    if expected is not None and expected != sheet.rows and not sheet.problems:
                        sheet.problems.append(
                            RowProblem(
                                0,
                                [
                                    _("清单记载 %(expected)d 行，表格中有 %(found)d 行。")
                                    % {"expected": expected, "found": sheet.rows}
                                ],
                            )
                        )
                importer.resolve_deferred()
                report.files = len(importer.stored)
                if not (commit and report.ok):
                    transaction.set_rollback(True)
        except BaseException:
            importer.remove_stored()
            raise
        if commit and report.ok:
            report.committed = True
            bump(community.pk)
        else:
            importer.remove_stored()
    return report
