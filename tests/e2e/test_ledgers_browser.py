"""Ledgers in the browser: an import template downloaded, filled and imported back; a record
created with its attachment on the create form; the change history read at phone width."""

import datetime

import openpyxl
import pytest
from django.urls import reverse

from archive.models import Document
from committee.models import Meeting, Partner
from tests.browser import SCREENSHOTS
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_template_import_attachment_and_readable_history(cast, live_server, page, login, tmp_path):
    login(page, cast.users["office"])
    slug = cast.community.slug

    # 1. Download the partner import template, fill it with openpyxl, import it back.
    page.goto(live_server.url + reverse("committee:partner_import", args=[slug]))
    with page.expect_download() as download:
        page.click("text=下载导入模板")
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    data, notes = book.worksheets
    assert notes.title == "填写说明"
    headings = [c.value for c in data[1]]
    assert "单位名称" in headings
    examples = {row[0]: row[3] for row in notes.iter_rows(min_row=2, values_only=True) if row[0]}
    row = [examples.get(h) for h in headings]
    row[headings.index("单位名称")] = "幸福街道红十字会"
    data.append(row)
    book.save(path)
    page.set_input_files("input[name=file]", str(path))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "所有行均有效" in page.content()
    page.click("text=确认导入")
    page.wait_for_load_state("networkidle")
    assert Partner.objects.filter(community=cast.community, name="幸福街道红十字会").exists()

    # 2. A meeting created with its sign-in sheet chosen on the create form.
    zhang = MemberFactory(community=cast.community, name="张建国")
    li = MemberFactory(community=cast.community, name="李秀英")
    page.goto(live_server.url + reverse("committee:meeting_create", args=[slug]))
    page.fill("input[name=date]", datetime.date.today().isoformat())
    page.select_option("select[name=kind]", "committee")
    page.fill("input[name=title]", "第三次委员会会议")
    page.check(f"input[name=attendees][value='{zhang.pk}']")
    page.set_input_files(
        "input[name=attachments]",
        [{"name": "签到表.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(community=cast.community, title="第三次委员会会议")
    assert Document.objects.filter(object_id=meeting.pk, original_name="签到表.pdf").exists()
    assert "签到表" in page.locator("section.attachments").inner_text()

    # 3. Change it, then read the history at phone width.
    page.goto(live_server.url + reverse("committee:meeting_update", args=[slug, meeting.pk]))
    page.select_option("select[name=kind]", "review")
    page.check(f"input[name=attendees][value='{li.pk}']")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + meeting.get_absolute_url())
    history = page.locator("section.history")
    text = history.inner_text()
    assert "出席成员" in text and "会议类型" in text and "评审会议" in text
    assert "attendees" not in text and "kind" not in text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing wider than the phone
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    history.screenshot(path=str(SCREENSHOTS / "ledgers-history-phone.png"))
