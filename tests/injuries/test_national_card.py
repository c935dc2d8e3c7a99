"""Files laid out as the national injury card (全国伤害监测报告卡), as hospitals export them.

The files under ``data/`` are built by ``data/make_card_files.py`` without the application's
code; see its docstring for the conventions each one carries.
"""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from injuries.cdc import CARD_LAYOUT, CdcCardResource, parse_period
from injuries.choices import Activity, Cause, Intent, Place
from injuries.models import InjuryCard
from injuries.resources import InjuryCardResource, import_cards
from safecommunity.importing import ImportFileError, load_dataset, run_import

from .factories import InjuryCardFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PEDESTRIAN_PROMPT = "车祸伤害的发生时活动应为“驾乘交通工具”。"


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def units(cast):
    return {
        "hospital": ReportingUnitFactory(
            community=cast.community, name="区人民医院", code="320102001", kind="hospital"
        ),
        "clinic": ReportingUnitFactory(
            community=cast.community, name="镇卫生院", code="320102002", kind="clinic"
        ),
    }


def read(name):
    return load_dataset((DATA / name).read_bytes(), name)


def preview(cast, name):
    return run_import(InjuryCardResource(community=cast.community), read(name), commit=False)


# --- the card's layout in -----------------------------------------------------------------


def test_gbk_card_file_with_title_row_imports_every_convention(cast, units):
    report = import_cards(cast.community, read("national_cards_gbk.csv"))
    assert report.committed and report.new == 5, report.problems
    cards = {c.card_no: c for c in InjuryCard.objects.filter(community=cast.community)}
    first = cards["2026110001"]
    assert (first.reporting_unit, first.reporter_name, first.sex, first.age) == (
        units["hospital"],
        "李医生",
        "2",
        78,
    )
    assert timezone.localtime(first.injury_at) == local(2026, 11, 3, 8, 30)
    assert first.reported_on == datetime.date(2026, 11, 3)
    labels = cards["2026110002"]
    assert (labels.sex, labels.occupation, labels.cause, labels.intent, labels.severity) == (
        "1",
        10,
        Cause.MOTOR_VEHICLE,
        Intent.UNINTENTIONAL,
        2,
    )
    assert timezone.localtime(labels.visit_at) == local(2026, 11, 5, 18, 20)
    both = cards["2026110003"]  # "1 男", "2 非故意(意外事故)", 09时, 20261012
    assert (both.sex, both.education, both.place, both.intent, both.outcome) == (
        "1",
        3,
        Place.SCHOOL_PUBLIC,
        Intent.UNINTENTIONAL,
        1,
    )
    assert timezone.localtime(both.injury_at) == local(2026, 10, 12, 9, 0)
    assert both.reported_on == datetime.date(2026, 10, 12)
    other = cards["2026110005"]  # "13 其他：被门夹伤", 不详, yyyymmdd hhmm
    assert (other.cause, other.cause_other, other.sex) == (Cause.OTHER, "被门夹伤", "0")
    assert timezone.localtime(other.injury_at) == local(2026, 11, 25, 22, 15)


def test_pedestrian_hit_by_a_car_imports_with_its_confirmed_warning(cast, units):
    report = preview(cast, "national_cards_gbk.csv")
    assert not report.problems
    assert [(w.row, w.messages) for w in report.warnings] == [(6, [PEDESTRIAN_PROMPT])]
    assert InjuryCard.objects.count() == 0  # a preview writes nothing
    report = import_cards(cast.community, read("national_cards_gbk.csv"))
    card = InjuryCard.objects.get(card_no="2026110004")
    assert (card.cause, card.place, card.activity) == (
        Cause.MOTOR_VEHICLE,
        Place.ROAD,
        Activity.WALKING,
    )
    assert card.confirmed_warnings == [PEDESTRIAN_PROMPT]
    assert InjuryCard.objects.exclude(confirmed_warnings=[]).count() == 1


def test_unknown_columns_are_reported_not_dropped_silently(cast, units):
    report = preview(cast, "national_cards_gbk.csv")
    assert report.unknown_columns == ["备注"]


