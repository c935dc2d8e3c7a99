"""In Chromium: the office imports a hospital's file in the national card's layout (GBK, title
row, the card's headings) with its preview, then opens the data-quality page.
Screenshots go to docs/screenshots/."""

from pathlib import Path

import pytest

from injuries.models import InjuryCard

from .factories import ReportingUnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent / "data"


def test_office_imports_a_national_card_file_and_checks_data_quality(
    cast, live_server, page, login, screenshot
):
    ReportingUnitFactory(
        community=cast.community, name="区人民医院", code="320102001", kind="hospital"
    )
    ReportingUnitFactory(community=cast.community, name="镇卫生院", code="320102002", kind="clinic")
    base = f"{live_server.url}/c/{cast.community.slug}"
    login(page, cast.users["office"])

    page.goto(f"{base}/injuries/cards/import/")
    page.set_input_files("input[type=file]", str(DATA / "national_cards_gbk.csv"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    report = page.inner_text(".import-report")
    assert "以下列未导入：备注" in report
    assert "第 6 行" in report and "车祸伤害的发生时活动应为“驾乘交通工具”。" in report
    assert "所有行均有效" in report
    screenshot(page, "injuries-import-national-card")
    assert InjuryCard.objects.count() == 0

    page.click("text=已核对提示，确认导入")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 5 张报告卡" in page.content()
    assert InjuryCard.objects.count() == 5

    page.click("a.quality-link")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/injuries/quality/")
    page.goto(f"{base}/injuries/quality/?until=2026-11")  # the file's months, whenever this runs
    hospital = page.locator(".quality-unit", has_text="区人民医院")
    assert "报告卡 5 张" in hospital.inner_text()
    assert "已确认提示的报告卡" in hospital.inner_text()
    clinic = page.locator(".quality-unit", has_text="镇卫生院")
    assert "个月无报告" in clinic.inner_text()
    screenshot(page, "injuries-data-quality")
