"""Spreadsheet import and export shared by every app (django-import-export underneath).

What a user of any import page gets:
- CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 (what Excel saves in China), or XLSX;
- headings by our Chinese column names, field names, or aliases a resource declares;
- codes accepted as code or label (``ChoiceWidget``);
- a preview (dry run) with every bad row's spreadsheet row number and reason;
- all or nothing: the file is written only if every row is valid, unless the user asks for the
  valid rows only; either way it runs in one transaction.
"""

import csv
import datetime
import io
import json
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import openpyxl.styles
import openpyxl.utils
import tablib
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from import_export import resources, widgets

from .tenancy import CommunityMixin

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_IMPORT_BYTES = 20 * 1024 * 1024
HEADER_SCAN_ROWS = 10  # title rows and grouped headings above the real heading row


# A spreadsheet program reads a cell starting with one of these as a formula (OWASP "CSV
# injection"): a planted =HYPERLINK(...) beside names and ID numbers leaks them when clicked.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?([eE][+-]?\d+)?")


def neutralise_formula(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with a single quote so it
    stays text. Numbers, dates and text that is a plain number ("-5") are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        if not _NUMBER.fullmatch(value):
            return "'" + value
    return value


def neutralise_dataset(dataset):
    """A copy of a tablib Dataset with every cell through ``neutralise_formula``."""
    safe = tablib.Dataset(headers=[neutralise_formula(h) for h in dataset.headers or []])
    for row in dataset:
        safe.append([neutralise_formula(v) for v in row])
    return safe


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, encoding, empty)."""


def normalise_text(value) -> str:
    """A cell or heading as compared, not as stored: full-width forms folded to half-width
    (（）→(), ／→/, digits), spaces removed. ``1 男`` and ``1男``, ``非故意（意外事故）`` and
    ``非故意(意外事故)`` compare equal."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def normalise_heading(value) -> str:
    """A heading as compared: ``normalise_text`` minus required-marks (``*姓名``, ``姓名：``)."""
    return normalise_text(value).strip("*＊:：")


