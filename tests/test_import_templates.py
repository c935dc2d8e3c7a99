"""Every import page offers a template that names the ledger, explains each column and imports
back cleanly; every XLSX export names its sheet after the ledger."""

import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from committee.choices import Role
from safecommunity.importing import ExportView, ImportView
from tests.factories import WorkingGroupFactory
from tests.injuries.factories import ReportingUnitFactory

pytestmark = pytest.mark.django_db


def _views(base):
    """(url name, view class) of every subclass of ``base`` routed under /c/<slug>/."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view and issubclass(view, base) and pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    found.append((name, view))

    walk(get_resolver().url_patterns, None)
    return sorted(set(found), key=lambda item: item[0])


IMPORTS = _views(ImportView)
EXPORTS = _views(ExportView)


def test_every_ledger_import_is_found():
    names = {name for name, _view in IMPORTS}
    assert {"hazards:hazard_import", "injuries:card_import", "committee:member_import"} <= names


def filled_template(content):
    """The template with one data row: each column's example from the notes sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    data, notes = book.worksheets[0], book.worksheets[1]
    headings = [c.value for c in data[1]]
    examples = {}
    for row in notes.iter_rows(min_row=2, values_only=True):
        if row and row[0]:
            examples[row[0]] = row[3] if len(row) > 3 else None
    data.append([examples.get(h) for h in headings])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "template.xlsx"
    return book, buffer


@pytest.mark.parametrize("url_name", [name for name, _view in IMPORTS])
def test_template_has_notes_and_imports_back_cleanly(cast, url_name):
    WorkingGroupFactory(community=cast.community, name="综合协调组")
    ReportingUnitFactory(community=cast.community, name="街道社区卫生服务中心")
    client = cast.client_for(Role.OFFICE)
    path = reverse(url_name, args=[cast.community.slug])
    page = client.get(path)
    assert "下载导入模板" in page.text
    response = client.get(path + "?template=1")
    assert response.status_code == 200
    assert "导入模板" in unquote(response["Content-Disposition"])
    book, upload = filled_template(response.content)
    assert book.worksheets[0].title not in ("Tablib Dataset", "Sheet", "Sheet1")
    assert book.worksheets[1].title == "填写说明"
    notes = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert any(row[1] == "必填" for row in notes if row and row[0])
    preview = client.post(path, {"file": upload})
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.problems == [], (url_name, [p.messages for p in report.problems])
    assert report.unknown_columns == []
    assert report.new + report.updated == 1


@pytest.mark.parametrize("url_name", [name for name, _view in EXPORTS])
def test_xlsx_export_sheet_is_named_after_the_ledger(cast, url_name):
    client = cast.client_for(Role.OFFICE)
    response = client.get(reverse(url_name, args=[cast.community.slug]))
    if response.status_code == 302:
        pytest.skip("this export asks for a period first")
    assert response.status_code == 200
    title = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].title
    assert title != "Tablib Dataset"
    assert not title.isascii(), title  # a Chinese ledger name
