"""The office records a drill against a plan, adds a problem the evaluation found, and sees it in
the corrective actions list (element 7 → element 11)."""

import datetime
import os

import pytest
from django.urls import reverse

from emergency.models import Drill, DrillProblem
from hazards.models import CorrectiveAction
from tests.emergency.factories import PlanFactory

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_records_drill_and_problem_becomes_corrective_action(
    cast, live_server, page, phone_page, login, screenshot
):
    def shot(target, name):
        target.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top of the image
        screenshot(target, name)

    plan = PlanFactory(
        community=cast.community, title="高层住宅火灾现场处置方案", owner_unit="幸福家园物业"
    )
    base = f"{live_server.url}/c/{cast.community.slug}"
    login(page, cast.users["office"])

    page.goto(f"{base}/emergency/plans/{plan.pk}/")
    assert "版本记录" in page.content()
    shot(page, "emergency-plan")
    page.click("text=登记演练")
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=title]") == "高层住宅火灾现场处置方案演练"
    assert page.input_value("select[name=plan]") == str(plan.pk)
    assert page.input_value("input[name=organiser]") == "幸福家园物业"

    page.select_option("select[name=drill_type]", "field")
    page.fill("input[name=date]", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=place]", "幸福家园12幢")
    page.fill("textarea[name=scenario]", "12楼住户厨房油锅起火，楼道烟雾弥漫，有老人被困。")
    page.fill(
        "textarea[name=timeline]", "09:00 发出警报\n09:03 微型消防站到场\n09:12 居民到达集合点"
    )
    page.select_option("select[name=rating]", "good")
    page.fill("input[name=participants-0-group]", "居民")
    page.fill("input[name=participants-0-count]", "120")
    page.fill("input[name=participants-1-group]", "微型消防站队员")
    page.fill("input[name=participants-1-count]", "8")
    shot(page, "emergency-drill-form")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")

    drill = Drill.objects.get(community=cast.community, plan=plan)
    assert page.url.endswith(drill.get_absolute_url())
    assert drill.participants == 128
    assert "已保存" in page.content()

    details = page.locator("details.problem-add")
    if details.get_attribute("open") is None:  # open by default while no problem is recorded
        page.click("summary:has-text('登记发现的问题')")
    page.fill("textarea[name=description]", "楼道应急照明灯不亮，疏散时看不清指示标志")
    page.select_option("select[name=category]", "equipment")
    page.fill("textarea[name=suggestion]", "全面检查应急照明并建立月检制度")
    page.fill("input[name=responsible_unit]", "幸福家园物业")
    assert page.is_checked("input[name=raise_action]")
    page.click("form.problem-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记问题，并转为纠正措施跟踪整改。" in page.content()
    assert "纠正措施：待落实" in page.content()
    shot(page, "emergency-drill")

    problem = DrillProblem.objects.get(drill=drill)
    action = CorrectiveAction.objects.get(community=cast.community, source_kind="drill")
    assert problem.action == action

    page.goto(live_server.url + reverse("hazards:action_list", args=[cast.community.slug]))
    row = page.locator("tr", has_text="楼道应急照明灯不亮，疏散时看不清指示标志")
    assert row.count() == 1
    assert "演练" in row.inner_text()
    shot(page, "emergency-corrective-actions")
    row.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(action.get_absolute_url())
    page.click(f"a[href='{problem.get_absolute_url()}']")
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0].endswith(drill.get_absolute_url())

    login(phone_page, cast.users["office"])
    phone_page.goto(f"{live_server.url}{drill.get_absolute_url()}")
    assert "楼道应急照明灯不亮" in phone_page.content()
    shot(phone_page, "emergency-drill-phone")
