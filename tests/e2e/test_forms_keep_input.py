"""In a real browser, per app: fill a form, have the server refuse it, find everything typed still
there (issue 20, item 1: the rectification notice emptied its fields on 整改期限 before 发现日期)."""

import datetime
import os

import pytest

from hazards.choices import DangerStatus
from safecommunity.forms import CHOOSE_FILE_AGAIN
from tests.hazards.factories import HiddenDangerFactory

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form="form.card"):
    with (
        page.expect_navigation()
    ):  # entry forms are sent by the outbox script (static/js/offline.js)
        page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")


def pick_second(page, selector):
    """Choose the second option of a select (the first is often the placeholder)."""
    value = page.locator(f"{selector} option").nth(1).get_attribute("value")
    page.select_option(selector, value)
    return value


def base_url(live_server, cast):
    return f"{live_server.url}/c/{cast.community.slug}"


def test_rectification_notice_keeps_its_text_after_a_refused_deadline(
    cast, live_server, phone_page, login, screenshot
):
    page = phone_page
    danger = HiddenDangerFactory(
        community=cast.community, working_group=cast.group, found_on=datetime.date(2024, 5, 10)
    )
    login(page, cast.users["office"])
    page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    typed = {
        "#order input[name=unit_notified]": "幸福里物业公司",
        "#order textarea[name=measures_required]": "清理楼道杂物\n张贴禁放告示",
        "#order input[name=responsible_department]": "物业工程部",
        "#order input[name=responsible_person]": "张伟",
        "#order input[name=deadline]": "2024-05-01",  # before the finding
        "#order input[name=target]": "楼道畅通",
        "#order input[name=funds]": "1200.50",
        "#order input[name=note]": "请按期完成",
    }
    for selector, value in typed.items():
        page.fill(selector, value)
    reinspector = pick_second(page, "#order select[name=reinspector]")
    submit(page, "#order")

    assert "整改期限不能早于发现日期。" in page.content()
    for selector, value in typed.items():
        assert page.input_value(selector) == value, selector
    assert page.input_value("#order select[name=reinspector]") == reinspector
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top of the image
    screenshot(page, "forms-keep-input-order-phone")

    # correcting the one field is enough now
    page.fill("#order input[name=deadline]", "2024-06-01")
    submit(page, "#order")
    assert "已下达整改通知" in page.content()
    danger.refresh_from_db()
    assert danger.status == DangerStatus.ORDERED
    assert danger.responsible_department == "物业工程部"


def test_meeting_form_keeps_text_date_select_and_ticks(cast, live_server, page, login):
    login(page, cast.users["office"])
    page.goto(f"{base_url(live_server, cast)}/committee/meetings/new/")
    kind = pick_second(page, "select[name=kind]")
    page.fill("input[name=date]", "2024-03-08")
    page.fill("input[name=location]", "街道三楼会议室")
    page.fill("textarea[name=agenda]", "一、通报隐患排查情况\n二、部署消防演练")
    page.check("input[name=attendees] >> nth=0")
    ticked = page.locator("input[name=attendees] >> nth=0").get_attribute("value")
    # the title is left empty: the server refuses (the form has novalidate)
    submit(page)

    assert page.locator("input[name=title].is-invalid").count() == 1
    assert page.input_value("select[name=kind]") == kind
    assert page.input_value("input[name=date]") == "2024-03-08"
    assert page.input_value("input[name=location]") == "街道三楼会议室"
    assert page.input_value("textarea[name=agenda]") == "一、通报隐患排查情况\n二、部署消防演练"
    assert page.is_checked(f"input[name=attendees][value='{ticked}']")


