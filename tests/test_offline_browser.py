"""In Chromium at phone width (390×844), with the network switched off: an injury card and a
scheduled inspection filled offline wait in the outbox, arrive exactly once when the network
returns, a resend of the same entries stores nothing twice, and a conflicting edit is shown,
not lost."""

import datetime
import io

import pytest
from PIL import Image

from hazards.choices import OccurrenceStatus, Recurrence
from hazards.models import ChecklistTemplate, Inspection, InspectionSchedule
from hazards.services import schedules as services
from injuries.models import InjuryCard
from safecommunity.models import ClientSubmission
from tests.e2e.conftest import SCREENSHOTS
from tests.hazards.factories import PlaceFactory
from tests.hazards.test_schedules_browser import sign_in
from tests.injuries.factories import ReportingUnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CACHED = """async (path) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("sc-pages-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname === path) return true;
    }
  }
  return false;
}"""


def wait_cached(page, path):
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== undefined"
    )
    for _ in range(100):
        if page.evaluate(CACHED, path):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not kept by the service worker")


def fill_card(page, unit, age):
    page.select_option("select[name=reporting_unit]", str(unit.pk))
    for name, value in (
        ("sex", "2"),
        ("residence", "1"),
        ("education", "3"),
        ("occupation", "5"),
        ("cause", "3"),
        ("place", "1"),
        ("activity", "2"),
        ("nature", "1"),
        ("body_part", "3"),
    ):
        page.select_option(f"select[name={name}]", value)
    page.fill("input[name=age]", age)


def waiting(page):
    return page.locator("#outbox-count").inner_text() if page.is_visible("#outbox-nav") else "0"


def test_card_and_inspection_filled_offline_arrive_once(cast, live_server, phone_page, tmp_path):
    page = phone_page
    office = cast.users["office"]
    unit = ReportingUnitFactory(community=cast.community, name="区人民医院")
    place = PlaceFactory(community=cast.community, name="东门农贸市场", kind="market")
    services.install_builtin_checklists(cast.community)
    schedule = InspectionSchedule.objects.create(
        community=cast.community,
        title="农贸市场每周安全巡查",
        recurrence=Recurrence.WEEKLY,
        start_date=datetime.date.today(),
        working_group=cast.group,
        checklist=ChecklistTemplate.objects.get(community=cast.community, place_kind="market"),
    )
    schedule.places.set([place])
    services.generate_occurrences(schedule)
    occurrence = schedule.occurrences.get(due_date=datetime.date.today())
    photo = tmp_path / "exit.png"
    Image.new("RGB", (3200, 2400), (200, 40, 40)).save(photo)  # a phone camera's size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page.context, live_server, office)
    base = f"{live_server.url}/c/{cast.community.slug}"
    card_path = f"/c/{cast.community.slug}/injuries/cards/new/"
    occurrence_path = f"/c/{cast.community.slug}/hazards/schedules/due/{occurrence.pk}/"

    # 1. online, once: the two forms and the outbox page
    for path in (card_path, occurrence_path, "/offline/outbox/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, path
        wait_cached(page, path)

    # 2. no signal: both forms still load, and keep what is entered
    page.context.set_offline(True)
    assert page.goto(f"{live_server.url}{card_path}").from_service_worker
    assert page.locator("form[data-offline=injury]").count() == 1
    first_id = page.input_value("form[data-offline] input[name=client_id]")
    fill_card(page, unit, "81")
    page.click("form[data-offline] button[type=submit] >> text=保存")
    page.wait_for_selector("#offline-notice:not([hidden])")
    assert "已保存在本机，联网后自动发送" in page.inner_text("#offline-notice")
    assert waiting(page) == "1"
    assert page.input_value("input[name=age]") == ""  # ready for the next card
    assert page.input_value("form[data-offline] input[name=client_id]") != first_id
    page.screenshot(path=str(SCREENSHOTS / "offline-card-kept-phone.png"), full_page=False)
    # a page never visited online: the offline page
    assert "无网络连接" in page.goto(f"{base}/injuries/").text()

    assert page.goto(f"{live_server.url}{occurrence_path}").from_service_worker
    page.check("input[name='items-0-result'][value=fail]")
    page.fill("input[name='items-0-note']", "消防通道堆放货物")
    page.set_input_files("input[name='items-0-photo']", str(photo))
    page.wait_for_timeout(500)  # the photo is resized on the device
    page.click("form[data-offline=inspection] button[type=submit]")
    page.wait_for_function("() => document.getElementById('outbox-count').textContent === '2'")
    assert waiting(page) == "2"
    assert InjuryCard.objects.count() == 0 and Inspection.objects.count() == 0

    assert page.goto(f"{live_server.url}/offline/outbox/").from_service_worker
    page.wait_for_selector("[data-outbox-list] li >> nth=1")
    assert page.locator("[data-outbox-list] li").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "offline-outbox-phone.png"), full_page=True)
    # keep a copy of both entries in the page, to send them again after they arrived
    page.evaluate("async () => { window.copies = await window.scOffline.entries(); }")

    # 3. the network returns: both arrive, once, and the outbox empties
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => document.querySelectorAll('[data-outbox-list] li').length === 0")
    assert not page.is_visible("#outbox-nav")
    assert "已发送 2 条" in page.inner_text("#offline-notice")
    page.screenshot(path=str(SCREENSHOTS / "offline-outbox-sent-phone.png"), full_page=True)
    card = InjuryCard.objects.get()
    assert (card.age, card.reporting_unit, card.created_by) == (81, unit, office)
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.DONE
    inspection = Inspection.objects.get()
    failed = inspection.items.get(note="消防通道堆放货物")
    with failed.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG" and max(image.size) == 1600  # resized on the phone

    # 4. the same entries once more (a retry after a lost answer): nothing stored twice
    page.evaluate(
        """async () => {
          const db = await new Promise((ok) => {
            const r = indexedDB.open("safecommunity-offline", 1); r.onsuccess = () => ok(r.result);
          });
          await new Promise((ok) => {
            const t = db.transaction("outbox", "readwrite");
            window.copies.forEach((e) => t.objectStore("outbox").put(e));
            t.oncomplete = ok;
          });
          await window.scOffline.flush();
        }"""
    )
    assert page.locator("[data-outbox-list] li").count() == 0
    assert InjuryCard.objects.count() == 1 and Inspection.objects.count() == 1
    assert ClientSubmission.objects.count() == 2

    # 5. a conflicting edit: someone else saved the card after this form was loaded
    page.goto(f"{base}/injuries/cards/{card.pk}/edit/")
    card.age = 79
    card.save()
    page.fill("input[name=age]", "82")
    page.click("form button[type=submit] >> text=保存")
    page.wait_for_selector("#edit-conflict")
    assert "他人已修改并保存了这条记录" in page.inner_text("#edit-conflict")
    rows = page.locator("#edit-conflict tbody tr")
    assert rows.count() == 1  # only what differs: the age
    assert "79" in rows.inner_text() and "82" in rows.inner_text()
    assert page.input_value("input[name=age]") == "82"  # the input is not lost
    page.screenshot(path=str(SCREENSHOTS / "offline-edit-conflict-phone.png"), full_page=False)
    card.refresh_from_db()
    assert card.age == 79
    page.click("form button[type=submit] >> text=保存")  # re-applied, knowingly
    page.wait_for_load_state("networkidle")
    card.refresh_from_db()
    assert card.age == 82


