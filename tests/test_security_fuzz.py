"""A bounded, seeded fuzzing pass over the import and upload paths (hypothesis is not in the
venv, so a plain random.Random with a fixed seed: every run tries the same cases, a failure
names its case number).

- Spreadsheets: CSV (UTF-8, BOM, GBK, raw bytes) and XLSX with random unicode, formulas, huge
  numbers, impossible dates and broken containers, posted to the import preview of three
  ledgers, then confirmed: never a 500 or an uncaught exception, nothing written by the preview,
  nothing written by confirming a file with problems, nothing staged for a refused file.
- Uploads: random bytes behind real and fake file signatures into the existing validators:
  either accepted or a ValidationError, nothing else.
"""

import datetime
import io
import random
import time

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committee.choices import Role
from committee.models import Member
from committee.views import MemberImport
from emergency.models import Supply
from emergency.views.resources import SupplyImport
from hazards.models import Place
from hazards.views.places import PlaceImport
from safecommunity.files import inspect_upload, validate_document, validate_image

SEED = 15
IMPORT_CASES = 60  # per ledger
UPLOAD_CASES = 600
TIME_BUDGET = 40  # seconds for the import cases together, whatever the machine

LEDGERS = [
    ("emergency:supply_import", SupplyImport, Supply),
    ("committee:member_import", MemberImport, Member),
    ("hazards:place_import", PlaceImport, Place),
]

NASTY_TEXT = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "9" * 400,
    "1e309",
    "-0",
    "NaN",
    "inf",
    "2025-02-30",
    "0000-00-00",
    "0001-01-01",
    "99999-12-31",
    "2025年13月1日",
    "\ufeff名称",
    "\u202e反向",
    "是",
    "否",
    "",
    " ",
    "医疗急救物资",
    "x" * 5000,
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "\x00",
    "a\r\nb",
    '"',
]


def random_text(rng):
    if rng.random() < 0.5:
        return rng.choice(NASTY_TEXT)
    alphabet_ranges = [(0x20, 0x7E), (0x4E00, 0x9FFF), (0xA0, 0x24F), (0x1F600, 0x1F64F)]
    chars = []
    for _ in range(rng.randint(0, 30)):
        low, high = rng.choice(alphabet_ranges)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def random_cell(rng):
    roll = rng.random()
    if roll < 0.55:
        return random_text(rng)
    if roll < 0.7:
        return rng.choice([0, -1, 2**63, -(2**70), 10**30, 3.5, -1e300, 1e-300])
    if roll < 0.85:
        return rng.choice(
            [
                datetime.date(1900, 1, 1),
                datetime.date(2025, 3, 1),
                datetime.datetime(2025, 3, 1, 8, 30),
                datetime.date(9999, 12, 31),
            ]
        )
    return None


def random_headers(rng, columns):
    headers = list(columns)
    rng.shuffle(headers)
    headers = headers[: rng.randint(1, len(headers))]
    if rng.random() < 0.3:
        headers.append(random_text(rng) or "列")
    if rng.random() < 0.15:
        headers.append(headers[0])  # a duplicate heading
    if rng.random() < 0.15:
        headers[0] = "\ufeff" + headers[0]
    return headers


def csv_bytes(rng, headers, rows):
    def cell(value):
        text = "" if value is None else str(value)
        if any(c in text for c in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        return text

    text = "\r\n".join(",".join(cell(v) for v in row) for row in [headers, *rows])
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "latin-1"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.1:
        cut = rng.randint(0, len(data))
        data = data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
    return data


def xlsx_bytes(rng, headers, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [headers, *rows]:
        values = []
        for value in row:
            if isinstance(value, str):
                # openpyxl refuses control characters in cells; a spreadsheet cannot hold them.
                value = "".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20)
            if isinstance(value, int) and abs(value) > 2**53:
                value = str(value)
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if rng.random() < 0.15:
        data = data[: rng.randint(2, len(data))]  # a truncated container, still "PK"
    return data


def random_file(rng, columns):
    headers = random_headers(rng, columns)
    rows = [[random_cell(rng) for _ in headers] for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.5:
        return "fuzz.xlsx", xlsx_bytes(rng, headers, rows)
    return "fuzz.csv", csv_bytes(rng, headers, rows)


@pytest.mark.parametrize(("url_name", "view", "model"), LEDGERS, ids=[u for u, _v, _m in LEDGERS])
def test_fuzzed_spreadsheets_never_crash_the_import(cast, settings, url_name, view, model):
    rng = random.Random(f"{SEED}-{url_name}")
    client = cast.client_for(Role.OFFICE)
    url = reverse(url_name, args=[cast.community.slug])
    columns = [f.column_name for f in view.resource_class().get_import_fields()]
    staging = settings.VAR_DIR / "imports"
    deadline = time.monotonic() + TIME_BUDGET / len(LEDGERS)
    seen = {"refused": 0, "previewed": 0, "confirmed": 0}
    for case in range(IMPORT_CASES):
        if time.monotonic() > deadline:
            break
        name, data = random_file(rng, columns)
        before = model.objects.count()
        staged_before = set(staging.iterdir()) if staging.exists() else set()
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, f"case {case}"
        assert model.objects.count() == before, f"case {case}: the preview wrote rows"
        report = response.context.get("report")
        if report is None:  # refused file: a form error and nothing kept
            assert response.context["form"].errors, f"case {case}"
            assert set(staging.iterdir()) == staged_before if staging.exists() else True
            seen["refused"] += 1
            continue
        seen["previewed"] += 1
        if report.problems:
            seen["confirmed"] += 1
            token = response.context["token"]
            confirm = client.post(url, {"confirm": "1", "token": token})
            assert confirm.status_code == 200, f"case {case}"
            assert model.objects.count() == before, f"case {case}: a bad file was written"
    # The cases reached every branch: refused files, previews, confirmations of bad files.
    assert all(seen.values()), seen


SIGNATURES = [
    b"",
    b"\x89PNG\r\n\x1a\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x06\x00\x00\x00",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"\xff\xd8\xff\xdb",
    b"GIF89a",
    b"GIF87a\xff\xff\xff\xff",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"BM",
    b"II*\x00",
    b"%PDF-1.7\n",
    b"%PDF",
    b"PK\x03\x04",
    b"PK\x05\x06" + b"\x00" * 18,
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    b"<html><script>",
    b"MZ\x90\x00",
    b"\x7fELF",
    b"\x1f\x8b\x08",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07\x00",
]


def random_upload(rng):
    head = rng.choice(SIGNATURES)
    tail = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 7, 64, 600, 4096])))
    name = rng.choice(["a.png", "a.jpg", "a.pdf", "a.docx", "a.xlsx", "a.doc", "a", "照片.gif"])
    return SimpleUploadedFile(name, head + tail)


@pytest.mark.parametrize(
    "validator",
    [inspect_upload, validate_document, validate_image],
    ids=["files.inspect_upload", "files.validate_document", "files.validate_image"],
)
def test_fuzzed_file_headers_are_accepted_or_refused_cleanly(validator):
    rng = random.Random(f"{SEED}-{validator.__module__}.{validator.__name__}")
    for case in range(UPLOAD_CASES):
        upload = random_upload(rng)
        try:
            validator(upload)
        except ValidationError:
            pass
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"case {case} ({upload.name}): {type(exc).__name__}: {exc}")