def test_injury_card_keeps_what_the_reporter_typed(
    cast, live_server, phone_page, login, screenshot
):
    page = phone_page
    login(page, cast.users["office"])
    page.goto(f"{base_url(live_server, cast)}/injuries/cards/new/")
    page.fill("input[name=reporter_name]", "李医生")
    sex = pick_second(page, "select[name=sex]")
    page.fill("input[name=age]", "67")
    page.fill("input[name=injury_at]", "2024-03-05T09:30")
    page.fill("textarea[name=narrative]", "在家中浴室滑倒\n右腕着地")
    # no reporting unit chosen: refused by the server
    submit(page, "form.card-entry")

    assert page.locator(".invalid-feedback").count() >= 1
    assert page.input_value("input[name=reporter_name]") == "李医生"
    assert page.input_value("select[name=sex]") == sex
    assert page.input_value("input[name=age]") == "67"
    assert page.input_value("input[name=injury_at]") == "2024-03-05T09:30"
    assert page.input_value("textarea[name=narrative]") == "在家中浴室滑倒\n右腕着地"
    screenshot(page, "forms-keep-input-injury-card-phone")


def test_activity_keeps_numbers_after_a_refused_head_count(cast, live_server, page, login):
    login(page, cast.users["office"])
    page.goto(f"{base_url(live_server, cast)}/projects/activities/new/")
    page.fill("input[name=title]", "老年人防跌倒讲座")
    kind = pick_second(page, "select[name=kind]")
    page.fill("input[name=date]", "2024-03-05")
    page.fill("input[name=participants]", "10")
    page.fill("input[name=elderly_count]", "20")  # more than all participants: refused
    page.fill("textarea[name=content]", "讲解居家防跌倒要点")
    submit(page)

    assert "超过参加人数" in page.content()
    assert page.input_value("input[name=title]") == "老年人防跌倒讲座"
    assert page.input_value("select[name=kind]") == kind
    assert page.input_value("input[name=date]") == "2024-03-05"
    assert page.input_value("input[name=participants]") == "10"
    assert page.input_value("input[name=elderly_count]") == "20"
    assert page.input_value("textarea[name=content]") == "讲解居家防跌倒要点"


def test_supply_keeps_its_fields_after_expiry_before_purchase(cast, live_server, page, login):
    login(page, cast.users["office"])
    page.goto(f"{base_url(live_server, cast)}/emergency/supplies/new/")
    page.fill("input[name=name]", "干粉灭火器")
    kind = pick_second(page, "select[name=kind]")
    page.fill("input[name=quantity]", "24")
    page.fill("input[name=unit]", "具")
    page.fill("input[name=location]", "社区应急物资库")
    page.fill("input[name=purchased_on]", "2024-03-01")
    page.fill("input[name=expires_on]", "2024-01-01")  # before the purchase: refused
    page.fill("textarea[name=notes]", "每月检查压力表")
    submit(page)

    assert "有效期不能早于购置日期。" in page.content()
    assert page.input_value("input[name=name]") == "干粉灭火器"
    assert page.input_value("select[name=kind]") == kind
    assert page.input_value("input[name=quantity]") == "24"
    assert page.input_value("input[name=unit]") == "具"
    assert page.input_value("input[name=location]") == "社区应急物资库"
    assert page.input_value("input[name=purchased_on]") == "2024-03-01"
    assert page.input_value("input[name=expires_on]") == "2024-01-01"
    assert page.input_value("textarea[name=notes]") == "每月检查压力表"


def test_document_keeps_its_fields_and_asks_for_the_file_again(cast, live_server, page, login):
    login(page, cast.users["office"])
    page.goto(f"{base_url(live_server, cast)}/archive/documents/new/")
    page.fill("input[name=title]", "2024年消防检查记录")
    page.fill("input[name=date]", "2024-03-05")
    page.fill("input[name=source_unit]", "街道消防所")
    page.check("input[name=elements] >> nth=1")
    element = page.locator("input[name=elements] >> nth=1").get_attribute("value")
    page.fill("textarea[name=description]", "含照片十二张")
    # no file chosen: refused by the server
    submit(page)

    assert str(CHOOSE_FILE_AGAIN) in page.content()
    assert page.input_value("input[name=title]") == "2024年消防检查记录"
    assert page.input_value("input[name=date]") == "2024-03-05"
    assert page.input_value("input[name=source_unit]") == "街道消防所"
    assert page.is_checked(f"input[name=elements][value='{element}']")
    assert page.input_value("textarea[name=description]") == "含照片十二张"
