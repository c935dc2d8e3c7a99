"""Import and export of the place register and the hazard ledger (XLSX, CSV in UTF-8 and GBK)."""

import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from hazards.choices import PlaceCategory, RiskLevel
from hazards.models import Assessment, Hazard, Place
from hazards.resources import HazardResource, PlaceResource
from safecommunity.importing import load_dataset, run_import

from .factories import HazardFactory, PlaceFactory


def xlsx(headers, rows):
    dataset = tablib.Dataset(*rows, headers=headers)
    return dataset.export("xlsx")


PLACE_HEADERS = ["名称", "类型", "地址", "联系人", "联系电话", "风险等级", "重点监管", "责任工作组"]


def test_place_register_imports_from_xlsx(cast):
    data = xlsx(
        PLACE_HEADERS,
        [
            [
                "城东加油站",
                "危险化学品经营单位",
                "人民路8号",
                "张伟",
                "13800000000",
                "较大",
                "是",
                "交通安全促进组",
            ],
            ["护城河段", "water", "", "", "", "red", "", ""],
        ],
    )
    report = run_import(
        PlaceResource(community=cast.community), load_dataset(data, "places.xlsx"), commit=True
    )
    assert report.committed, report.problems
    station = Place.objects.get(name="城东加油站")
    assert (station.kind, station.category, station.risk_level) == (
        "hazchem",
        PlaceCategory.SOCIAL_UNIT,
        RiskLevel.ORANGE,
    )
    assert station.is_key_place is True
    assert station.working_group == cast.group
    river = Place.objects.get(name="护城河段")
    assert (river.category, river.risk_level, river.is_key_place) == (
        PlaceCategory.PUBLIC_FACILITY,
        "red",
        False,
    )
    assert station.community == cast.community


def test_bad_rows_write_nothing_and_say_why(cast):
    data = xlsx(
        PLACE_HEADERS,
        [
            ["好单位", "企业", "", "", "", "", "", ""],
            ["坏单位", "宇宙飞船", "", "", "", "", "", ""],
            [
                "另一单位",
                "企业",
                "",
                "",
                "",
                "",
                "",
                "平安镇交通组",
            ],  # a group of another community
        ],
    )
    report = run_import(
        PlaceResource(community=cast.community), load_dataset(data, "p.xlsx"), commit=True
    )
    assert not report.committed
    assert {p.row for p in report.problems} == {3, 4}
    messages = " ".join(m for p in report.problems for m in p.messages)
    assert "“宇宙飞船”不是有效的选项" in messages
    assert "找不到“平安镇交通组”" in messages
    assert not Place.objects.exists()


def test_gbk_csv_is_read(cast):
    text = "单位名称,类型,地址\n老街五金店,商铺/门店,和平街3号\n"
    report = run_import(
        PlaceResource(community=cast.community),
        load_dataset(text.encode("gbk"), "p.csv"),
        commit=True,
    )
    assert report.committed, report.problems
    assert Place.objects.get().address == "和平街3号"


def test_reimport_updates_place_by_name(cast):
    PlaceFactory(community=cast.community, name="颐养院", kind="elder_care", phone="1")
    data = "名称,类型,联系电话\n颐养院,养老机构,88886666\n".encode()
    report = run_import(
        PlaceResource(community=cast.community), load_dataset(data, "p.csv"), commit=True
    )
    assert (report.new, report.updated) == (0, 1)
    assert Place.objects.get().phone == "88886666"


HAZARD_HEADERS = [
    "危险源/风险点",
    "场所/单位",
    "安全领域",
    "可能发生的事故与伤害",
    "暴露人群",
    "辨识来源",
    "辨识日期",
    "评价方法",
    "可能性L",
    "严重程度S",
    "LEC-L",
    "LEC-E",
    "LEC-C",
    "评价日期",
    "评价人",
]


