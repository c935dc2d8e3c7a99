"""Import of cards: encodings and formats, headings and codes, all or nothing, the command."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from injuries.models import InjuryCard
from injuries.resources import InjuryCardResource, import_cards
from safecommunity.importing import (
    load_dataset,
    read_rows,
    run_import,
    stage_rows,
    staged_dataset,
)

from .factories import InjuryCardFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db

HEADINGS = (
    "卡片编号,填报单位,性别,年龄,户籍,文化程度,职业,伤害发生时间,就诊时间,填报日期,"
    "伤害发生原因,伤害发生地点,伤害发生时活动,意图,伤害性质,伤害部位,严重程度,结局,姓名"
)
GOOD = [
    # labels
    "A001,区人民医院,女,78,本市/县,小学,离退休人员,2025-01-10 08:30,2025-01-10 09:40,2025-01-10,"
    "跌倒/坠落,家中,家务,非故意（意外事故）,骨折,下肢,中度,住院,王秀英",
    # codes
    "A002,区人民医院,1,34,1,5,10,2025-02-03 17:45,2025-02-03 18:20,2025-02-04,1,5,7,1,4,5,2,1,",
    # a unit by its number, Chinese date format
    "A003,H01,男,9,1,3,2,2025年03月05日 10:15,2025-03-05 11:00,2025/03/05,3,3,3,1,4,2,1,1,",
]
BAD = (
    # a vehicle crash at home; visit before injury
    "A004,区人民医院,男,40,1,4,8,2025-03-06 10:00,2025-03-06 09:00,2025-03-06,1,1,7,1,4,5,1,1,"
)


@pytest.fixture
def unit(cast):
    return ReportingUnitFactory(community=cast.community, name="区人民医院", code="H01")


def csv_bytes(lines, encoding="utf-8"):
    return "\n".join([HEADINGS, *lines]).encode(encoding)


def run(cast, data, name="cards.csv", commit=True, only_valid=False):
    dataset = load_dataset(data, name)
    return run_import(
        InjuryCardResource(community=cast.community), dataset, commit=commit, only_valid=only_valid
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_imports(cast, unit, encoding):
    report = run(cast, csv_bytes(GOOD, encoding))
    assert report.committed and report.new == 3, report.problems
    cards = InjuryCard.objects.filter(community=cast.community).order_by("card_no")
    assert [c.cause for c in cards] == [3, 1, 3]
    first = cards[0]
    assert (first.sex, first.age, first.outcome, first.name, first.age_group) == (
        "2",
        78,
        4,
        "王秀英",
        "65+",
    )
    assert cards[2].reporting_unit == unit


def test_xlsx_imports_with_numbers_and_dates_as_cells(cast, unit):
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS.split(","))
    sheet.append(
        [
            "B1",
            "区人民医院",
            "女",
            70.0,
            1.0,
            3,
            5,
            datetime.datetime(2025, 1, 2, 8, 0),
            datetime.datetime(2025, 1, 2, 9, 0),
            datetime.date(2025, 1, 2),
            3,
            1,
            2,
            1,
            1,
            3,
            2,
            4,
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(cast, buffer.getvalue(), "cards.xlsx")
    assert report.committed, report.problems
    card = InjuryCard.objects.get(card_no="B1")
    assert (card.age, card.residence, card.injury_date.isoformat()) == (70, 1, "2025-01-02")


def test_field_names_and_aliases_are_accepted_as_headings(cast, unit):
    header = (
        "card_no,报告单位,sex,age,户籍,文化程度,职业,发生时间,就诊时间,填报日期,"
        "伤害原因,发生地点,活动,是否故意,伤害性质,伤害部位,严重程度,结局,患者姓名"
    )
    data = "\n".join([header, GOOD[1]]).encode()
    report = run(cast, data)
    assert report.committed and InjuryCard.objects.get(card_no="A002").cause == 1


def test_a_bad_row_rejects_the_whole_file_with_row_numbers(cast, unit):
    report = run(cast, csv_bytes([*GOOD, BAD]))
    assert not report.committed
    assert InjuryCard.objects.count() == 0
    [problem] = report.problems
    assert problem.row == 5  # header is row 1
    text = "；".join(problem.messages)
    assert "就诊时间不能早于伤害发生时间。" in text
    # A crash at home is unusual, not impossible: a warning, not a reason to reject.
    assert "车祸伤害的发生地点应为“公路/街道”。" not in text


def test_unknown_codes_and_units_are_reported(cast, unit):
    line = GOOD[1].replace("区人民医院", "不存在医院").replace(",1,5,7,1,", ",99,5,7,1,")
    report = run(cast, csv_bytes([line]), commit=False)
    messages = "；".join(report.problems[0].messages)
    assert "找不到报告单位“不存在医院”" in messages
    assert "伤害发生原因：“99”不是有效的选项。" in messages


def test_only_valid_rows_on_request(cast, unit):
    report = run(cast, csv_bytes([*GOOD, BAD]), only_valid=True)
    assert report.committed
    assert sorted(InjuryCard.objects.values_list("card_no", flat=True)) == ["A001", "A002", "A003"]
    assert report.bad_rows == {5}


def test_missing_required_column_is_reported(cast, unit):
    data = "\n".join(["填报单位,性别", "区人民医院,女"]).encode()
    report = run(cast, data)
    assert not report.committed and "缺少必需的列" in report.problems[0].messages[0]


def test_card_numbers_cannot_be_imported_twice(cast, unit):
    InjuryCardFactory(community=cast.community, reporting_unit=unit, card_no="A001")
    report = run(cast, csv_bytes([*GOOD, GOOD[0].replace("A001", "A002", 1)]))
    assert not report.committed
    assert {p.row for p in report.problems} == {2, 5}


def test_imported_duplicates_are_flagged(cast, unit):
    twin = GOOD[0].replace("A001", "A009").replace("08:30", "08:50")
    report = run(cast, csv_bytes([GOOD[0], twin]))
    assert report.committed
    assert InjuryCard.objects.get(card_no="A009").is_duplicate
    assert not InjuryCard.objects.get(card_no="A001").is_duplicate


def test_single_pass_import_is_all_or_nothing(cast, unit):
    report = import_cards(cast.community, load_dataset(csv_bytes([*GOOD, BAD]), "x.csv"))
    assert not report.committed and InjuryCard.objects.count() == 0
    assert [p.row for p in report.problems] == [5]
    report = import_cards(
        cast.community, load_dataset(csv_bytes([*GOOD, BAD]), "x.csv"), only_valid=True
    )
    assert report.committed and InjuryCard.objects.count() == 3


def test_import_page_preview_then_confirm(cast, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    upload = SimpleUploadedFile("卡片.csv", csv_bytes([*GOOD, BAD], "gbk"), content_type="text/csv")
    preview = client.post(page, {"file": upload})
    assert preview.status_code == 200 and "第 5 行" in preview.content.decode()
    assert InjuryCard.objects.count() == 0
    token = preview.context["token"]
    done = client.post(page, {"confirm": "1", "token": token, "only_valid": "1"})
    assert done.status_code == 302
    assert InjuryCard.objects.count() == 3
    assert InjuryCard.objects.filter(created_by=cast.users["office"]).count() == 3


def test_command_rejects_a_bad_file_and_writes_nothing(cast, unit, tmp_path, capsys):
    path = tmp_path / "cards.csv"
    path.write_bytes(csv_bytes([*GOOD, BAD], "gb18030"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_injuries", str(path), community=cast.community.slug)
    assert exit_info.value.code == 1
    assert "第 5 行" in capsys.readouterr().err
    assert InjuryCard.objects.count() == 0


def test_command_imports_a_good_file(cast, unit, tmp_path, capsys):
    path = tmp_path / "cards.csv"
    path.write_bytes(csv_bytes(GOOD, "gbk"))
    call_command("import_injuries", str(path), community=cast.community.slug)
    assert "新增 3 张" in capsys.readouterr().out
    assert InjuryCard.objects.count() == 3


def test_command_only_valid(cast, unit, tmp_path, capsys):
    path = tmp_path / "cards.csv"
    path.write_bytes(csv_bytes([*GOOD, BAD]))
    call_command("import_injuries", str(path), community=cast.community.slug, only_valid=True)
    assert InjuryCard.objects.count() == 3


def test_export_round_trips_through_import(cast, unit):
    InjuryCardFactory(community=cast.community, reporting_unit=unit, card_no="X1", name="赵六")
    dataset = InjuryCardResource(community=cast.community).export()
    csv = dataset.export("csv").replace("X1", "X2").encode("gbk")
    report = run(cast, csv)
    assert report.committed, report.problems
    copy = InjuryCard.objects.get(card_no="X2")
    assert (copy.name, copy.cause, copy.age) == ("赵六", 3, 72)


def test_import_page_confirms_a_good_file_in_one_pass(cast, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    upload = SimpleUploadedFile("cards.csv", csv_bytes(GOOD, "utf-8-sig"), content_type="text/csv")
    token = client.post(page, {"file": upload}).context["token"]
    response = client.post(page, {"confirm": "1", "token": token}, follow=True)
    assert "导入完成：新增 3 张报告卡" in response.content.decode()
    assert InjuryCard.objects.count() == 3
    again = client.post(page, {"confirm": "1", "token": token})
    assert again.status_code == 403  # the staged file is gone after the import


def test_reporter_cannot_import(cast, unit):
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    assert cast.client_for("reporter").post(page, {"confirm": "1", "token": "x"}).status_code == 403


def test_bench_command_measures_and_rolls_back(cast, unit, capsys):
    InjuryCardFactory(community=cast.community, reporting_unit=unit, name="孙七")
    call_command("bench_injuries", community=cast.community.slug, cards=4, rows=3)
    out = capsys.readouterr().out
    assert "over 4 cards" in out and "Import of 3 cards" in out and "OVER" not in out
    assert InjuryCard.objects.count() == 1


def national_card_workbook():
    """An XLSX as hospitals send it: a title row above the headings, dates and times typed
    as Excel dates, numbers as numbers, a blank row in between."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["全国伤害监测报告卡"])
    sheet.append(HEADINGS.split(","))
    sheet.append(
        ["B001", "区人民医院", "女", 78, "本市/县", "小学", "离退休人员"]
        + [datetime.datetime(2025, 1, 10, 8, 30), datetime.datetime(2025, 1, 10, 9, 40)]
        + [datetime.date(2025, 1, 10), "跌倒/坠落", "家中", "家务", "非故意（意外事故）"]
        + ["骨折", "下肢", "中度", "住院", "王秀英"]
    )
    sheet.append([])
    sheet.append(
        ["B002", "H01", 1, 34, 1, 5, 10, datetime.datetime(2025, 2, 3, 17, 45)]
        + [datetime.datetime(2025, 2, 3, 18, 20), datetime.date(2025, 2, 4), 1, 5, 7, 1, 4, 5]
        + [2, 1, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cards.xlsx", national_card_workbook()),
        # GBK with one cell in another encoding: its problem must survive the staging too
        ("cards.csv", csv_bytes(GOOD, "gbk").replace("王秀英".encode("gbk"), b"\xff\xfe\xfd")),
    ],
)
def test_staged_rows_read_back_as_the_file_itself(tmp_path, name, data):
    rows, bad_cells = read_rows(data, name)
    stage_rows(tmp_path / "staged", rows, bad_cells)

    staged, direct = staged_dataset(tmp_path / "staged"), load_dataset(data, name)
    assert staged.headers == direct.headers
    assert list(staged) == list(direct)  # typed cells (dates, numbers) come back typed
    assert staged.sheet_rows == direct.sheet_rows
    assert [(p.row, p.messages) for p in staged.cell_problems] == [
        (p.row, p.messages) for p in direct.cell_problems
    ]


