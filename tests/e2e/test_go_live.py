"""Going live, as the people who do it: the superuser starts 安康街道 from an empty platform, its
office sets a password from the link and completes setup from an Excel template, adds a group and
a leader; the leader updates a project; a county reviewer sees 安康街道 ranked and cannot edit.
Screenshots: docs/screenshots/golive-*.png."""

import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from committee.models import Community, PopulationYear, WorkingGroup
from projects.models import ProjectUpdate
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT_PASSWORD = "Platform-root-2026"


@pytest.fixture
def shot(screenshot):
    def _shot(page, name):
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"golive-{name}")

    return _shot


def setup_path(page):
    text = page.inner_text("#setup-url")
    return re.search(r"/accounts/setup/\S+/", text).group(0)


def choose_password(page, base, path, password):
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=new_password1]", password)
    page.fill("input[name=new_password2]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def submit(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_a_town_office_goes_live(live_server, browser, login, shot, tmp_path):
    base = live_server.url
    User = get_user_model()
    User.objects.create_superuser("root", "root@example.org", ROOT_PASSWORD)

    # 1. The superuser starts the community and its office account.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(admin, User.objects.get(username="root"), ROOT_PASSWORD)
    admin.goto(f"{base}/manage/")
    admin.fill("#id_c-name", "安康街道")
    admin.fill("#id_c-slug", "ankang")
    admin.select_option("#id_c-kind", "street")
    admin.fill("#id_c-area_code", "330106012")
    admin.fill("#id_c-county_name", "西湖区")
    admin.fill("#id_c-office_username", "ankang-office")
    admin.fill("#id_c-office_display_name", "陈主任")
    shot(admin, "1-new-community")
    submit(admin, "#new-community button[type=submit]")
    assert "已创建安康街道" in admin.inner_text("main")
    shot(admin, "2-office-link")
    office_link = setup_path(admin)

    # 2. The office chooses its password from the link and lands on the setup guide.
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    choose_password(office, base, office_link, "Chen-Shequ-2026x")
    assert "先录入什么" in office.inner_text("main")
    shot(office, "3-office-home")

    # 3. Setup from an Excel template: the population base.
    office.click("#setup-guide a:has-text('开始建档')")
    office.wait_for_load_state("networkidle")
    office.click("#setup-population a:has-text('从 Excel 导入')")
    office.wait_for_load_state("networkidle")
    with office.expect_download() as download:
        office.click("a:has-text('下载导入模板')")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["年份", "性别", "年龄组", "人数"]
    for sex in ("男", "女"):
        for group, count in (
            ("0-4岁", 2100),
            ("5-14岁", 4800),
            ("15-24岁", 5200),
            ("25-44岁", 9900),
            ("45-64岁", 8300),
            ("65岁及以上", 5600),
        ):
            sheet.append([2025, sex, group, count])
    book.save(template)
    office.set_input_files("input[type=file]", str(template))
    submit(office, "main form button[type=submit]:has-text('预览')")
    assert "所有行均有效" in office.inner_text("main")
    shot(office, "4-population-preview")
    submit(office, "button:has-text('确认导入')")
    community = Community.objects.get(slug="ankang")
    assert PopulationYear.objects.filter(community=community).count() == 12
    assert office.get_attribute("#setup-population", "data-done") == "1"
    shot(office, "5-setup")

    # 4. A working group, its leader's account and committee record, the leader in the group.
    office.goto(f"{base}/c/ankang/committee/groups/new/")
    office.fill("#id_name", "道路交通安全促进组")
    office.select_option("#id_kind", "project")
    office.select_option("#id_safety_area", "traffic")
    submit(office, "main form button[type=submit]")
    assert WorkingGroup.objects.filter(community=community).exists(), (
        office.url,
        office.locator(".invalid-feedback, .alert").all_inner_texts(),
    )
    group = WorkingGroup.objects.get(community=community)
    office.goto(f"{base}/c/ankang/committee/users/")
    office.fill("#id_username", "ankang-leader")
    office.fill("#id_display_name", "周组长")
    office.select_option("#id_role", "leader")
    office.fill("#id_password", "Temp-Leader-4412")
    submit(office, "#add-user button[type=submit]")
    assert "本人用初始密码登录后须修改密码" in office.inner_text("main")
    office.goto(f"{base}/c/ankang/committee/members/new/")
    office.fill("#id_name", "周组长")
    office.fill("#id_unit", "安康街道城管科")
    office.select_option("#id_user", label="周组长")
    submit(office, "main form button[type=submit]")
    office.goto(f"{base}{group.get_absolute_url()}")
    office.select_option("#group-member-form select[name=member]", label="周组长（安康街道城管科）")
    office.select_option("#group-member-form select[name=role]", "leader")
    submit(office, "#group-member-form button[type=submit]")
    assert "已更新工作组成员" in office.inner_text("main")
    shot(office, "6-group")
    project = ProjectFactory(
        community=community, working_group=group, title="学校周边交通安全综合治理"
    )

    # 5. The leader logs in, must change the office's password, then updates his project.
    leader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(leader, User.objects.get(username="ankang-leader"), "Temp-Leader-4412")
    assert leader.url.endswith("/accounts/password/")
    leader.fill("input[name=old_password]", "Temp-Leader-4412")
    leader.fill("input[name=new_password1]", "Zhou-own-5519")
    leader.fill("input[name=new_password2]", "Zhou-own-5519")
    submit(leader, "main form button[type=submit]")
    leader.goto(f"{base}{project.get_absolute_url()}")
    leader.click("main a.btn:has-text('填报进展')")
    leader.wait_for_load_state("networkidle")
    leader.fill("input[name=percent]", "30")
    leader.fill("textarea[name=done]", "完成两所学校门口的交通流量调查。")
    leader.fill("textarea[name=next_steps]", "设置护学岗和减速带。")
    submit(leader, "main form button[type=submit]:has-text('保存进展')")
    assert ProjectUpdate.objects.filter(project=project, percent=30).exists()
    shot(leader, "7-leader-update")

    # 6. The superuser assigns a county reviewer, who sees 安康街道 ranked and cannot edit.
    admin.goto(f"{base}/manage/")
    admin.fill("#id_r-region_code", "330106")
    admin.fill("#id_r-region_name", "西湖区")
    admin.fill("#id_r-username", "xihu-reviewer")
    admin.fill("#id_r-display_name", "西湖区应急管理局")
    submit(admin, "#reviewers button[type=submit]")
    reviewer_link = setup_path(admin)
    reviewer = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    ).new_page()
    choose_password(reviewer, base, reviewer_link, "Pingan-Jiancha-58")
    reviewer.goto(f"{base}/regions/330106/")
    reviewer.wait_for_load_state("networkidle")
    assert "安康街道" in reviewer.inner_text("main")
    shot(reviewer, "8-county")
    reviewer.click("main a[href='/c/ankang/']")
    reviewer.wait_for_load_state("networkidle")
    assert "/c/ankang/" in reviewer.url
    reviewer.goto(f"{base}{group.get_absolute_url()}")
    assert reviewer.locator("#group-member-form").count() == 0
    assert reviewer.locator("main a:has-text('编辑')").count() == 0
    shot(reviewer, "9-reviewer-group")
    response = reviewer.request.get(f"{base}/c/ankang/committee/groups/new/")
    assert response.status == 403
    for p in (admin, office, leader, reviewer):
        p.context.close()