def test_xlsx_with_title_and_merged_group_headings_imports(cast, units):
    report = import_cards(cast.community, read("national_cards.xlsx"))
    assert report.committed and report.new == 3, report.problems
    cards = {c.card_no: c for c in InjuryCard.objects.all()}
    cell = cards["X2026001"]  # date cells, codes as numbers, ICD-10 code
    assert (cell.reporting_unit, cell.sex, cell.age, cell.icd10, cell.outcome) == (
        units["hospital"],
        "2",
        71,
        "S52.5",
        4,
    )
    assert timezone.localtime(cell.injury_at) == local(2026, 11, 8, 6, 40)
    serial = cards["X2026002"]  # bare Excel serial numbers
    assert serial.reported_on == datetime.date(2026, 11, 9)
    assert timezone.localtime(serial.injury_at) == local(2026, 11, 8, 14, 30)
    assert timezone.localtime(serial.visit_at) == local(2026, 11, 8, 15, 30)
    assert serial.reporting_unit == units["clinic"]
    text = cards["X2026003"]  # labels and 年月日时分 text, "性　别" with a full-width space
    assert (text.sex, text.residence, text.occupation, text.cause) == ("2", 2, 1, Cause.BURN)
    assert timezone.localtime(text.visit_at) == local(2026, 11, 10, 15, 0)


