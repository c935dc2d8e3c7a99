"""Bulk import of the activity ledger (XLSX/CSV): preview with row errors, all or nothing."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from projects.models import Activity
from projects.resources import ActivityResource
from safecommunity.importing import load_dataset, run_import

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "活动名称",
    "活动类型",
    "日期",
    "地点",
    "工作组",
    "所属项目",
    "安全领域",
    "参加人数",
    "其中老年人",
    "发放资料（份）",
]


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(cast, data, filename, commit=True):
    resource = ActivityResource(community=cast.community)
    return run_import(resource, load_dataset(data, filename), commit=commit)


def test_good_xlsx_is_imported_with_labels_dates_and_lookups(cast):
    project = ProjectFactory(
        community=cast.community, working_group=cast.group, title="学校周边道路交通安全综合治理"
    )
    day = datetime.datetime(2026, 3, 12)  # Excel hands dates over as datetimes
    data = xlsx(
        [
            [
                "交通安全进校园",
                "宣传",
                day,
                "中心小学",
                "交通安全促进组",
                project.title,
                "交通安全",
                180,
                0,
                200,
            ],
            [
                "老年人防跌倒讲座",
                "lecture",
                "2026-04-02",
                "老年活动中心",
                "",
                "",
                "elderly",
                60,
                55,
                None,
            ],
        ]
    )
    report = run(cast, data, "台账.xlsx")
    assert report.committed and report.new == 2, report.problems
    first = Activity.objects.get(title="交通安全进校园")
    assert (first.kind, first.date, first.project, first.working_group, first.materials_count) == (
        "publicity",
        datetime.date(2026, 3, 12),
        project,
        cast.group,
        200,
    )
    second = Activity.objects.get(title="老年人防跌倒讲座")
    assert (second.safety_area, second.elderly_count, second.materials_count) == ("elderly", 55, 0)


def test_bad_rows_are_reported_by_row_and_nothing_is_written(cast):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = xlsx(
        [
            ["交通安全进校园", "宣传", "2026-03-12", "中心小学", "", "", "交通安全", 180, 0, 0],
            ["消防讲座", "跳舞", "2026-03-13", "会议室", "", "", "消防安全", 50, 0, 0],
            ["防溺水宣传", "宣传", "2026-03-14", "河边", "不存在的组", "", "涉水安全", 40, 0, 0],
            ["明天的活动", "宣传", tomorrow, "广场", "", "", "交通安全", 40, 0, 0],
            ["老人太多", "讲座", "2026-03-15", "广场", "", "", "老年人安全", 40, 60, 0],
        ]
    )
    report = run(cast, data, "台账.xlsx")
    assert not report.committed
    assert sorted(report.bad_rows) == [3, 4, 5, 6]
    text = {p.row: "；".join(p.messages) for p in report.problems}
    assert "“跳舞”不是有效的选项" in text[3]
    assert "找不到“不存在的组”" in text[4]
    assert "活动日期不能晚于今天" in text[5]
    assert "各人群人数之和（60）超过参加人数（40）" in text[6]
    assert not Activity.objects.exists()


def test_gbk_csv_with_header_aliases(cast):
    csv = "活动主题,类型,活动日期,活动地点,领域,参与人数\n反诈宣传进社区,宣传,2026-05-06,阳光社区广场,社会治安,75\n"
    report = run(cast, csv.encode("gbk"), "activities.csv")
    assert report.committed, report.problems
    activity = Activity.objects.get()
    assert (activity.title, activity.safety_area, activity.participants) == (
        "反诈宣传进社区",
        "order",
        75,
    )


def test_reimporting_the_same_ledger_updates_rather_than_duplicates(cast):
    rows = [["交通安全进校园", "宣传", "2026-03-12", "中心小学", "", "", "交通安全", 180, 0, 0]]
    run(cast, xlsx(rows), "a.xlsx")
    rows[0][7] = 200
    report = run(cast, xlsx(rows), "a.xlsx")
    assert (report.new, report.updated) == (0, 1)
    assert Activity.objects.get().participants == 200


def test_missing_required_column_is_reported(cast):
    report = run(
        cast, xlsx([["交通安全进校园", "宣传"]], headers=["活动名称", "活动类型"]), "a.xlsx"
    )
    assert not report.committed
    assert "缺少必需的列" in report.problems[0].messages[0]


def test_import_page_previews_then_confirms(cast):
    client = cast.client_for("office")
    url = reverse("projects:activity_import", args=[cast.community.slug])
    upload = io.BytesIO(
        xlsx([["交通安全进校园", "宣传", "2026-03-12", "中心小学", "", "", "交通安全", 180, 0, 0]])
    )
    upload.name = "台账.xlsx"
    response = client.post(url, {"file": upload})
    assert "所有行均有效" in response.content.decode()
    assert not Activity.objects.exists()
    response = client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert Activity.objects.filter(community=cast.community).count() == 1


def test_export_then_reimport_round_trip(cast):
    from .factories import ActivityFactory

    ActivityFactory(
        community=cast.community,
        working_group=cast.group,
        title="消防演练观摩",
        date=datetime.date(2026, 2, 3),
        participants=66,
    )
    response = cast.client_for("member").get(
        reverse("projects:activity_export", args=[cast.community.slug])
    )
    assert response.status_code == 200
    Activity.objects.all().delete()
    report = run(cast, response.content, "export.xlsx")
    assert report.committed, report.problems
    assert Activity.objects.get().participants == 66