def decode_csv(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV，或 XLSX 文件。"))


def _decode_cell(raw: bytes, encoding: str):
    """The cell's text, or None when it is not text in the file's encoding. In a GBK file a
    cell that is UTF-8 Chinese (a pasted cell) decodes to GBK mojibake without an error; it
    is recognised by decoding as UTF-8 to characters that GBK text never forms (U+0800 up)."""
    if raw.isascii():
        return raw.decode("ascii")
    if encoding == "utf-8":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if max(map(ord, as_utf8)) >= 0x800:
            return None
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _file_encoding(raw_rows) -> str:
    """UTF-8 when (almost) every non-ASCII cell is UTF-8, else the GB family."""
    utf8 = other = 0
    for row in raw_rows:
        for raw in row:
            if raw.isascii():
                continue
            try:
                raw.decode("utf-8")
                utf8 += 1
            except UnicodeDecodeError:
                other += 1
    return "utf-8" if utf8 >= 9 * other and utf8 else "gb18030"


def decode_csv_rows(data: bytes):
    """(rows of text cells, [(record index, column index)] of cells that could not be decoded).

    The file is decoded cell by cell, so one bad cell (a broken byte, a cell pasted from a
    file in another encoding) is reported where it is instead of making the whole file
    unreadable or turning into mojibake. A bad cell's text is ``""``."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return list(csv.reader(io.StringIO(text, newline=""))), []
    # Delimiters, quotes and line ends are ASCII and never part of a GBK/GB18030 or UTF-8
    # multi-byte character, so the bytes can be split before they are decoded.
    raw_rows = [
        [cell.encode("latin-1") for cell in row]
        for row in csv.reader(io.StringIO(data.decode("latin-1"), newline=""))
    ]
    encoding = _file_encoding(raw_rows)
    rows, bad = [], []
    for r, raw_row in enumerate(raw_rows):
        row = []
        for c, raw in enumerate(raw_row):
            value = _decode_cell(raw, encoding)
            if value is None:
                bad.append((r, c))
                value = ""
            row.append(value)
        rows.append(row)
    filled = sum(1 for raw_row in raw_rows for raw in raw_row if raw.strip())
    if bad and len(bad) * 5 > filled:
        # Mostly undecodable: not a text file in a known encoding at all.
        raise ImportFileError(
            _("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV，或 XLSX 文件。")
        )
    return rows, bad


def _xlsx_rows(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _filled(value):
    return value not in (None, "") and str(value).strip() != ""


def _header_index(rows):
    """The heading row: the first of the top rows filled at least 60 % as wide as the table.
    A title row (全国伤害监测报告卡, merged across) or a row of group headings (患者信息 over
    several columns) above it is sparse and so skipped."""
    top = rows[:HEADER_SCAN_ROWS]
    width = max((sum(_filled(v) for v in row) for row in top), default=0)
    for index, row in enumerate(top):
        if width and sum(_filled(v) for v in row) >= max(1, math.ceil(width * 0.6)):
            return index
    return 0


def load_dataset(data: bytes, filename: str) -> tablib.Dataset:
    """Read an uploaded CSV or XLSX into a tablib Dataset, checking the content, not just the name.

    Besides the rows, the dataset carries ``sheet_rows`` (each data row's row number in the
    file, so reports name the row the user sees even below title rows or after blank rows) and
    ``cell_problems`` (``RowProblem`` errors for cells that could not be decoded)."""
    return dataset_from_rows(*read_rows(data, filename))


def read_rows(data: bytes, filename: str):
    """(every row of the file as a list of cell values, the (row, column) indexes of cells that
    could not be decoded); ``ImportFileError`` for a file that is not a readable CSV or XLSX."""
    name = filename.lower()
    if not data:
        raise ImportFileError(_("文件为空。"))
    bad_cells = []
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportFileError(_("文件内容不是有效的 XLSX 工作簿。"))
        try:
            rows = _xlsx_rows(data)
        except Exception as exc:  # openpyxl raises many kinds
            raise ImportFileError(_("无法读取 XLSX 文件：%(error)s") % {"error": exc}) from exc
    elif name.endswith(".csv"):
        if b"\x00" in data:
            decode_csv(data)  # binary that is not even text in an encoding: say so first
            raise ImportFileError(_("文件内容不是文本 CSV。"))
        try:
            rows, bad_cells = decode_csv_rows(data)
        except csv.Error as exc:
            raise ImportFileError(_("无法读取 CSV 文件：%(error)s") % {"error": exc}) from exc
    else:
        raise ImportFileError(_("只支持 .xlsx 或 .csv 文件。"))
    return rows, bad_cells


def dataset_from_rows(rows, bad_cells=()) -> tablib.Dataset:
    """The Dataset of ``load_dataset`` from ``read_rows``' output: the heading row found below
    any title rows, blank rows dropped, each row's number in the file kept."""
    start = _header_index(rows)
    header_row = rows[start] if rows else []
    above = rows[start - 1] if start else []
    headers = []
    for c, value in enumerate(header_row):
        if not _filled(value) and c < len(above) and _filled(above[c]):
            value = above[c]  # a heading merged down over two heading rows
        headers.append("" if value is None else str(value).strip())
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("文件中没有数据行。"))
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    dataset.sheet_rows = []
    for index in range(start + 1, len(rows)):
        row = list(rows[index][:width])
        if all(not _filled(v) for v in row):
            continue  # Excel leaves blank rows behind
        dataset.append(row + [""] * (width - len(row)))
        dataset.sheet_rows.append(index + 1)
    if dataset.height == 0:
        raise ImportFileError(_("文件中没有数据行。"))
    dataset.cell_problems = []
    for r, c in bad_cells:
        column = headers[c] if c < width else str(c + 1)
        problem = RowProblem(
            r + 1, [_("「%(column)s」列编码无法识别，请检查该单元格的文字。") % {"column": column}]
        )
        dataset.cell_problems.append(problem)
    return dataset


