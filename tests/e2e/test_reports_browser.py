"""Evaluation reports in Chromium at phone width: choose a period with the chooser (kind, year,
quarter), get warned that the quarter is still running, confirm, and watch the report's state
change from 排队中 to 已完成 without reloading the page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from archive.models import Report
from archive.services import reports as services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choose_a_running_quarter_confirm_and_see_the_report_done_without_reload(
    live_server, phone_page, login, screenshot, cast, monkeypatch
):
    # The worker is ours: the request only queues the report, the test builds it later.
    monkeypatch.setattr(services, "enqueue_job", lambda *args, **kwargs: None)
    page = phone_page
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    login(page, cast.users["office"])
    page.goto(live_server.url + reverse("archive:report_create", args=[cast.community.slug]))

    # The chooser shows what the kind needs: year and quarter, no dates, no month.
    page.select_option("select[name=kind]", "quarterly")
    assert page.locator("select[name=quarter]").is_visible()
    assert not page.locator("select[name=month]").is_visible()
    assert not page.locator("input[name=start]").is_visible()
    warning = page.locator("[data-running-warning]")
    assert not warning.is_visible()  # the default is the last finished quarter
    page.select_option("select[name=year]", str(today.year))
    page.select_option("select[name=quarter]", str(quarter))
    assert warning.is_visible() and "尚未结束" in warning.inner_text()
    assert page.locator("input[name=confirm_running]").is_visible()

    # Submitting without the tick is refused by the server too, with the choice kept.
    page.click("form[data-report-period-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not Report.objects.exists()
    assert (
        "尚未结束"
        in page.locator("form[data-report-period-form] .alert-warning").first.inner_text()
    )
    assert page.locator("select[name=quarter]").input_value() == str(quarter)
    screenshot(page, "report-period-running-phone")

    page.check("input[name=confirm_running]")
    page.click("form[data-report-period-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    report = Report.objects.get()
    assert page.url.endswith(report.get_absolute_url())
    badge = page.locator("[data-state-label]")
    assert badge.inner_text() == "排队中"
    assert page.locator("#report-state [role=progressbar]").get_attribute("aria-valuenow") == "0"

    # The worker builds it; the page follows on its own.
    page.evaluate("window.__notReloaded = true")
    services.generate_report(report.pk)
    expect(page.locator("[data-state-label]")).to_have_text("已完成", timeout=20000)
    assert page.evaluate("window.__notReloaded === true")
    assert page.locator("#report-state [role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert page.locator("[data-state-label]").count() == 1
    assert page.locator("text=数据反映的问题").is_visible()
    assert "截至" in page.locator("#report-results").inner_text()
    assert page.locator("#report-state a.download-link").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "report-done-phone")