def test_sign_ins_taken_offline_arrive_once(cast, live_server, phone_page):
    """An organiser with no signal at the activity: three people sign in on the phone, the
    entries wait, arrive once each when the network returns, and set the figures when asked."""
    from projects.models import ActivitySignIn
    from tests.projects.factories import ActivityFactory

    page = phone_page
    activity = ActivityFactory(
        community=cast.community, working_group=cast.group, title="老年人防跌倒讲座"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page.context, live_server, cast.users["leader"])
    path = f"/c/{cast.community.slug}/projects/activities/{activity.pk}/sign-in/"
    assert page.goto(f"{live_server.url}{path}").ok
    wait_cached(page, path)
    page.goto(f"{live_server.url}/offline/outbox/")
    wait_cached(page, "/offline/outbox/")

    page.context.set_offline(True)
    assert page.goto(f"{live_server.url}{path}").from_service_worker
    for n, (name, group) in enumerate(
        (("李阿姨", "elderly_count"), ("张大爷", "elderly_count"), ("小王", "")), start=1
    ):
        page.fill("input[name=name]", name)
        page.select_option("select[name=group]", group)
        page.click("form[data-offline=sign-in] button[type=submit]")
        page.wait_for_function(
            "(n) => document.getElementById('outbox-count').textContent === String(n)", arg=n
        )
        assert page.input_value("input[name=name]") == ""  # ready for the next person
    page.screenshot(path=str(SCREENSHOTS / "offline-sign-in-phone.png"), full_page=False)
    assert not ActivitySignIn.objects.exists()

    page.context.set_offline(False)
    page.goto(f"{live_server.url}/offline/outbox/")
    page.wait_for_function("() => document.querySelectorAll('[data-outbox-list] li').length === 0")
    assert sorted(ActivitySignIn.objects.values_list("name", flat=True)) == [
        "小王",
        "张大爷",
        "李阿姨",
    ]
    page.evaluate("() => window.scOffline.flush()")  # a second flush stores nothing more
    assert ActivitySignIn.objects.count() == 3

    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    with page.expect_navigation():
        page.click("text=以签到名单为准更新参加人数")
    assert "已按签到名单更新参加人数：3 人。" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "activity-sign-ins-phone.png"), full_page=True)
    activity.refresh_from_db()
    assert (activity.participants, activity.elderly_count) == (3, 2)