def test_hazard_ledger_import_records_the_evaluation(cast):
    PlaceFactory(community=cast.community, name="东村出租房屋")
    data = xlsx(
        HAZARD_HEADERS,
        [
            [
                "群租房电动车充电",
                "东村出租房屋",
                "消防安全",
                "火灾",
                "老年人、外来务工人员",
                "检查发现",
                "2026-02-01",
                "风险矩阵",
                "4",
                "4",
                "",
                "",
                "",
                "2026-02-02",
                "王丽华",
            ],
            [
                "河道无护栏",
                "",
                "涉水安全",
                "溺水",
                "儿童",
                "居民报告",
                "2026-02-03",
                "LEC",
                "",
                "",
                "3",
                "6",
                "15",
                "",
                "",
            ],
            [
                "楼梯拥挤",
                "",
                "学校安全",
                "踩踏",
                "",
                "安全现状调查",
                "2026-02-04",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    report = run_import(
        HazardResource(community=cast.community, user=cast.users["office"]),
        load_dataset(data, "h.xlsx"),
        commit=True,
    )
    assert report.committed, report.problems
    rented = Hazard.objects.get(title="群租房电动车充电")
    assert rented.place.name == "东村出租房屋"
    assert rented.exposed_groups == ["elderly", "migrants"]
    # 16 is 较大 under the 1–3 / 4–9 / 10–16 / 20–25 bands (hazards.risk)
    assert (rented.level, rented.score, rented.likelihood, rented.severity) == ("orange", 16, 4, 4)
    river = Hazard.objects.get(title="河道无护栏")
    assert (river.level, river.score) == (RiskLevel.ORANGE, 270)  # 3 × 6 × 15
    assert Hazard.objects.get(title="楼梯拥挤").level == ""
    assert Assessment.objects.count() == 2


def test_hazard_row_with_impossible_lec_value_is_refused(cast):
    data = xlsx(
        HAZARD_HEADERS,
        [
            [
                "河道无护栏",
                "",
                "涉水安全",
                "溺水",
                "",
                "",
                "2026-02-03",
                "LEC",
                "",
                "",
                "4",
                "6",
                "15",
                "",
                "",
            ]
        ],
    )
    report = run_import(
        HazardResource(community=cast.community), load_dataset(data, "h.xlsx"), commit=True
    )
    assert not report.committed
    assert "LEC-L只能取" in " ".join(report.problems[0].messages)
    assert not Hazard.objects.exists()


def test_hazard_missing_required_column(cast):
    data = xlsx(["危险源/风险点"], [["甲"]])
    report = run_import(
        HazardResource(community=cast.community), load_dataset(data, "h.xlsx"), commit=True
    )
    assert "缺少必需的列" in report.problems[0].messages[0]


def test_ledger_export_has_chinese_columns_and_latest_evaluation(cast):
    from hazards import services

    hazard = HazardFactory(community=cast.community, title="燃气管道老化")
    services.assess_hazard(hazard, method="lec", lec_l=3, lec_e=6, lec_c=7, assessor="王丽华")
    HazardFactory(community=cast.other, title="别的社区")
    response = cast.client_for("reviewer").get(
        reverse("hazards:hazard_export", args=[cast.community.slug])
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    headers = rows[0]
    assert "危险源/风险点" in headers and "风险等级" in headers and "LEC-C" in headers
    assert len(rows) == 2  # the other community's hazard is not exported
    row = dict(zip(headers, rows[1], strict=True))
    assert row["危险源/风险点"] == "燃气管道老化"
    assert row["风险等级"] == "一般"
    assert (row["LEC-L"], row["LEC-E"], row["LEC-C"]) == ("3", "6", "7")


def test_danger_ledger_exports_as_csv(cast):
    from .factories import HiddenDangerFactory

    HiddenDangerFactory(community=cast.community, title="灭火器过期")
    response = cast.client_for("office").get(
        reverse("hazards:danger_export", args=[cast.community.slug]) + "?format=csv"
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("发现日期,隐患名称,等级")
    assert "灭火器过期" in text


@pytest.mark.parametrize("name", ["place_import", "hazard_import"])
def test_import_page_preview_then_confirm(cast, name):
    client = cast.client_for("office")
    path = reverse(f"hazards:{name}", args=[cast.community.slug])
    if name == "place_import":
        content, filename = "名称,类型\n惠民超市,商铺/门店\n".encode(), "p.csv"
    else:
        content, filename = (
            "危险源/风险点,安全领域,可能发生的事故与伤害,辨识日期\n燃气泄漏,家居安全,中毒,2026-01-01\n".encode(),
            "h.csv",
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(path, {"file": SimpleUploadedFile(filename, content)})
    assert response.status_code == 200
    assert "所有行均有效" in response.content.decode()
    token = response.context["token"]
    response = client.post(path, {"confirm": "1", "token": token})
    assert response.status_code == 302
    model = Place if name == "place_import" else Hazard
    assert model.objects.filter(community=cast.community).count() == 1