# A staged file is kept as its rows, not its bytes: the confirmation then skips reading the
# workbook again (openpyxl takes 3 s for 10,000 rows of the national card, a quarter of the
# confirmation). Cell values of a workbook that JSON has no type for are tagged.
_CELL_TYPES = {
    "datetime": (datetime.datetime, datetime.datetime.fromisoformat),
    "date": (datetime.date, datetime.date.fromisoformat),
    "time": (datetime.time, datetime.time.fromisoformat),
}


def _cell_to_json(value):
    for tag, (kind, _parse) in _CELL_TYPES.items():
        if type(value) is kind:
            return {"$": tag, "v": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"$": "seconds", "v": value.total_seconds()}
    return str(value)  # anything else a cell holds is read as its text


def _cell_from_json(mapping):
    tag = mapping.get("$")
    if tag == "seconds":
        return datetime.timedelta(seconds=mapping["v"])
    if tag in _CELL_TYPES:
        return _CELL_TYPES[tag][1](mapping["v"])
    return mapping


def stage_rows(path, rows, bad_cells):
    """Keep ``read_rows``' output at ``path`` for ``staged_dataset``."""
    payload = {"rows": rows, "bad_cells": [list(cell) for cell in bad_cells]}
    path.write_text(json.dumps(payload, ensure_ascii=False, default=_cell_to_json), "utf-8")


def staged_dataset(path) -> tablib.Dataset:
    """The Dataset of rows kept by ``stage_rows``, the same as reading the file again."""
    payload = json.loads(path.read_text("utf-8"), object_hook=_cell_from_json)
    return dataset_from_rows(payload["rows"], [tuple(cell) for cell in payload["bad_cells"]])


def sheet_row(dataset, number):
    """The file's row number of import-export's 1-based data row ``number``."""
    rows = getattr(dataset, "sheet_rows", None)
    if rows and 0 < number <= len(rows):
        return rows[number - 1]
    return number + 1


def without_rows(dataset, rows):
    """A copy of ``dataset`` without the data rows at file row numbers ``rows``."""
    copy = tablib.Dataset(headers=dataset.headers)
    copy.sheet_rows = []
    copy.cell_problems = []
    for number, values in enumerate(dataset, 1):
        row = sheet_row(dataset, number)
        if row not in rows:
            copy.append(values)
            copy.sheet_rows.append(row)
    return copy


CODED_VALUE = re.compile(r"^[(\[]?(\d+)[)\]]?[.、,:：_\-]?(.*)$")


class ChoiceWidget(widgets.Widget):
    """Accept a code list value by its code, its label, or both as forms print them
    (``1 男``, ``1.男``, ``(1)男``, ``2 非故意(意外事故)``); full- and half-width alike.
    Export the label, or with ``render_codes`` the code (national reporting systems)."""

    render_codes = False

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.by_code = {str(code): code for code, _label in choices}
        self.by_label = {str(label): code for code, label in choices}
        self.by_key = {normalise_text(label): code for code, label in choices}
        self.label_key_of = {code: normalise_text(label) for code, label in choices}

    def parse(self, value):
        """(code, write-in text) of a cell; write-in is what follows a label and a colon, as in
        ``13 其他：被门夹伤``. Raises ValueError for a value not in the list."""
        if value in (None, ""):
            return "", ""
        text = str(value).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # Excel turns codes into floats
            text = text[:-2]
        if text in self.by_code:
            return self.by_code[text], ""
        if text in self.by_label:
            return self.by_label[text], ""
        key = normalise_text(text)
        head, sep, extra = key.partition(":")
        if sep:  # "13 其他：被门夹伤": the option, then its write-in
            code = self._match(head)
            if code is not None:
                return code, extra
        code = self._match(key)
        if code is not None:
            return code, ""
        raise ValueError(_("“%(value)s”不是有效的选项。") % {"value": text})

    def _match(self, key):
        if key in self.by_key:
            return self.by_key[key]
        match = CODED_VALUE.match(key)
        if match and match.group(1) in self.by_code:
            code = self.by_code[match.group(1)]
            label = match.group(2).lstrip(".、")
            known = self.label_key_of[code]
            if not label or label in known or known in label:
                return code
            raise ValueError(
                _("“%(value)s”的编码与名称不一致（编码 %(code)s 是“%(label)s”）。")
                % {"value": key, "code": match.group(1), "label": self._label(code)}
            )
        return None

    def _label(self, code):
        return next(label for label, c in self.by_label.items() if c == code)

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)[0]

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        if self.render_codes:
            return str(value)
        labels = {code: label for label, code in self.by_label.items()}
        return labels.get(value, str(value))


