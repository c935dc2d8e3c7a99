"""The user guide (docs/guide/), walked in Chromium: one test per role, on the demo county.

Each test loads the demo data the role needs (the same seeders `seed_demo` runs), signs in as the
demo user of docs/guide/README.md (password demo-pass-2026), walks the flows its guide page
describes, asserts what the page promises at each step, and saves the screenshots the guide shows
(docs/screenshots/guide-<role>-<step>.png), so the pictures stay current with the pages.
"""

import datetime
import io
import random
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from archive.models import DossierBuild, Report
from committee import demo
from committee.management.commands.seed_demo import seeders as demo_seeders
from committee.models import Member, Membership
from injuries.models import InjuryCard
from projects.models import Project, ProjectUpdate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LIGHT = ("hazards.demo", "projects.demo")  # enough for the leader's projects


def seed(slugs=("xingfu",), seeders=None):
    """The demo communities named by slug, loaded as `manage.py seed_demo` loads them."""
    rng = random.Random(2026)
    today = timezone.localdate()
    modules = demo_seeders() if seeders is None else [import_module(path) for path in seeders]
    for spec in demo.COMMUNITIES:
        if spec[0] not in slugs:
            continue
        community, users, groups = demo.seed_community(spec, today=today, rng=rng)
        for module in modules:
            module.seed(community, users=users, groups=groups, rng=rng, scale="small", today=today)


def sign_in(page, login, username):
    login(page, get_user_model().objects.get(username=username), demo.DEMO_PASSWORD)


@pytest.fixture
def shot(screenshot):
    def _shot(page, name):
        page.evaluate("window.scrollTo(0, 0)")  # keep the sticky top bar on top of the image
        screenshot(page, f"guide-{name}")

    return _shot


def go(page, text):
    """Follow a link of the sidebar menu by its label, as a user would."""
    page.locator("#site-sidebar a.nav-link", has_text=text).first.click()
    page.wait_for_load_state("networkidle")


def main_buttons(page):
    return [t.strip() for t in page.locator("main .btn").all_inner_texts()]


INJURY_HEADINGS = (
    "卡片编号,填报单位,性别,年龄,户籍,文化程度,职业,伤害发生时间,就诊时间,填报日期,"
    "伤害发生原因,伤害发生地点,伤害发生时活动,意图,伤害性质,伤害部位,严重程度,结局"
)


def injury_csv(tmp_path, name, visit_offset_minutes):
    """A hospital's GBK CSV of two cards; the second row's visit is offset from 10:00."""
    day = timezone.localdate() - datetime.timedelta(days=3)
    unit = "区人民医院（伤害监测哨点医院）"
    good = (
        f"GD-001,{unit},女,79,本市/县,小学,离退休人员,{day} 08:30,{day} 09:30,{day},"
        "跌倒/坠落,家中,家务,非故意（意外事故）,骨折,下肢,中度,住院"
    )
    visit = datetime.datetime.combine(day, datetime.time(10, 0)) + datetime.timedelta(
        minutes=visit_offset_minutes
    )
    second = (
        f"GD-002,{unit},男,34,本市/县,高中或中专,商业、服务业人员,{day} 10:00,"
        f"{visit:%Y-%m-%d %H:%M},{day},机动车车祸,公路/街道,驾乘交通工具,"
        "非故意（意外事故）,骨折,下肢,中度,住院"
    )
    path = tmp_path / name
    path.write_bytes("\n".join([INJURY_HEADINGS, good, second]).encode("gbk"))
    return path