def test_file_of_realistic_errors_is_refused_row_by_row_and_nothing_written(cast, units):
    InjuryCardFactory(community=cast.community, reporting_unit=units["hospital"], card_no="OLD-1")
    before = InjuryCard.objects.count()
    report = import_cards(cast.community, read("national_cards_errors_gbk.csv"))
    assert not report.committed
    assert InjuryCard.objects.count() == before  # not even the valid row 11
    reasons = {p.row: "；".join(p.messages) for p in report.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert "就诊时间不能早于伤害发生时间。" in reasons[3]
    assert "伤害发生原因：“99”不是有效的选项。" in reasons[4]
    assert "找不到监测医院编号为“999999999”的报告单位" in reasons[5]
    assert "身份证号校验位不正确" in reasons[6]
    assert "年龄与身份证号不符：受伤时应为 66 岁。" in reasons[7]
    assert "卡片编号“E001”与本文件第 3 行重复。" in reasons[8]
    assert "卡片编号“OLD-1”已存在：区人民医院 的报告卡" in reasons[9]
    assert "编码与名称不一致" in reasons[10]
    assert "「姓名」列编码无法识别" in reasons[12]
    assert "「临床诊断」列编码无法识别" in reasons[13]


def test_only_valid_rows_leaves_out_undecodable_and_bad_rows(cast, units):
    report = import_cards(cast.community, read("national_cards_errors_gbk.csv"), only_valid=True)
    assert report.committed
    assert sorted(InjuryCard.objects.values_list("card_no", flat=True)) == ["E009", "OLD-1"]


def test_shared_two_pass_import_reports_the_same_rows(cast, units):
    InjuryCardFactory(community=cast.community, reporting_unit=units["hospital"], card_no="OLD-1")
    report = run_import(
        InjuryCardResource(community=cast.community),
        read("national_cards_errors_gbk.csv"),
        commit=True,
    )
    assert not report.committed
    assert sorted(report.bad_rows) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert InjuryCard.objects.count() == 1


def test_a_file_that_is_not_text_is_still_refused_whole():
    with pytest.raises(ImportFileError, match="无法识别文件编码"):
        load_dataset(bytes(range(128, 256)) * 20 + b"\n" + bytes(range(200, 256)) * 9, "x.csv")


@pytest.mark.parametrize(
    ("heading", "value"),
    [
        ("伤害严重程度", "2 中度"),
        ("严重程度", "中度"),
        ("伤害严重程度代码", "2"),
        ("＊伤害严重程度：", "（2）中度"),
        ("severity", "2"),
    ],
)
def test_heading_synonyms_and_value_forms(cast, units, heading, value):
    header = (
        "监测医院编号,性别,年龄,户籍,文化程度,职业,伤害发生时间,就诊时间,伤害发生原因,"
        f"伤害发生地点,伤害发生时活动,意图（是否故意）,伤害性质,伤害部位,{heading},伤害结局"
    )
    line = "320102001,1,30,1,4,8,2026-11-01 10:00,2026-11-01 11:00,3,1,2,非故意(意外事故),4,2,"
    report = import_cards(
        cast.community, load_dataset(f"{header}\n{line}{value},1".encode(), "a.csv")
    )
    assert report.committed, report.problems
    assert InjuryCard.objects.get().severity == 2


# --- out to the county CDC ------------------------------------------------------------------


def test_cdc_export_has_the_card_layout_with_codes(cast, units):
    import_cards(cast.community, read("national_cards_gbk.csv"))
    queryset = InjuryCard.objects.filter(card_no="2026110002").select_related("reporting_unit")
    dataset = CdcCardResource(community=cast.community).export(queryset=queryset)
    assert dataset.headers == [heading for _name, heading in CARD_LAYOUT]
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["监测医院编号"] == "320102001"
    assert (row["性别"], row["职业"], row["伤害发生原因"], row["是否故意"]) == ("1", "10", "1", "1")
    assert (row["伤害严重程度"], row["伤害结局"], row["填报人"]) == ("2", "1", "李医生")
    assert row["伤害发生时间"] == "2026-11-05 17:45"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cdc_export_round_trips_to_the_same_cards(cast, units, fmt):
    import_cards(cast.community, read("national_cards_gbk.csv"))
    import_cards(cast.community, read("national_cards.xlsx"))
    compared = [
        "reporting_unit__code" if name == "reporting_unit" else name
        for name, _heading in CARD_LAYOUT
        if name != "unit_code"
    ] + ["confirmed_warnings"]

    def snapshot(community):
        rows = InjuryCard.objects.filter(community=community).values_list(*compared)
        return sorted(rows, key=lambda values: values[0])

    client = cast.client_for("office")
    url = reverse("injuries:card_export_cdc", kwargs={"community": cast.community.slug})
    exported = client.get(url, {"period": "2026-Q4", "format": fmt, "personal": "1"})
    assert exported.status_code == 200
    # The file goes into the other community, whose units carry the same numbers.
    for unit in units.values():
        ReportingUnitFactory(community=cast.other, name=unit.name, code=unit.code, kind=unit.kind)
    report = import_cards(cast.other, load_dataset(exported.content, f"cdc.{fmt}"))
    assert report.committed and report.new == 8, report.problems
    assert snapshot(cast.other) == snapshot(cast.community)


def test_cdc_export_by_month_and_unit(cast, units):
    import_cards(cast.community, read("national_cards_gbk.csv"))
    import_cards(cast.community, read("national_cards.xlsx"))
    client = cast.client_for("office")
    url = reverse("injuries:card_export_cdc", kwargs={"community": cast.community.slug})
    october = client.get(url, {"period": "2026-10", "format": "csv"})
    text = october.content.decode("utf-8-sig")
    assert "2026110003" in text and "2026110001" not in text
    assert "王秀英" not in client.get(url, {"period": "2026-11", "format": "csv"}).content.decode()
    clinic = client.get(url, {"period": "2026-11", "format": "csv", "unit": units["clinic"].pk})
    lines = clinic.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 2 and all("320102002" in line for line in lines[1:])
    unclear = client.get(url, {"period": "last year"}, follow=True)
    assert unclear.redirect_chain[-1][0].endswith("/injuries/quality/")
    assert "请选择月份" in unclear.content.decode()
    assert cast.client_for("reporter").get(url, {"period": "2026-11"}).status_code == 403


def test_periods():
    assert parse_period("2026-02")[:2] == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert parse_period("2026-q4")[:2] == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert parse_period("2026-13") is None


# --- the import page ----------------------------------------------------------------------


def test_import_page_previews_warnings_and_unknown_columns_then_imports(cast, units):
    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    data = (DATA / "national_cards_gbk.csv").read_bytes()
    upload = SimpleUploadedFile("报告卡.csv", data, content_type="text/csv")
    response = client.post(page, {"file": upload})
    html = response.content.decode()
    assert "以下列未导入：备注" in html
    assert "第 6 行" in html and PEDESTRIAN_PROMPT in html
    assert "已核对提示，确认导入" in html
    assert InjuryCard.objects.count() == 0
    done = client.post(page, {"confirm": "1", "token": response.context["token"]})
    assert done.status_code == 302 and InjuryCard.objects.count() == 5


def test_import_page_names_an_undecodable_cell(cast, units):
    client = cast.client_for("office")
    page = reverse("injuries:card_import", kwargs={"community": cast.community.slug})
    data = (DATA / "national_cards_errors_gbk.csv").read_bytes()
    response = client.post(page, {"file": SimpleUploadedFile("e.csv", data)})
    html = response.content.decode()
    assert "第 12 行" in html and "「姓名」列编码无法识别" in html
    assert "无法识别文件编码" not in html
