"""Import of members, working groups and partners from XLSX and CSV (UTF-8 or GBK): a good file
is written, a file with bad rows reports each row number and writes nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committee.choices import Role
from committee.models import Member, Partner, WorkingGroup
from committee.resources import MemberResource, PartnerResource, WorkingGroupResource
from safecommunity.importing import load_dataset, run_import

MEMBER_HEADERS = ["姓名", "单位/部门", "职务", "委员会职务", "联系电话", "电子邮箱", "职责"]
GROUP_HEADERS = ["工作组名称", "类型", "安全领域", "上级工作组", "牵头单位", "工作职责"]
PARTNER_HEADERS = ["单位名称", "类别", "联系人", "联系电话", "参与内容与贡献"]


def xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding):
    lines = [",".join(headers)] + [",".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def problems_by_row(report):
    return {p.row: " ".join(p.messages) for p in report.problems}


# Members -------------------------------------------------------------------------------------


def test_members_from_xlsx(cast):
    data = xlsx(
        MEMBER_HEADERS,
        [
            [
                "李建国",
                "街道办事处",
                "主任",
                "主任",
                "13928034063",
                "li@example.org",
                "全面领导创建工作",
            ],
            [
                "陈志强",
                "街道办事处",
                "副主任",
                "deputy",
                "13986397250",
                "chen@example.org",
                "分管安全生产",
            ],  # code or label
        ],
    )
    report = run_import(
        MemberResource(community=cast.community), load_dataset(data, "成员.xlsx"), commit=True
    )
    assert report.ok and report.committed and report.new == 2
    li = Member.objects.get(community=cast.community, name="李建国")
    assert (li.unit, li.committee_role, li.phone) == ("街道办事处", "director", "13928034063")
    assert Member.objects.get(community=cast.community, name="陈志强").committee_role == "deputy"
    assert not Member.objects.filter(community=cast.other).exists()


def test_member_reimport_updates_by_name_and_unit(cast):
    Member.objects.create(
        community=cast.community, name="李建国", unit="街道办事处", position="副主任"
    )
    data = csv_bytes(MEMBER_HEADERS, [["李建国", "街道办事处", "主任", "主任", "", "", ""]], "gbk")
    report = run_import(
        MemberResource(community=cast.community), load_dataset(data, "m.csv"), commit=True
    )
    assert (report.new, report.updated) == (0, 1)
    assert Member.objects.get(community=cast.community, name="李建国").position == "主任"


def test_bad_member_rows_are_numbered_and_nothing_is_written(cast):
    data = csv_bytes(
        MEMBER_HEADERS,
        [
            ["李建国", "街道办事处", "主任", "主任", "", "", ""],
            ["陈志强", "", "副主任", "副主任", "", "", ""],
            ["冯立新", "区市场监管所", "所长", "常委", "", "", ""],
            ["吴秀英", "社区卫生服务中心", "主任", "委员", "", "not-an-email", ""],
        ],
        "gbk",
    )
    report = run_import(
        MemberResource(community=cast.community), load_dataset(data, "m.csv"), commit=True
    )
    assert not report.committed
    problems = problems_by_row(report)
    assert sorted(problems) == [3, 4, 5]  # the header is row 1
    assert "单位/部门" in problems[3]
    assert "常委" in problems[4]
    assert "电子邮箱" in problems[5]
    assert not Member.objects.filter(community=cast.community, name="李建国").exists()


def test_missing_required_column(cast):
    data = xlsx(["姓名", "职务"], [["李建国", "主任"]])
    report = run_import(
        MemberResource(community=cast.community), load_dataset(data, "m.xlsx"), commit=True
    )
    assert report.problems[0].row == 1
    assert "单位/部门" in report.problems[0].messages[0]
    assert not Member.objects.filter(name="李建国").exists()


# Empty optional cells in an XLSX arrive as None; the resources' plain Field widgets pass None on
# and the NOT NULL text columns refuse it. See the report for the fix in committee/resources.py
# (CharWidget on text fields); remove the marker when it lands.
@pytest.mark.parametrize(
    ("resource", "headers", "row"),
    [
        (MemberResource, MEMBER_HEADERS, ["李建国", "街道办事处", None, "主任", None, None, None]),
        (WorkingGroupResource, GROUP_HEADERS, ["宣传报道组", "宣传报道组", None, None, None, None]),
        (PartnerResource, PARTNER_HEADERS, ["区消防救援大队", "消防", None, None, None]),
    ],
    ids=["members", "groups", "partners"],
)
def test_xlsx_with_blank_optional_cells(cast, resource, headers, row):
    report = run_import(
        resource(community=cast.community),
        load_dataset(xlsx(headers, [row]), "x.xlsx"),
        commit=True,
    )
    assert report.ok, report.problems
    assert report.committed and report.new == 1


# Working groups --------------------------------------------------------------------------------


def test_groups_from_xlsx_with_parent_in_our_community(cast):
    data = xlsx(
        GROUP_HEADERS,
        [
            [
                "老年人安全促进组",
                "项目工作组",
                "老年人安全",
                None,
                "街道民政科",
                "组织居家适老化改造",
            ],
            ["宣传报道组", "publicity", None, None, "街道宣传办", "开展安全宣传"],
            [
                "阳光社区工作小组",
                "村/社区工作小组",
                "",
                cast.group.name,
                "阳光社区居委会",
                "落实本社区安全促进项目",
            ],
        ],
    )
    report = run_import(
        WorkingGroupResource(community=cast.community), load_dataset(data, "g.xlsx"), commit=True
    )
    assert report.ok and report.new == 3, report.problems
    elderly = WorkingGroup.objects.get(community=cast.community, name="老年人安全促进组")
    assert (elderly.kind, elderly.safety_area) == ("project", "elderly")
    assert (
        WorkingGroup.objects.get(community=cast.community, name="阳光社区工作小组").parent
        == cast.group
    )


def test_bad_group_rows_are_numbered_and_nothing_is_written(cast):
    data = xlsx(
        GROUP_HEADERS,
        [
            ["居家安全促进组", "项目工作组", "家居安全", None, "街道安监办", "居家安全"],
            ["综合组", "项目工作组", None, None, "街道安监办", "综合"],
            ["督查组", "督查组别", None, None, "街道纪工委", "督查"],
            ["平安小组", "村/社区工作小组", None, cast.foreign_group.name, "平安居委会", "小组"],
        ],
    )
    before = WorkingGroup.objects.count()
    report = run_import(
        WorkingGroupResource(community=cast.community), load_dataset(data, "g.xlsx"), commit=True
    )
    problems = problems_by_row(report)
    assert sorted(problems) == [3, 4, 5]
    assert "项目工作组必须选择安全领域。" in problems[3]
    assert "督查组别" in problems[4]
    assert cast.foreign_group.name in problems[5]  # another community's group is not found
    assert WorkingGroup.objects.count() == before


# Partners (GBK CSV, as Excel saves it in China) ---------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_partners_from_csv(cast, encoding):
    data = csv_bytes(
        PARTNER_HEADERS,
        [
            ["区消防救援大队", "消防", "孙海涛", "13976496171", "消防培训和演练指导"],
            ["中心小学", "学校", "郑国强", "", "校园安全教育"],
        ],
        encoding,
    )
    report = run_import(
        PartnerResource(community=cast.community), load_dataset(data, "合作单位.csv"), commit=True
    )
    assert report.ok and report.new == 2
    assert Partner.objects.get(community=cast.community, name="区消防救援大队").kind == "fire"
    assert Partner.objects.get(community=cast.community, name="中心小学").contact_person == "郑国强"


def test_bad_partner_rows_in_gbk_csv(cast):
    data = csv_bytes(
        PARTNER_HEADERS,
        [
            ["区消防救援大队", "消防", "孙海涛", "", ""],
            ["某物业公司", "物业", "", "", ""],
            ["", "企业", "", "", ""],
        ],
        "gbk",
    )
    report = run_import(
        PartnerResource(community=cast.community), load_dataset(data, "p.csv"), commit=True
    )
    problems = problems_by_row(report)
    assert sorted(problems) == [3, 4]
    assert "物业" in problems[3]
    assert "单位名称" in problems[4]
    assert not Partner.objects.filter(community=cast.community).exists()


# Through the pages: upload → preview → confirm ------------------------------------------------------


def upload(client, url, data, filename):
    return client.post(url, {"file": SimpleUploadedFile(filename, data)})


def test_import_page_previews_then_writes(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("committee:partner_import", args=[cast.community.slug])
    data = csv_bytes(PARTNER_HEADERS, [["区交警大队", "交警", "蒋红梅", "", "道路隐患排查"]], "gbk")
    preview = upload(client, url, data, "p.csv")
    assert preview.status_code == 200
    assert "所有行均有效。" in preview.text
    assert not Partner.objects.filter(community=cast.community).exists()  # a preview writes nothing
    token = preview.context["token"]
    done = client.post(url, {"token": token, "confirm": "1"})
    assert done["Location"] == reverse("committee:partner_list", args=[cast.community.slug])
    assert Partner.objects.get(community=cast.community).name == "区交警大队"


def test_import_page_reports_bad_rows_and_writes_nothing_unless_asked(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("committee:group_import", args=[cast.community.slug])
    data = xlsx(
        GROUP_HEADERS,
        [
            ["居家安全促进组", "项目工作组", "家居安全", None, "街道安监办", "居家安全"],
            ["综合组", "项目工作组", None, None, "街道安监办", "综合"],
        ],
    )
    preview = upload(client, url, data, "g.xlsx")
    assert "第 3 行" in preview.text
    assert "项目工作组必须选择安全领域。" in preview.text
    token = preview.context["token"]
    again = client.post(url, {"token": token, "confirm": "1"})
    assert again.status_code == 200
    assert not WorkingGroup.objects.filter(name="居家安全促进组").exists()
    client.post(url, {"token": token, "confirm": "1", "only_valid": "1"})
    assert WorkingGroup.objects.filter(community=cast.community, name="居家安全促进组").exists()
    assert not WorkingGroup.objects.filter(name="综合组").exists()


def test_import_page_refuses_other_files(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("committee:member_import", args=[cast.community.slug])
    response = upload(client, url, b"PK\x03\x04 not really", "m.xlsx")
    assert "XLSX" in response.text
    response = upload(client, url, b"%PDF-1.4", "m.pdf")
    assert "只支持 .xlsx 或 .csv 文件。" in response.text


def test_export_round_trip(cast):
    Member.objects.create(
        community=cast.community, name="王丽华", unit="街道安监办", committee_role="office_head"
    )
    client = cast.client_for(Role.OFFICE)
    url = reverse("committee:member_export", args=[cast.community.slug])
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == MEMBER_HEADERS
    row = next(r for r in rows if r[0] == "王丽华")
    assert (row[1], row[3]) == ("街道安监办", "办公室主任")
    assert len(rows) == 1 + Member.objects.filter(community=cast.community).count()
    csv = client.get(url + "?format=csv")
    assert csv.content.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert "王丽华" in csv.content.decode("utf-8-sig")
