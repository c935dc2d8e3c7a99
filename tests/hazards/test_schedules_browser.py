"""In the browser, at phone width: an inspector opens the day's scheduled inspections, does one
with a failed item and its photo, then opens the hidden danger from that item, pre-filled."""

import datetime

import pytest
from django.test import Client
from PIL import Image

from hazards.choices import OccurrenceStatus, Recurrence
from hazards.models import ChecklistTemplate, HiddenDanger, InspectionSchedule
from hazards.services import schedules as services
from tests.e2e.conftest import SCREENSHOTS

from .factories import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(browser_context, live_server, user):
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_inspector_does_a_scheduled_inspection_on_a_phone(cast, live_server, phone_page, tmp_path):
    page = phone_page
    leader = cast.users["leader"]
    today = datetime.date.today()
    place = PlaceFactory(community=cast.community, name="东门农贸市场", kind="market")
    services.install_builtin_checklists(cast.community)
    schedule = InspectionSchedule.objects.create(
        community=cast.community,
        title="农贸市场每周安全巡查",
        recurrence=Recurrence.WEEKLY,
        start_date=today,
        working_group=cast.group,
        checklist=ChecklistTemplate.objects.get(community=cast.community, place_kind="market"),
    )
    schedule.places.set([place])
    schedule.team.set([leader])
    services.generate_occurrences(schedule)
    photo = tmp_path / "exit.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page.context, live_server, leader)
    base = f"{live_server.url}/c/{cast.community.slug}/hazards"

    # 1. the calendar, as a list of days on a phone
    page.goto(f"{base}/schedules/calendar/")
    page.screenshot(path=str(SCREENSHOTS / "hazards-schedule-calendar-phone.png"), full_page=True)
    page.locator(".sched-days").get_by_role("link", name="去检查").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("form[data-offline=inspection] input[name=client_id]").count() == 1

    # 2. the checklist: first item fails, with a note and a photo
    page.check("input[name='items-0-result'][value=fail]")
    page.fill("input[name='items-0-note']", "消防通道堆放货物")
    page.set_input_files("input[name='items-0-photo']", str(photo))
    page.screenshot(
        path=str(SCREENSHOTS / "hazards-scheduled-inspection-phone.png"), full_page=True
    )
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("form[data-offline=inspection] button[type=submit]")
    page.wait_for_load_state("networkidle")
    occurrence = schedule.occurrences.get(due_date=today)
    assert occurrence.status == OccurrenceStatus.DONE
    assert page.url.endswith(occurrence.inspection.get_absolute_url())

    # 3. the failed item opens a hidden danger, pre-filled; saving keeps the item's photo
    page.click("text=登记为隐患")
    page.wait_for_load_state("networkidle")
    assert "消防通道堆放货物" in page.input_value("textarea[name=description]")
    page.select_option("select[name=safety_area]", "fire")
    page.screenshot(path=str(SCREENSHOTS / "hazards-danger-from-item-phone.png"), full_page=True)
    with page.expect_navigation():  # entry forms are sent by the outbox script
        page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    danger = HiddenDanger.objects.get(inspection=occurrence.inspection)
    assert danger.place == place and danger.photo
