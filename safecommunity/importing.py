"""Spreadsheet import and export shared by every app (django-import-export underneath).

What a user of any import page gets:
- CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 (what Excel saves in China), or XLSX;
- headings by our Chinese column names, field names, or aliases a resource declares;
- codes accepted as code or label (``ChoiceWidget``);
- a preview (dry run) with every bad row's spreadsheet row number and reason;
- all or nothing: the file is written only if every row is valid, unless the user asks for the
  valid rows only; either way it runs in one transaction.
"""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from import_export import resources, widgets

from .tenancy import CommunityMixin

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


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


def decode_csv(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV，或 XLSX 文件。"))


def load_dataset(data: bytes, filename: str) -> tablib.Dataset:
    """Read an uploaded CSV or XLSX into a tablib Dataset, checking the content, not just the name."""
    name = filename.lower()
    if not data:
        raise ImportFileError(_("文件为空。"))
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportFileError(_("文件内容不是有效的 XLSX 工作簿。"))
        try:
            dataset = tablib.Dataset().load(data, format="xlsx")
        except Exception as exc:  # openpyxl raises many kinds
            raise ImportFileError(_("无法读取 XLSX 文件：%(error)s") % {"error": exc}) from exc
    elif name.endswith(".csv"):
        text = decode_csv(data)
        if "\x00" in text:
            raise ImportFileError(_("文件内容不是文本 CSV。"))
        try:
            dataset = tablib.Dataset().load(text, format="csv")
        except Exception as exc:
            raise ImportFileError(_("无法读取 CSV 文件：%(error)s") % {"error": exc}) from exc
    else:
        raise ImportFileError(_("只支持 .xlsx 或 .csv 文件。"))
    if not dataset.headers or dataset.height == 0:
        raise ImportFileError(_("文件中没有数据行。"))
    # Drop rows that are entirely blank (Excel leaves them behind).
    blank = [i for i, row in enumerate(dataset) if all(v in (None, "") for v in row)]
    for index in reversed(blank):
        del dataset[index]
    return dataset


class ChoiceWidget(widgets.Widget):
    """Accept a code list value by its code or its label; export the label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.by_code = {str(code): code for code, _label in choices}
        self.by_label = {str(label): code for code, label in choices}

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        text = str(value).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # Excel turns codes into floats
            text = text[:-2]
        if text in self.by_code:
            return self.by_code[text]
        if text in self.by_label:
            return self.by_label[text]
        raise ValueError(_("“%(value)s”不是有效的选项。") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
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

    def normalise_headers(self, dataset):
        mapping = self.header_map()
        dataset.headers = [mapping.get(str(h).strip(), str(h).strip()) for h in dataset.headers]
        return dataset


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


@dataclass
class RowProblem:
    row: int  # the spreadsheet row (the header is row 1)
    messages: list


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

    @property
    def ok(self):
        return not self.problems

    @property
    def bad_rows(self):
        return {p.row for p in self.problems}


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


def _report(result, resource, dataset):
    report = ImportReport(total=dataset.height, headers=list(dataset.headers))
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.skipped = result.totals.get("skip", 0)
    for error in result.base_errors:
        report.problems.append(RowProblem(0, [str(error.error)]))
    for number, errors in result.row_errors():
        report.problems.append(RowProblem(number + 1, [str(e.error) for e in errors]))
    for invalid in result.invalid_rows:
        report.problems.append(
            RowProblem(invalid.number + 1, _messages_of(invalid.error_dict, resource))
        )
    report.problems.sort(key=lambda p: p.row)
    for row_result in result.rows[:20]:
        if row_result.import_type in ("new", "update", "skip"):
            report.preview.append((row_result.import_type, row_result.diff or []))
    return report


def run_import(resource, dataset, *, commit=False, only_valid=False):
    """Validate (and with commit=True write) a dataset. All or nothing unless only_valid."""
    resource.normalise_headers(dataset)
    missing = [
        f.column_name
        for name, f in resource.fields.items()
        if getattr(resource, "required_columns", None)
        and name in resource.required_columns
        and f.column_name not in dataset.headers
    ]
    if missing:
        report = ImportReport(total=dataset.height, headers=list(dataset.headers))
        report.problems.append(
            RowProblem(1, [_("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)}])
        )
        return report
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
        bad = {row - 2 for row in report.bad_rows}
        clean = tablib.Dataset(headers=dataset.headers)
        for index, row in enumerate(dataset):
            if index not in bad:
                clean.append(row)
        dataset = clean
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


def export_response(resource, queryset, *, fmt, filename):
    """The one way a ledger leaves as CSV or XLSX. XLSX keeps numbers and dates typed (native
    values, not their text); no cell of either format can run as a formula."""
    dataset = neutralise_dataset(resource.export(queryset=queryset, force_native_type=fmt != "csv"))
    if fmt == "csv":
        # UTF-8 with BOM so Excel on Windows opens it as Chinese text.
        content = "\ufeff" + dataset.export("csv")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        ext = "csv"
    else:
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        ext = "xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{ext}"
    return response


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
            # The Excel template: the columns this import accepts, no rows.
            resource = self.get_resource()
            return export_response(
                resource,
                resource.get_queryset().none(),
                fmt="xlsx",
                filename=_("%(title)s模板") % {"title": self.title},
            )
        return self.render_page()

    def post(self, request, *args, **kwargs):
        session_key = f"import:{request.path}"
        if "confirm" in request.POST:
            staged = request.session.get(session_key)
            token = request.POST.get("token")
            if not staged or staged["token"] != token:
                raise PermissionDenied
            path = _staging_dir() / staged["token"]
            dataset = load_dataset(path.read_bytes(), staged["name"])
            report = run_import(
                self.get_resource(),
                dataset,
                commit=True,
                only_valid=request.POST.get("only_valid") == "1",
            )
            if report.committed:
                path.unlink(missing_ok=True)
                del request.session[session_key]
                from django.contrib import messages

                messages.success(
                    request,
                    _("导入完成：新增 %(new)d 条，更新 %(updated)d 条，跳过问题行 %(bad)d 行。")
                    % {"new": report.new, "updated": report.updated, "bad": len(report.bad_rows)},
                )
                return redirect(self.success_url_name, community=self.community.slug)
            return self.render_page(report=report, token=token)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form=form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            dataset = load_dataset(data, upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form=form)
        report = run_import(self.get_resource(), dataset, commit=False)
        token = uuid.uuid4().hex
        (_staging_dir() / token).write_bytes(data)
        request.session[session_key] = {"token": token, "name": upload.name}
        return self.render_page(form=form, report=report, token=token)


class ExportView(CommunityMixin, View):
    resource_class = None
    filename = "export"

    def get_queryset(self):
        return self.get_resource().get_queryset()

    def get_resource(self):
        return self.resource_class(community=self.community, user=self.request.user)

    def get(self, request, *args, **kwargs):
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        return export_response(
            self.get_resource(), self.get_queryset(), fmt=fmt, filename=self.filename
        )
