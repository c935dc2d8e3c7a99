"""In Chromium: a reporter enters a card on a phone; the office imports a GBK CSV with one bad
row, sees the error, fixes the file, imports it and sees the statistics change.

Uses the e2e fixtures (tests/e2e/conftest.py); screenshots go to docs/screenshots/.
"""

import datetime
import re

import pytest
from django.utils import timezone

from injuries.models import InjuryCard

from .factories import ReportingUnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


HEADINGS = (
    "卡片编号,填报单位,性别,年龄,户籍,文化程度,职业,伤害发生时间,就诊时间,填报日期,"
    "伤害发生原因,伤害发生地点,伤害发生时活动,意图,伤害性质,伤害部位,严重程度,结局"
)


def csv_file(tmp_path, name, visit_offset_minutes):
    day = timezone.localdate() - datetime.timedelta(days=3)
    good = (
        f"E1,区人民医院,女,79,本市/县,小学,离退休人员,{day} 08:30,{day} 09:30,{day},"
        "跌倒/坠落,家中,家务,非故意（意外事故）,骨折,下肢,中度,住院"
    )
    visit = datetime.datetime.combine(day, datetime.time(10, 0)) + datetime.timedelta(
        minutes=visit_offset_minutes
    )
    second = (
        f"E2,区人民医院,男,34,1,5,10,{day} 10:00,{visit:%Y-%m-%d %H:%M},{day},"
        "机动车车祸,公路/街道,驾乘交通工具,1,4,5,2,1"
    )
    path = tmp_path / name
    path.write_bytes("\n".join([HEADINGS, good, second]).encode("gbk"))
    return path


def test_reporter_on_phone_and_office_import_change_the_statistics(
    cast, live_server, page, phone_page, login, screenshot, tmp_path
):
    unit = ReportingUnitFactory(community=cast.community, name="区人民医院")
    unit.reporters.add(cast.users["reporter"])
    base = f"{live_server.url}/c/{cast.community.slug}"

    # The reporter, on a phone, lands on his tasks and enters a card in a few taps.
    login(phone_page, cast.users["reporter"])
    phone_page.goto(f"{base}/")
    assert phone_page.url == f"{base}/"
    phone_page.click("#report-card")
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
        phone_page.select_option(f"select[name={name}]", value)
    phone_page.fill("input[name=age]", "81")
    screenshot(phone_page, "injuries-card-entry-phone")
    phone_page.click("button[type=submit] >> text=保存")
    # The form is sent by offline.js (fetch, then the page moves on): wait for the card's page,
    # not for the network to fall quiet, which under load came before the save.
    phone_page.wait_for_url(re.compile(r"/injuries/cards/\d+/$"))
    card = InjuryCard.objects.get(community=cast.community)
    assert phone_page.url.endswith(card.get_absolute_url())
    assert "已保存" in phone_page.content()
    assert card.reporter == cast.users["reporter"] and card.reporting_unit == unit
    assert card.age_group == "65+" and card.safety_area == "elderly"

    # The office sees one card in the statistics.
    login(page, cast.users["office"])
    page.goto(f"{base}/injuries/stats/")
    assert page.locator(".stats-figures .fs-4").first.inner_text().strip() == "1"

    # A GBK CSV whose second row has the visit before the injury is refused with its row number.
    page.goto(f"{base}/injuries/cards/import/")
    page.set_input_files("input[type=file]", str(csv_file(tmp_path, "有错.csv", -30)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "第 3 行" in page.content() and "就诊时间不能早于伤害发生时间" in page.content()
    screenshot(page, "injuries-import-error")
    assert InjuryCard.objects.count() == 1

    # Fixed and uploaded again: all rows valid, confirmed, imported.
    page.click("text=重新上传")
    page.set_input_files("input[type=file]", str(csv_file(tmp_path, "已更正.csv", 30)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "所有行均有效" in page.content()
    page.click("text=确认导入")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 2 张报告卡" in page.content()
    assert InjuryCard.objects.count() == 3

    # The statistics now count three cards, two of them falls.
    page.goto(f"{base}/injuries/stats/")
    assert page.locator(".stats-figures .fs-4").first.inner_text().strip() == "3"
    cause_rows = page.locator("#table-cause tbody tr").all_inner_texts()
    assert any(row.startswith("跌倒/坠落") and "\t2\t" in row for row in cause_rows)
    screenshot(page, "injuries-statistics")
