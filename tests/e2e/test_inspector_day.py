"""An inspector's day on a phone, end to end (issue 18's "done when").

The inspector opens the day's scheduled inspections from their home page, does one with no signal
(a failed item), the entry waits on the phone and is sent once the signal returns; the failed item
opens a hidden danger, pre-filled. The office sees both and orders the rectification for the same
day. The next morning (the clock moved) the daily reminders run and the community's 企业微信 robot
- a real HTTP server on 127.0.0.1 playing the endpoint - receives the overdue alert.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from committee.alerts.models import AlertDelivery
from committee.choices import AlertKind, AlertStatus
from hazards.choices import DangerStatus, OccurrenceStatus, Recurrence
from hazards.models import ChecklistTemplate, HiddenDanger, Inspection, InspectionSchedule
from hazards.services import schedules as services
from tests.committee.test_alerts import WECOM_KEY, Robot, wecom
from tests.e2e.conftest import SCREENSHOTS
from tests.hazards.factories import PlaceFactory
from tests.test_offline_browser import wait_cached

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def robot(settings):
    server = Robot()
    settings.ALERTS_WECOM_URL = f"{server.base}/cgi-bin/webhook/send"
    yield server
    server.close()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"inspector-day-{name}.png"), full_page=True)


def test_an_inspectors_day(cast, live_server, phone_page, browser, robot):
    page = phone_page
    inspector, office = cast.users["leader"], cast.users["office"]
    today = datetime.date.today()
    wecom(cast.community, kinds=[AlertKind.OVERDUE_RECTIFICATION])
    market = PlaceFactory(community=cast.community, name="东门农贸市场", kind="market")
    services.install_builtin_checklists(cast.community)
    schedule = InspectionSchedule.objects.create(
        community=cast.community,
        title="农贸市场每周安全巡查",
        recurrence=Recurrence.WEEKLY,
        start_date=today,
        working_group=cast.group,
        checklist=ChecklistTemplate.objects.get(community=cast.community, place_kind="market"),
    )
    schedule.places.set([market])
    schedule.team.set([inspector])
    services.generate_occurrences(schedule)
    occurrence = schedule.occurrences.get(due_date=today)
    base = f"{live_server.url}/c/{cast.community.slug}"

    # Morning: the inspector's home lists today's scheduled inspection.
    sign_in(page.context, live_server, inspector)
    page.goto(f"{base}/")
    tasks = page.locator("main")
    assert "农贸市场每周安全巡查" in tasks.inner_text()
    shot(page, "1-home")
    page.locator("main a", has_text="东门农贸市场").first.click()
    page.wait_for_load_state("networkidle")
    form = page.locator("form[data-offline=inspection]")
    assert form.count() == 1
    wait_cached(page, page.url.removeprefix(live_server.url))

    # In the market hall there is no signal: the checklist is filled and kept on the phone.
    page.context.set_offline(True)
    page.check("input[name='items-0-result'][value=fail]")
    page.fill("input[name='items-0-note']", "消防通道堆放货物，宽度不足 1 米")
    for index in range(1, 6):
        page.check(f"input[name='items-{index}-result'][value=pass]")
    shot(page, "2-checklist-offline")
    form.locator("button[type=submit]").click()
    page.wait_for_function("() => document.getElementById('outbox-count').textContent === '1'")
    assert not Inspection.objects.filter(community=cast.community).exists()
    shot(page, "3-waiting")

    # Back outside: the entry is sent by itself, once.
    page.context.set_offline(False)
    page.wait_for_function(
        "() => !document.getElementById('outbox-nav') || document.getElementById('outbox-nav').hidden"
    )
    page.wait_for_timeout(300)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.DONE
    assert Inspection.objects.filter(community=cast.community).count() == 1
    inspection = occurrence.inspection

    # The failed item opens a hidden danger, pre-filled from the item.
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    page.click("text=登记为隐患")
    page.wait_for_load_state("networkidle")
    assert "消防通道堆放货物" in page.input_value("textarea[name=description]")
    page.fill("input[name=title]", "东门市场消防通道堆放货物")
    page.select_option("select[name=safety_area]", "fire")
    shot(page, "4-danger")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/hazards/dangers/*/")  # the form is sent by the outbox script
    danger = HiddenDanger.objects.get(inspection=inspection)
    assert danger.place == market and danger.status == DangerStatus.REPORTED

    # The office, at a desk, sees both and orders the rectification for today.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    office_page = desk.new_page()
    sign_in(desk, live_server, office)
    office_page.goto(f"{base}/hazards/inspections/")
    assert "东门农贸市场" in office_page.inner_text("main")
    office_page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    assert "东门市场消防通道堆放货物" in office_page.inner_text("main")
    order = office_page.locator("form[action$='/order/']")
    order.locator("textarea[name=measures_required]").fill("当日清理通道，设置禁止堆放标识。")
    order.locator("input[name=responsible_person]").fill("市场管理方 王经理")
    order.locator("input[name=deadline]").fill(today.isoformat())
    order.locator("button[type=submit]").click()
    office_page.wait_for_load_state("networkidle")
    danger.refresh_from_db()
    assert danger.status == DangerStatus.ORDERED and danger.deadline == today
    desk.close()
    assert not robot.sent("/cgi-bin/webhook/send")

    # Nobody cleared it. The next morning the daily reminders run and the robot is told.
    from safecommunity.tasks import daily_reminders

    morning = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(8, 30))
    with time_machine.travel(morning.replace(tzinfo=SHANGHAI), tick=False):
        daily_reminders.delay()
    delivery = AlertDelivery.objects.get(kind=AlertKind.OVERDUE_RECTIFICATION)
    assert delivery.status == AlertStatus.SENT
    [request] = robot.sent("/cgi-bin/webhook/send")
    assert request["query"] == {"key": WECOM_KEY}
    content = request["json"]["markdown"]["content"]
    assert "东门市场消防通道堆放货物" in content
