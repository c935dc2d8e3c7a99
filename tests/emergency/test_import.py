"""Importing the supply and team ledgers (台账): good files, bad rows (nothing written), GBK CSV."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from emergency.models import RescueTeam, Supply
from emergency.resources import SupplyResource, TeamResource
from safecommunity.importing import load_dataset, run_import

pytestmark = pytest.mark.django_db

SUPPLY_CSV = (
    "物资名称,物资类别,规格型号,数量,计量单位,存放地点,保管人,购置日期,有效期至,最近检查日期,检查周期（天）\n"
    "干粉灭火器,消防器材,MFZ/ABC4,40,具,街道应急物资储备库,王丽华,2025/3/1,2030-02-28,2026-01-10,30\n"
    "救生衣,flood,,20,,滨河社区防汛仓库,赵敏,2024年5月1日,,,\n"
)


def test_supply_csv_in_gbk_with_labels_and_codes(cast):
    dataset = load_dataset(SUPPLY_CSV.encode("gbk"), "物资台账.csv")
    report = run_import(SupplyResource(community=cast.community), dataset, commit=True)
    assert report.committed and report.new == 2, report.problems
    extinguisher = Supply.objects.get(name="干粉灭火器")
    assert extinguisher.kind == "firefighting"
    assert extinguisher.community == cast.community
    assert extinguisher.purchased_on == datetime.date(2025, 3, 1)
    assert extinguisher.next_check_on == datetime.date(2026, 2, 9)
    vests = Supply.objects.get(name="救生衣")
    assert (vests.kind, vests.unit, vests.check_interval_days) == ("flood", "件", 90)
    assert vests.purchased_on == datetime.date(2024, 5, 1)


def test_bad_rows_write_nothing(cast):
    csv = (
        "物资名称,物资类别,数量,存放地点,购置日期,有效期至\n"
        "沙袋,防汛物资,500,滨河社区防汛仓库,,\n"
        "帐篷,不存在的类别,10,文化中心,,\n"
        "方便食品,生活保障物资,十箱,文化中心,,\n"
        "矿泉水,生活保障物资,30,文化中心,2026-05-01,2026-04-01\n"
    )
    report = run_import(
        SupplyResource(community=cast.community), load_dataset(csv.encode(), "a.csv"), commit=True
    )
    assert not report.committed
    assert sorted(p.row for p in report.problems) == [3, 4, 5]
    messages = " ".join(m for p in report.problems for m in p.messages)
    assert "“不存在的类别”不是有效的选项。" in messages
    assert "有效期不能早于购置日期。" in messages
    assert not Supply.objects.exists()


def test_missing_required_column(cast):
    report = run_import(
        SupplyResource(community=cast.community),
        load_dataset("物资名称,数量\n沙袋,5\n".encode(), "a.csv"),
        commit=True,
    )
    assert report.problems[0].messages == ["缺少必需的列：物资类别、存放地点"]
    assert not Supply.objects.exists()


def test_team_xlsx_import_updates_by_name_within_community(cast):
    RescueTeam.objects.create(
        community=cast.community,
        name="平安志愿者服务队",
        kind="volunteer",
        size=20,
        leader="甲",
        phone="1",
    )
    RescueTeam.objects.create(
        community=cast.other,
        name="平安志愿者服务队",
        kind="volunteer",
        size=5,
        leader="乙",
        phone="2",
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["队伍名称", "队伍类型", "人数", "负责人", "电话", "在编"])
    sheet.append(["平安志愿者服务队", "志愿者队伍", 60, "蒋红梅", "13900000001", "是"])
    sheet.append(["民兵应急分队", "militia", 40, "韩磊", "13900000002", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_import(
        TeamResource(community=cast.community),
        load_dataset(buffer.getvalue(), "队伍.xlsx"),
        commit=True,
    )
    assert report.committed and (report.new, report.updated) == (1, 1), report.problems
    assert RescueTeam.objects.get(community=cast.community, name="平安志愿者服务队").size == 60
    assert RescueTeam.objects.get(community=cast.other).size == 5


def test_import_page_preview_then_confirm(cast):
    client = cast.client_for("office")
    url = reverse("emergency:supply_import", args=[cast.community.slug])
    upload = io.BytesIO(SUPPLY_CSV.encode("utf-8-sig"))
    upload.name = "物资.csv"
    preview = client.post(url, {"file": upload})
    assert "所有行均有效" in preview.content.decode()
    assert not Supply.objects.exists()
    token = preview.context["token"]
    done = client.post(url, {"token": token, "confirm": "1"})
    assert done.status_code == 302
    assert Supply.objects.filter(community=cast.community).count() == 2


def test_export_round_trip(cast):
    Supply.objects.create(
        community=cast.community,
        name="担架",
        kind="medical",
        quantity=4,
        unit="副",
        location="卫生服务中心",
    )
    response = cast.client_for("member").get(
        reverse("emergency:supply_export", args=[cast.community.slug]), {"format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("物资名称,物资类别")
    assert "担架,医疗急救物资" in text