class CommunityForeignKeyWidget(widgets.ForeignKeyWidget):
    """Look up a related record by a field (usually its name) within the importing community."""

    community = None

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model.objects.all()
        if self.community is not None:
            queryset = queryset.filter(community=self.community)
        return queryset

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(_("找不到“%(value)s”。") % {"value": value}) from exc


class CommunityResource(resources.ModelResource):
    """A ModelResource bound to one community: reads and writes only that community's rows."""

    header_aliases: dict = {}

    def __init__(self, community=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.community = community
        self.user = user
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, CommunityForeignKeyWidget):
                resource_field.widget.community = community

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.community is not None:
            queryset = queryset.filter(community=self.community)
        return queryset

    def init_instance(self, row=None):
        instance = self._meta.model()
        if self.community is not None:
            instance.community = self.community
        return instance

    def before_save_instance(self, instance, row, **kwargs):
        if self.community is not None:
            instance.community = self.community

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # An empty XLSX cell reads as None; a text column without NULL stores it as "".
        for model_field in instance._meta.concrete_fields:
            if (
                isinstance(model_field, models.CharField | models.TextField)
                and not model_field.null
                and getattr(instance, model_field.attname, "") is None
            ):
                setattr(instance, model_field.attname, "")
        refuse_null_characters(instance)

    def header_map(self):
        """Every accepted heading → the resource's own column name."""
        mapping = {}
        for name, resource_field in self.fields.items():
            column = resource_field.column_name
            mapping[column] = column
            mapping[name] = column
            model_field = (
                self._meta.model._meta.get_field(name)
                if _has_field(self._meta.model, name)
                else None
            )
            if model_field is not None:
                mapping[str(model_field.verbose_name)] = column
        for alias, name in self.header_aliases.items():
            if name in self.fields:
                mapping[alias] = self.fields[name].column_name
        return mapping

    def missing_columns(self, headers):
        """Column names of ``required_columns`` that ``headers`` (already normalised) lack."""
        required = getattr(self, "required_columns", None) or ()
        return [
            self.fields[name].column_name
            for name in required
            if name in self.fields and self.fields[name].column_name not in headers
        ]

    def normalise_headers(self, dataset):
        """Rename the file's headings to the resource's column names (compared after
        ``normalise_heading``); headings matching no column are kept and listed in
        ``dataset.unknown_columns``, for the report."""
        mapping = {normalise_heading(k): v for k, v in self.header_map().items()}
        columns = set(mapping.values())
        headers, unknown = [], []
        for heading in dataset.headers:
            text = str(heading or "").strip()
            key = normalise_heading(text)
            column = mapping.get(key)
            if column is None and key.endswith("代码"):
                column = mapping.get(key.removesuffix("代码"))  # 伤害部位代码 (CDC databases)
            if column is None and text in columns:
                column = text
            if column is None and text:
                unknown.append(text)
            headers.append(column or text)
        dataset.headers = headers
        dataset.unknown_columns = unknown
        return dataset


