"""Statistics tables to XLSX (one sheet per table), for the statistics page's export links."""

import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from safecommunity.importing import neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_title(title, used):
    base = re.sub(r"[\[\]:*?/\\]", "-", str(title))[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def tables_to_xlsx(tables, *, heading=""):
    """Bytes of a workbook with one sheet per Table: heading, headers, rows, note."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([neutralise_formula(str(table.title))])
        sheet["A1"].font = Font(bold=True, size=13)
        if heading:
            sheet.append([neutralise_formula(str(heading))])
        sheet.append([neutralise_formula(str(h)) for h in table.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            sheet.append(
                [
                    v if isinstance(v, int | float) or v is None else neutralise_formula(str(v))
                    for v in row
                ]
            )
        if table.note:
            sheet.append([])
            sheet.append([neutralise_formula(str(table.note))])
        sheet.column_dimensions["A"].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
