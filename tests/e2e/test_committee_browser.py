"""The office signs in, creates a working group and a meeting, and sees the pages in Chinese."""

import datetime

import pytest

from committee.models import Meeting, WorkingGroup

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_creates_group_and_meeting_in_chinese(cast, live_server, page, login, screenshot):
    office = cast.users["office"]
    login(page, office)
    base = f"{live_server.url}/c/{cast.community.slug}"

    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "十二要素" in page.content()
    screenshot(page, "committee-home")

    page.goto(f"{base}/committee/groups/new/")
    page.fill("input[name=name]", "老年人防跌倒工作组")
    page.select_option("select[name=kind]", "project")
    page.select_option("select[name=safety_area]", "elderly")
    page.fill("textarea[name=duties]", "组织老年人居家环境改造和防跌倒宣传。")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    group = WorkingGroup.objects.get(community=cast.community, name="老年人防跌倒工作组")
    assert page.url.endswith(group.get_absolute_url())
    assert "老年人防跌倒工作组" in page.content()
    assert "已保存" in page.content()

    page.goto(f"{base}/committee/meetings/new/")
    page.fill("input[name=date]", datetime.date.today().isoformat())
    page.select_option("select[name=kind]", "group")
    page.fill("input[name=title]", "防跌倒项目启动会")
    page.select_option("select[name=working_group]", str(group.pk))
    page.fill("textarea[name=decisions]", "下月起开展入户评估。")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(community=cast.community, title="防跌倒项目启动会")
    assert meeting.working_group == group
    assert "下月起开展入户评估" in page.content()
    screenshot(page, "committee-meeting")

    page.goto(f"{base}/committee/meetings/")
    assert "防跌倒项目启动会" in page.content()
    assert "会议" in page.title()


def test_missing_required_field_shows_chinese_error(cast, live_server, page, login):
    login(page, cast.users["office"])
    page.goto(f"{live_server.url}/c/{cast.community.slug}/committee/groups/new/")
    page.select_option("select[name=kind]", "project")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "这个字段是必填项" in page.content()
    assert not WorkingGroup.objects.filter(community=cast.community, name="").exists()


def test_phone_layout_has_menu_button(cast, live_server, phone_page, login, screenshot):
    login(phone_page, cast.users["office"])
    phone_page.goto(f"{live_server.url}/c/{cast.community.slug}/")
    menu = phone_page.locator("[data-bs-toggle='offcanvas'][data-bs-target='#site-sidebar']")
    assert menu.is_visible()
    menu.click()
    phone_page.wait_for_selector("#site-sidebar.show")
    screenshot(phone_page, "committee-home-phone")