def test_office_guide(live_server, page, login, shot, tmp_path):
    seed()
    base = f"{live_server.url}/c/xingfu"

    # Signing in: the office belongs to one community and lands on its twelve elements.
    page.goto(f"{live_server.url}/accounts/login/")
    assert "安全社区管理平台" in page.inner_text("main")
    page.fill("input[name=username]", "xingfu-office")
    shot(page, "office-login")
    sign_in(page, login, "xingfu-office")
    assert page.url == f"{base}/"
    assert page.locator("h1").first.inner_text().strip() == "十二要素总览"
    headings = page.locator("#site-sidebar .nav-heading").all_inner_texts()
    assert headings[:1] == ["1. 安全社区创建机构与职责"]
    assert "12. 评审与持续改进" in headings and "管理" in headings
    shot(page, "office-home")

    # Records: every list has 新建, and most have 导入 / 导出 beside it.
    go(page, "委员会成员")
    assert {"导入", "导出 XLSX", "CSV", "新建"} <= set(main_buttons(page))
    shot(page, "office-records")

    # Import: members from a CSV ledger, previewed before anything is written.
    with page.expect_download() as download:
        page.click("main a.btn:has-text('导出 XLSX')")
    assert download.value.suggested_filename.endswith(".xlsx")
    before = Member.objects.filter(community__slug="xingfu").count()
    ledger = tmp_path / "委员会成员.csv"
    ledger.write_text(
        "姓名,单位/部门,职务,委员会职务,联系电话,职责\n"
        "沈卫东,区应急管理局,科长,委员,13800001111,指导应急预案编制和演练。\n"
        "韩雪,幸福街道社区卫生服务中心,医生,委员,13800002222,负责急救培训。\n",
        encoding="utf-8",
    )
    page.click("main a.btn:has-text('导入')")
    page.set_input_files("main input[type=file]", str(ledger))
    page.click("main form button:has-text('预览')")
    page.wait_for_load_state("networkidle")
    assert "共 2 行：新增 2，更新 0，问题行 0。" in page.inner_text("main")
    assert "所有行均有效" in page.inner_text("main")
    assert Member.objects.filter(community__slug="xingfu").count() == before  # not yet
    shot(page, "office-import")
    page.click("text=确认导入")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 2 条" in page.inner_text("main")
    assert Member.objects.filter(community__slug="xingfu").count() == before + 2

    # Injury cards from the hospital's spreadsheet: a bad row is refused with its row number,
    # nothing is written; the corrected file goes in whole.
    go(page, "伤害监测报告卡")
    cards_before = InjuryCard.objects.filter(community__slug="xingfu").count()
    page.click("main a.btn:has-text('导入')")
    page.set_input_files("main input[type=file]", str(injury_csv(tmp_path, "有错.csv", -30)))
    page.click("main form button:has-text('预览')")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("main")
    assert "问题行 1" in text and "第 3 行" in text
    assert "就诊时间不能早于伤害发生时间" in text
    shot(page, "office-injury-import-error")
    assert InjuryCard.objects.filter(community__slug="xingfu").count() == cards_before
    page.click("main a:has-text('重新上传')")
    page.set_input_files("main input[type=file]", str(injury_csv(tmp_path, "已更正.csv", 30)))
    page.click("main form button:has-text('预览')")
    page.wait_for_load_state("networkidle")
    assert "所有行均有效" in page.inner_text("main")
    page.click("text=确认导入")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 2 张报告卡" in page.inner_text("main")
    assert InjuryCard.objects.filter(community__slug="xingfu").count() == cards_before + 2

    # Users and roles: a new injury reporter.
    go(page, "用户与角色")
    page.fill("#add-user input[name=username]", "xingfu-hospital")
    page.fill("#add-user input[name=display_name]", "区人民医院报告员")
    page.select_option("#add-user select[name=role]", label="伤害报告员")
    # No password typed: the reporter chooses his own from a one-time link, printed for him.
    page.click("#add-user button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已创建 区人民医院报告员。请打印设置链接交给本人。" in page.inner_text("main")
    assert "/accounts/setup/" in page.inner_text("#setup-url")
    assert Membership.objects.get(user__username="xingfu-hospital").role == "reporter"
    shot(page, "office-user-link")
    go(page, "用户与角色")
    shot(page, "office-users")

    # Evaluation reports: the monthly one is there; generate a quarterly one on demand (the quarter
    # holding the form's default date, the last day of last month).
    go(page, "评估报告")
    assert "幸福街道" in page.locator("table").inner_text()
    page.click("summary:has-text('生成评估报告')")
    page.select_option("select[name=kind]", label="季度")
    shot(page, "office-reports")
    page.click("form[action$='/reports/new/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    report = Report.objects.filter(community__slug="xingfu", kind="quarterly").get()
    assert page.url.endswith(report.get_absolute_url())
    report.refresh_from_db()
    assert report.state == "done"
    page.reload()
    assert "下载 PDF" in main_buttons(page) and "重新生成" in " ".join(main_buttons(page))
    assert "数据反映的问题" in page.inner_text("main")
    shot(page, "office-report")

    # The dossier (申报材料): built, then downloaded as PDF and ZIP.
    go(page, "申报材料")
    assert "不含伤害个案的个人信息" in page.inner_text("main")
    # Eager Celery builds the whole dossier inside this request: give it a worker's time.
    page.set_default_timeout(120_000)
    page.click("[data-build-button]")
    page.wait_for_load_state("networkidle")
    build = DossierBuild.objects.get(community__slug="xingfu")
    assert build.state == "done", build.message
    page.reload()
    assert page.locator("a.download-link", has_text="下载 PDF").is_visible()
    assert page.locator("a.download-link", has_text="下载资料包 ZIP").is_visible()
    shot(page, "office-dossier")
    with page.expect_download() as download:
        page.click("a.download-link:has-text('下载 PDF')")
    assert download.value.suggested_filename.endswith(".pdf")


def test_leader_guide(live_server, page, login, shot, tmp_path):
    seed(seeders=LIGHT)
    base = f"{live_server.url}/c/xingfu"
    sign_in(page, login, "xingfu-leader")
    assert page.url == f"{base}/"

    # 安全促进项目 opens on 我的项目: only the traffic group's projects, each with its buttons.
    go(page, "安全促进项目")
    assert page.locator(".nav-tabs .nav-link.active").inner_text().strip() == "我的项目"
    rows = page.locator("table.project-table tbody tr")
    mine = Project.objects.filter(community__slug="xingfu", working_group__name="交通安全促进组")
    assert rows.count() == mine.count() > 0
    for text in rows.all_inner_texts():
        assert "交通安全促进组" in text and "填报进展" in text
    shot(page, "leader-projects")

    # His project: post a progress update, then attach a photo to it.
    project = mine.get(title="学校周边道路交通安全综合治理")
    page.click(f"table.project-table a:has-text('{project.title}')")
    page.wait_for_load_state("networkidle")
    assert {"填报进展", "登记活动", "编辑"} <= set(main_buttons(page))
    assert page.locator("form[action$='/status/'] button").count() > 0
    shot(page, "leader-project")
    page.click("main a.btn:has-text('填报进展')")
    page.wait_for_load_state("networkidle")
    # Above the demo's last report (which moves with today's date), so no lowering reason is due.
    target = min(100, max(80, project.progress + 5))
    page.fill("input[name=percent]", str(target))
    page.fill("textarea[name=done]", "第二批减速带和护栏安装完成，护学岗覆盖两所学校。")
    page.fill("textarea[name=next_steps]", "收集上下学时段车速数据，准备中期评估。")
    shot(page, "leader-update-form")
    page.click("main form button[type=submit]:has-text('保存进展')")
    page.wait_for_load_state("networkidle")
    update = ProjectUpdate.objects.get(project=project, percent=target)
    assert page.url.endswith(update.get_absolute_url())
    assert "进展已保存" in page.inner_text("main")
    photo = tmp_path / "护栏安装.png"
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (40, 120, 200)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    page.set_input_files("#attachments input[type=file]", str(photo))
    page.fill("#attachments input[name=title]", "学校门口护栏安装现场")
    page.click("#attachments button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "学校门口护栏安装现场" in page.locator("#attachments").inner_text()
    shot(page, "leader-update-photo")

    # Status: the change is confirmed in a dialog, then written on the project.
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/status/'] button:has-text('评估中')")
    page.wait_for_load_state("networkidle")
    assert "项目状态已改为“评估中”。" in page.inner_text("main")
    project.refresh_from_db()
    assert project.status == "evaluating" and project.progress == target

    # Another group's project: readable, but no buttons, and its forms answer 403.
    theirs = Project.objects.get(community__slug="xingfu", title__startswith="老旧小区电动自行车")
    page.goto(f"{base}/projects/list/?scope=all")
    row = page.locator("table.project-table tbody tr", has_text=theirs.title)
    assert "填报进展" not in row.inner_text()
    row.locator("a", has_text=theirs.title).click()
    page.wait_for_load_state("networkidle")
    assert not {"填报进展", "登记活动", "编辑"} & set(main_buttons(page))
    assert page.locator("#attachments form").count() == 0
    shot(page, "leader-other-project")
    for path in ("updates/new/", "edit/"):
        response = page.goto(f"{live_server.url}{theirs.get_absolute_url()}{path}")
        assert response.status == 403
    assert "无权进行此操作" in page.inner_text("main")
    shot(page, "leader-forbidden")


def test_reporter_guide(live_server, phone_page, login, shot):
    seed(seeders=("injuries.demo",))
    page = phone_page
    base = f"{live_server.url}/c/xingfu"
    sign_in(page, login, "xingfu-reporter")

    # A reporter lands on his own tasks (this month's cards, a big report button), then his cards;
    # the menu holds nothing else.
    assert page.url == f"{base}/"
    assert page.locator("h1").inner_text().strip() == "我的任务"
    assert page.locator("#report-card").is_visible()
    page.click("text=我填报的全部卡片")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}/injuries/"
    assert page.locator("h1").inner_text().strip() == "我填报的伤害监测报告卡"
    mine = InjuryCard.objects.filter(reporter__username="xingfu-reporter").count()
    assert f"共 {mine} 条" in page.inner_text("main")
    screenshot_viewport(page, "reporter-list")  # the whole list would be metres long
    page.click("[data-bs-target='#site-sidebar']")
    page.wait_for_selector("#site-sidebar.show")
    links = [t.strip() for t in page.locator("#site-sidebar a.nav-link").all_inner_texts()]
    assert links == ["我的任务", "伤害监测报告卡"]  # no 十二要素总览: a reporter has no dashboard
    page.wait_for_timeout(400)  # the off-canvas slides in
    screenshot_viewport(page, "reporter-menu")
    page.click("#site-sidebar .btn-close")

    # Entering a card: times, unit, intent, severity and outcome come filled in.
    page.click("main a.btn:has-text('填报报告卡')")
    page.wait_for_load_state("networkidle")
    assert page.input_value("select[name=reporting_unit]") != ""
    assert page.input_value("input[name=injury_at]") != ""
    choose = {
        "sex": "女",
        "education": "小学",
        "occupation": "离退休人员",
        "cause": "机动车车祸",
        "place": "家中",
        "activity": "家务",
        "nature": "骨折",
        "body_part": "下肢",
    }
    before = set(
        InjuryCard.objects.filter(reporter__username="xingfu-reporter").values_list("pk", flat=True)
    )
    for name, label in choose.items():
        page.select_option(f"select[name={name}]", label=label)
    page.fill("input[name=age]", "78")
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("button[type=submit]:text-is('保存')")
    page.wait_for_load_state("networkidle")
    assert "请更正下面标红的项目。" in page.inner_text("main")
    assert "车祸伤害的发生地点应为“公路/街道”。" in page.inner_text("main")
    assert InjuryCard.objects.filter(reporter__username="xingfu-reporter").count() == len(before)
    shot(page, "reporter-error")

    page.select_option("select[name=cause]", label="跌倒/坠落")
    page.fill("textarea[name=narrative]", "在家中卫生间滑倒，右髋部着地。")
    shot(page, "reporter-form")
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("button[type=submit]:text-is('保存')")
    page.wait_for_load_state("networkidle")
    card = (
        InjuryCard.objects.filter(reporter__username="xingfu-reporter").exclude(pk__in=before).get()
    )
    assert card.age == 78
    assert page.url.endswith(card.get_absolute_url())
    assert "已保存。" in page.inner_text("main")
    assert card.safety_area == "elderly"  # left blank: classified from age, cause and place
    shot(page, "reporter-saved")

    # Statistics and every other element are not for reporters.
    assert page.goto(f"{base}/injuries/stats/").status == 403
    assert page.goto(f"{base}/projects/list/").status == 403


def screenshot_viewport(page, name):
    from tests.browser import SCREENSHOTS

    page.screenshot(path=str(SCREENSHOTS / f"guide-{name}.png"))


def test_reviewer_guide(live_server, page, login, shot):
    seed(slugs=("xingfu", "pingan", "binjiang"))
    sign_in(page, login, "reviewer")

    # Three communities to choose from, and the region overview across them.
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text().strip() == "选择社区"
    for name in ("幸福街道", "平安镇", "滨江工业园区"):
        assert name in page.inner_text("main")
    shot(page, "reviewer-communities")
    page.click("main a:has-text('幸福街道')")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/c/xingfu/"
    assert "用户与角色" not in page.locator("#site-sidebar").inner_text()
    page.click("#region-link")  # the county page, from the top bar
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/regions/{demo.COUNTY_CODE}/"
    rows = page.locator("table.region-table tbody tr")
    assert rows.count() == 3
    assert all("要素有记录" in text for text in rows.all_inner_texts())
    shot(page, "reviewer-region")
    page.goto(f"{live_server.url}/c/xingfu/")

    # Read-only: no 新建 on lists, no 编辑 on records, 403 on forms.
    go(page, "安全促进项目")
    assert "新建" not in main_buttons(page)
    assert "填报进展" not in page.inner_text("main")
    project = Project.objects.get(community__slug="xingfu", title="学校周边道路交通安全综合治理")
    page.click(f"table.project-table a:has-text('{project.title}')")
    page.wait_for_load_state("networkidle")
    assert not {"填报进展", "登记活动", "编辑", "删除"} & set(main_buttons(page))
    assert page.locator("main form[method=post]").count() == 0
    shot(page, "reviewer-project")
    assert page.goto(f"{live_server.url}{project.get_absolute_url()}edit/").status == 403

    # Injury cards: personal data masked; statistics open.
    page.goto(f"{live_server.url}/c/xingfu/injuries/")
    assert "填报报告卡" not in main_buttons(page) and "导入" not in main_buttons(page)
    named = InjuryCard.objects.filter(community__slug="xingfu").exclude(name="")
    assert named.exists()
    text = page.inner_text("main")
    assert not any(card.name in text for card in named if len(card.name) > 1)
    assert page.locator("table.card-table .masked").count() > 0
    shot(page, "reviewer-cards")

    # The latest evaluation report: download only, no regeneration.
    go(page, "评估报告")
    page.click("table a[href*='/archive/reports/']")
    page.wait_for_load_state("networkidle")
    assert "下载 PDF" in main_buttons(page)
    assert "重新生成" not in " ".join(main_buttons(page))
    shot(page, "reviewer-report")

    # Switching community from the top bar.
    page.click("#community-switcher")
    page.click(".dropdown-menu a:has-text('平安镇')")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/c/pingan/"
    shot(page, "reviewer-switch")