def test_import_page_confirms_a_workbook_from_its_staged_rows(cast, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    upload = SimpleUploadedFile("cards.xlsx", national_card_workbook())
    preview = client.post(page, {"file": upload})
    assert not preview.context["report"].problems, preview.context["report"].problems
    client.post(page, {"confirm": "1", "token": preview.context["token"]})

    first, second = InjuryCard.objects.order_by("card_no")
    assert (first.card_no, first.age, first.cause, first.name) == ("B001", 78, 3, "王秀英")
    assert first.visit_at - first.injury_at == datetime.timedelta(minutes=70)
    assert (second.reporting_unit, second.reported_on) == (unit, datetime.date(2025, 2, 4))


def test_confirming_a_staged_file_that_is_gone_asks_for_the_file_again(cast, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    upload = SimpleUploadedFile("cards.csv", csv_bytes(GOOD))
    token = client.post(page, {"file": upload}).context["token"]
    staged = Path(settings.VAR_DIR) / "imports" / token
    staged.write_bytes(csv_bytes(GOOD))  # as staged before 2026-12-08: the file's own bytes

    response = client.post(page, {"confirm": "1", "token": token})
    assert "上传的文件已失效，请重新上传。" in response.content.decode()
    assert not InjuryCard.objects.exists()
    assert client.post(page, {"confirm": "1", "token": token}).status_code == 403
