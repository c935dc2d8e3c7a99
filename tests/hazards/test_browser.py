"""In the browser: an inspector records an inspection with a finding and a photo, the responsible
group's leader rectifies, the inspector re-inspects and closes the finding.

Uses the e2e harness of tests/e2e (headless Chromium, fixtures imported in conftest.py).
"""

import datetime

import pytest
from django.test import Client
from PIL import Image

from hazards.choices import DangerAction, DangerStatus
from hazards.models import HiddenDanger, Inspection
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "scene.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(path)
    return str(path)


def test_inspection_finding_rectified_reinspected_and_closed(
    cast, live_server, browser, page, photo
):
    base = f"{live_server.url}/c/{cast.community.slug}/hazards"
    sign_in(page.context, live_server, cast.users["office"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # 1. the inspector records an inspection; one checklist line fails
    page.goto(f"{base}/inspections/new/")
    page.select_option("select[name=inspection_type]", "holiday")
    page.select_option("select[name=method]", "community")
    page.fill("input[name=inspectors]", "王丽华、赵敏")
    page.select_option("select[name=working_group]", str(cast.group.pk))
    page.select_option("select[name='items-1-result']", "fail")
    page.fill("input[name='items-1-note']", "灭火器压力不足")
    page.set_input_files("input[name=photo]", photo)
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    inspection = Inspection.objects.get()
    assert page.url.endswith(inspection.get_absolute_url())
    assert inspection.photo and inspection.items.filter(result="fail").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "hazards-inspection.png"), full_page=True)

    # 2. the failed line becomes a finding, with a photo
    page.click("text=登记为隐患")
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=title]") == "安全措施落实情况"
    page.fill("input[name=title]", "灭火器压力不足")
    page.select_option("select[name=safety_area]", "fire")
    page.set_input_files("input[name=photo]", photo)
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    danger = HiddenDanger.objects.get()
    assert danger.inspection == inspection and danger.working_group == cast.group and danger.photo

    # 3. the office issues the rectification order
    page.fill(
        "#order input[name=deadline]",
        (datetime.date.today() + datetime.timedelta(days=7)).isoformat(),
    )
    page.fill("#order textarea[name=measures_required]", "更换灭火器并张贴检查卡")
    page.fill("#order input[name=responsible_person]", "张伟")
    page.click("#order button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已下达整改通知" in page.content()

    # 4. the group leader records the rectification with evidence
    leader_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    leader_page = leader_context.new_page()
    sign_in(leader_context, live_server, cast.users["leader"])
    leader_page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    assert leader_page.locator("#reinspect input[name=passed]").count() == 0  # no form yet
    leader_page.fill("#rectify textarea[name=note]", "已更换 4 具灭火器")
    leader_page.set_input_files("#rectify input[name=photo]", photo)
    leader_page.click("#rectify button[type=submit]")
    leader_page.wait_for_load_state("networkidle")
    assert "等待复查" in leader_page.content()
    leader_page.screenshot(path=str(SCREENSHOTS / "hazards-danger-phone.png"), full_page=True)
    leader_context.close()

    # 5. the inspector re-inspects and closes the finding
    page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    page.check("#reinspect input[name=passed][value='1']")
    page.fill("#reinspect textarea[name=note]", "现场复查合格")
    page.click("#reinspect button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click("#close button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "隐患已销号" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "hazards-danger-closed.png"), full_page=True)

    danger.refresh_from_db()
    assert danger.status == DangerStatus.CLOSED
    assert danger.rectified_by == cast.users["leader"]
    assert danger.verified_by == cast.users["office"]
    assert list(danger.events.values_list("action", flat=True)) == [
        DangerAction.REPORT,
        DangerAction.ORDER,
        DangerAction.RECTIFY,
        DangerAction.REINSPECT_PASS,
        DangerAction.CLOSE,
    ]
    assert danger.events.get(action=DangerAction.RECTIFY).photo