def refuse_null_characters(instance):
    """A NUL character in a text cell (a damaged file, a fuzzed API call) is refused with a field
    error rather than reaching the database: PostgreSQL refuses it with an error (a 500), SQLite
    would store it. (Django's own Chinese for this, 不允许是用空字符串, reads as "no empty string".)"""
    message = _("含有空字符（NUL，通常来自损坏的文件），请删除后重试。")
    errors = {
        model_field.name: [message]
        for model_field in instance._meta.concrete_fields
        if isinstance(value := getattr(instance, model_field.attname, None), str)
        and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


ERROR = "error"
WARNING = "warning"


@dataclass
class RowProblem:
    """What is wrong with one row. An error rejects the row; a warning (something unusual, not
    impossible) lets it import once the user has seen it and confirmed."""

    row: int  # the spreadsheet row (the header is row 1)
    messages: list
    level: str = ERROR

    @property
    def is_warning(self):
        return self.level == WARNING


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list = field(default_factory=list)
    committed: bool = False
    preview: list = field(default_factory=list)  # first rows as (import type, [values])
    headers: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # RowProblem(level=WARNING): rows still import
    unknown_columns: list = field(default_factory=list)  # headings matched to no column

    @property
    def ok(self):
        return not self.problems

    @property
    def bad_rows(self):
        return {p.row for p in self.problems}

    @property
    def warned_rows(self):
        return {p.row for p in self.warnings}

    def add_cell_problems(self, dataset):
        """Merge the cells ``load_dataset`` could not decode into the row errors."""
        by_row = {p.row: p for p in self.problems}
        for problem in getattr(dataset, "cell_problems", ()):
            if problem.row in by_row:
                by_row[problem.row].messages[:0] = problem.messages
            else:
                by_row[problem.row] = RowProblem(problem.row, list(problem.messages))
        self.problems = sorted(by_row.values(), key=lambda p: p.row)
        self.unknown_columns = list(getattr(dataset, "unknown_columns", []))


def _messages_of(error_dict, resource):
    messages = []
    for field_name, errors in error_dict.items():
        if field_name == NON_FIELD_ERRORS:
            prefix = ""
        else:
            resource_field = resource.fields.get(field_name)
            prefix = f"{resource_field.column_name if resource_field else field_name}："
        messages += [f"{prefix}{e}" for e in errors]
    return messages


def problems_of(result, resource, dataset):
    """Row errors of an import-export result, by the file's row numbers."""
    problems = []
    for error in result.base_errors:
        problems.append(RowProblem(0, [str(error.error)]))
    for number, errors in result.row_errors():
        problems.append(RowProblem(sheet_row(dataset, number), [str(e.error) for e in errors]))
    for invalid in result.invalid_rows:
        problems.append(
            RowProblem(
                sheet_row(dataset, invalid.number), _messages_of(invalid.error_dict, resource)
            )
        )
    return sorted(problems, key=lambda p: p.row)


def warnings_of(resource, dataset):
    """The warnings a resource collected (``row_warnings``: data row number → messages)."""
    collected = getattr(resource, "row_warnings", None) or {}
    return [
        RowProblem(sheet_row(dataset, number), list(messages), level=WARNING)
        for number, messages in sorted(collected.items())
    ]


def _report(result, resource, dataset, *, source=None, preview=True):
    """The one report of an import pass: totals, row errors and warnings by the file's row
    numbers, the cells that could not be decoded; ``source`` is the file as read when rows
    were left out of ``dataset`` before the pass."""
    source = dataset if source is None else source
    report = ImportReport(total=source.height, headers=list(source.headers))
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.skipped = result.totals.get("skip", 0)
    report.problems = problems_of(result, resource, dataset)
    report.warnings = warnings_of(resource, dataset)
    report.add_cell_problems(source)
    if preview:
        for row_result in result.rows[:20]:
            if row_result.import_type in ("new", "update", "skip"):
                report.preview.append((row_result.import_type, row_result.diff or []))
    return report


def _missing_columns_report(resource, dataset):
    """A report refusing the file when a required column is missing, else None."""
    missing = resource.missing_columns(dataset.headers)
    if not missing:
        return None
    report = ImportReport(total=dataset.height, headers=list(dataset.headers))
    report.problems.append(
        RowProblem(1, [_("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)}])
    )
    report.unknown_columns = list(getattr(dataset, "unknown_columns", []))
    return report


def run_import(resource, dataset, *, commit=False, only_valid=False):
    """Validate (and with commit=True write) a dataset. All or nothing unless only_valid."""
    resource.normalise_headers(dataset)
    refused = _missing_columns_report(resource, dataset)
    if refused:
        return refused
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, use_transactions=False
        )
        transaction.set_rollback(True)
    report = _report(result, resource, dataset)
    if not commit:
        return report
    if report.problems and not only_valid:
        return report
    if report.problems:
        dataset = without_rows(dataset, report.bad_rows)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, raise_errors=False, use_transactions=False
        )
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
            final = _report(result, resource, dataset)
            final.committed = False
            return final
    final = _report(result, resource, dataset)
    final.committed = True
    final.problems = report.problems  # the rows left out, for the record
    return final


def run_import_once(resource, dataset, *, only_valid=False):
    """Validate and write a dataset in ONE pass, for a resource that writes its rows in bulk
    after validating all of them and honours ``accept_partial`` (the injury cards: a large file
    in half the time). The outcome is ``run_import``'s with commit=True: all or nothing, or with
    ``only_valid`` the valid rows (a row with an undecodable cell is left out)."""
    resource.accept_partial = only_valid
    resource.normalise_headers(dataset)
    refused = _missing_columns_report(resource, dataset)
    if refused:
        return refused
    source = dataset
    undecoded = {p.row for p in getattr(dataset, "cell_problems", ())}
    if undecoded and only_valid:
        dataset = without_rows(dataset, undecoded)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, raise_errors=False, use_transactions=False
        )
        report = _report(result, resource, dataset, source=source, preview=False)
        report.committed = not result.has_errors() and (only_valid or not report.problems)
        if not report.committed:
            transaction.set_rollback(True)
    return report


SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, never empty."""
    name = SHEET_FORBIDDEN.sub("", str(text or "")).strip("'").strip()
    return name[:31] or "Sheet1"


def ledger_title(resource, filename=""):
    """The ledger's name for a sheet: the (Chinese) file name, else the model's plural name."""
    if filename and not str(filename).isascii():
        return str(filename)
    meta = getattr(resource, "_meta", None)
    model = getattr(meta, "model", None)
    return str(model._meta.verbose_name_plural) if model is not None else str(filename)


def export_response(resource, queryset, *, fmt, filename, sheet_title=None):
    """The one way a ledger leaves as CSV or XLSX. XLSX keeps numbers and dates typed (native
    values, not their text) in a sheet named after the ledger; no cell of either format can run
    as a formula."""
    dataset = neutralise_dataset(resource.export(queryset=queryset, force_native_type=fmt != "csv"))
    dataset.title = sheet_name(sheet_title or ledger_title(resource, filename))
    if fmt == "csv":
        # UTF-8 with BOM so Excel on Windows opens it as Chinese text.
        content = "\ufeff" + dataset.export("csv")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        ext = "csv"
    else:
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
        ext = "xlsx"
    return _attachment(response, filename, ext)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response, filename, ext):
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(filename))}.{ext}"
    return response


# --- Import templates ---------------------------------------------------------------------------


@dataclass
class ColumnGuide:
    """One column of an import template, as the notes sheet describes it."""

    column: str
    required: bool
    notes: str
    example: object = ""


def _model_field(resource, resource_field):
    model = resource._meta.model
    name = resource_field.attribute
    if name and "__" not in name and _has_field(model, name):
        return model._meta.get_field(name)
    return None


def _guide(resource, name, resource_field):
    """(notes, example) of one column, from its widget and model field; a resource's
    ``template_notes`` / ``template_examples`` (by field name) say it better where they exist."""
    widget = resource_field.widget
    model_field = _model_field(resource, resource_field)
    today = datetime.date.today()
    notes, example = "", ""
    if isinstance(widget, ChoiceWidget):
        labels = [str(label) for label in widget.by_label]
        notes = _("可选值：%(values)s（也可填编码）") % {"values": "、".join(labels)}
        example = labels[0] if labels else ""
    elif isinstance(widget, widgets.BooleanWidget) or getattr(widget, "TRUE_VALUES", None):
        notes = _("填“是”或“否”")
        example = _("是")
    elif isinstance(widget, widgets.DateWidget | widgets.DateTimeWidget):
        notes = _("日期，如 %(date)s") % {"date": today.isoformat()}
        example = today.isoformat()
    elif isinstance(widget, widgets.ForeignKeyWidget):
        related = widget.model
        queryset = related._default_manager.all()
        if getattr(widget, "community", None) is not None:
            queryset = queryset.filter(community=widget.community)
        names = [str(v) for v in queryset.values_list(widget.field, flat=True)[:10]]
        notes = _("填写本社区已有的%(model)s（%(field)s）") % {
            "model": related._meta.verbose_name,
            "field": related._meta.get_field(widget.field).verbose_name,
        }
        if names:
            notes += _("，如：%(names)s") % {"names": "、".join(names)}
            example = names[0]
    elif isinstance(widget, widgets.IntegerWidget | widgets.DecimalWidget | widgets.FloatWidget):
        notes = _("整数") if isinstance(widget, widgets.IntegerWidget) else _("数字")
        example = 1 if name in (getattr(resource, "required_columns", None) or ()) else ""
        if name == "year":
            example = today.year
    elif model_field is not None and not model_field.blank:
        example = _("示例%(column)s") % {"column": resource_field.column_name}
    if model_field is not None and getattr(model_field, "max_length", None) and not notes:
        notes = _("文字，最多 %(n)d 字") % {"n": model_field.max_length}
    notes = getattr(resource, "template_notes", {}).get(name, notes)
    example = getattr(resource, "template_examples", {}).get(name, example)
    if callable(example):
        example = example(resource)
    return notes, example


def column_guides(resource):
    """[ColumnGuide] for every column the resource imports, in the order of its import."""
    required_names = set(getattr(resource, "required_columns", None) or ())
    guides = []
    for name, resource_field in resource.fields.items():
        if resource_field.readonly or resource_field not in resource.get_import_fields():
            continue
        model_field = _model_field(resource, resource_field)
        required = name in required_names or (
            model_field is not None
            and not model_field.blank
            and not model_field.has_default()
            and not model_field.null
        )
        notes, example = _guide(resource, name, resource_field)
        guides.append(ColumnGuide(resource_field.column_name, required, notes, example))
    return guides


def template_workbook(resource, title) -> bytes:
    """The import template: a sheet named after the ledger with the heading row the import
    reads, and a 填写说明 sheet with each column's meaning, whether it is required, its
    allowed values and an example."""
    guides = column_guides(resource)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name(title)
    sheet.append([g.column for g in guides])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    for index, guide in enumerate(guides, 1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(30, len(guide.column) * 2 + 4))
    notes = book.create_sheet(sheet_name(_("填写说明")))
    notes.append([_("列名"), _("是否必填"), _("说明与可选值"), _("示例")])
    for cell in notes[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    for guide in guides:
        notes.append(
            [
                neutralise_formula(guide.column),
                _("必填") if guide.required else _("选填"),
                neutralise_formula(str(guide.notes)),
                neutralise_formula(str(guide.example) if guide.example != "" else ""),
            ]
        )
    notes.append([])
    notes.append([_("在第一个工作表第 2 行起逐行填写，不要修改表头；本说明页不会导入。")])
    for letter, width in zip("ABCD", (18, 10, 60, 20), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_response(resource, title):
    response = HttpResponse(template_workbook(resource, title), content_type=XLSX_TYPE)
    return _attachment(response, _("%(title)s导入模板") % {"title": title}, "xlsx")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（XLSX 或 CSV）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.csv"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("文件过大（上限 20 MB）。"))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
        return upload


def _staging_dir():
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportView(CommunityMixin, View):
    """Upload → preview (dry run with row errors) → confirm. Subclasses set resource_class,
    title and success_url_name."""

    requires_edit = True
    resource_class = None
    title = ""
    success_url_name = ""
    ledger_title = ""  # the template's sheet name and file name; the model's plural by default
    template_name = "generic/import.html"

    def get_resource(self):
        return self.resource_class(community=self.community, user=self.request.user)

    def render_page(self, **context):
        context.setdefault("form", ImportForm())
        columns = [f.column_name for f in self.get_resource().get_import_fields()]
        context.update(
            community=self.community,
            membership=self.membership,
            title=self.title,
            columns=columns,
            back_url_name=self.success_url_name,
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            # The Excel template: the heading row this import reads, and a sheet of notes.
            resource = self.get_resource()
            return template_response(resource, self.ledger_name(resource))
        return self.render_page()

    def ledger_name(self, resource):
        """What the ledger is called: ``ledger_title``, or the model's plural name."""
        return str(self.ledger_title or ledger_title(resource))

    def commit(self, dataset, *, only_valid=False):
        """Write the confirmed file; returns the ImportReport."""
        return run_import(self.get_resource(), dataset, commit=True, only_valid=only_valid)

    def success_text(self, report):
        return _("导入完成：新增 %(new)d 条，更新 %(updated)d 条，跳过问题行 %(bad)d 行。") % {
            "new": report.new,
            "updated": report.updated,
            "bad": len(report.bad_rows),
        }

    def post(self, request, *args, **kwargs):
        session_key = f"import:{request.path}"
        if "confirm" in request.POST:
            staged = request.session.get(session_key)
            token = request.POST.get("token")
            if not staged or staged["token"] != token:
                raise PermissionDenied
            path = _staging_dir() / staged["token"]
            try:
                dataset = staged_dataset(path)
            except (OSError, ValueError, KeyError):  # gone, or staged by an earlier version
                del request.session[session_key]
                messages.error(request, _("上传的文件已失效，请重新上传。"))
                return self.render_page()
            report = self.commit(dataset, only_valid=request.POST.get("only_valid") == "1")
            if report.committed:
                path.unlink(missing_ok=True)
                del request.session[session_key]
                messages.success(request, self.success_text(report))
                return redirect(self.success_url_name, community=self.community.slug)
            return self.render_page(report=report, token=token)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form=form)
        upload = form.cleaned_data["file"]
        try:
            rows, bad_cells = read_rows(upload.read(), upload.name)
            dataset = dataset_from_rows(rows, bad_cells)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form=form)
        report = run_import(self.get_resource(), dataset, commit=False)
        token = uuid.uuid4().hex
        stage_rows(_staging_dir() / token, rows, bad_cells)
        request.session[session_key] = {"token": token, "name": upload.name}
        return self.render_page(form=form, report=report, token=token)


class ExportView(CommunityMixin, View):
    resource_class = None
    filename = "export"
    sheet_title = None  # the ledger's name; the Chinese file name or the model's plural by default

    def get_queryset(self):
        return self.get_resource().get_queryset()

    def get_resource(self):
        return self.resource_class(community=self.community, user=self.request.user)

    def get(self, request, *args, **kwargs):
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        return export_response(
            self.get_resource(),
            self.get_queryset(),
            fmt=fmt,
            filename=self.filename,
            sheet_title=self.sheet_title,
        )
