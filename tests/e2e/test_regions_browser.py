"""The county page in Chromium: the demo county reviewer (assigned to the region, no membership
rows) opens the ranking of his communities, drills into one and finds nothing to change."""

import pytest

from committee import demo
from committee.models import Membership

from .test_user_guide import LIGHT, main_buttons, seed, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EDIT_WORDS = {"新建", "编辑", "删除", "导入", "填报进展", "登记活动", "重新生成"}


def test_county_reviewer_ranks_and_reads_without_editing(live_server, page, login, screenshot):
    seed(slugs=("xingfu", "pingan", "binjiang"), seeders=LIGHT)
    assert not Membership.objects.filter(user__username=demo.REVIEWER_USERNAME).exists()
    sign_in(page, login, demo.REVIEWER_USERNAME)

    # The top bar leads to the county page (one region assigned: straight to it).
    page.click("#region-link")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/regions/{demo.COUNTY_CODE}/"
    assert page.locator("h1").inner_text().startswith("示范区")
    rows = page.locator("table.region-table tbody tr")
    assert rows.count() == 3
    assert all("要素有记录" in text for text in rows.all_inner_texts())
    screenshot(page, "regions-county")

    # Sorted by a column on request.
    page.click("table.region-table thead a:has-text('社区')")
    page.wait_for_load_state("networkidle")
    assert "sort=name" in page.url
    first = page.locator("table.region-table tbody tr").first.inner_text()
    assert "平安镇" in first  # by code point: 平 < 幸 < 滨

    # Drill down: the community's own pages, read-only.
    page.click("table.region-table a:has-text('幸福街道')")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/c/xingfu/"
    assert "用户与角色" not in page.locator("#site-sidebar").inner_text()
    assert not EDIT_WORDS & set(main_buttons(page))
    screenshot(page, "regions-drilldown")
    page.locator("#site-sidebar a.nav-link", has_text="安全促进项目").first.click()
    page.wait_for_load_state("networkidle")
    assert not EDIT_WORDS & set(main_buttons(page))
    assert page.locator("main form[method=post]").count() == 0
    assert page.goto(f"{live_server.url}/c/xingfu/projects/list/new/").status == 403
