"""In the browser: the office lists a reported 重大隐患 for supervision (挂牌督办) and sees the badge
and the escalation timeline; the list filters by escalation level. Screenshots for the docs."""

import datetime

import pytest

from hazards import services
from hazards.choices import DangerGrade, EscalationLevel
from tests.e2e.conftest import SCREENSHOTS

from .test_browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_lists_a_major_danger_for_supervision(cast, live_server, page):
    office = cast.users["office"]
    danger = services.report_danger(
        community=cast.community,
        user=office,
        title="燃气管道锈蚀",
        grade=DangerGrade.MAJOR,
        safety_area="fire",
        description="地下燃气管道锈蚀严重",
        found_on=datetime.date.today() - datetime.timedelta(days=2),
        working_group=cast.group,
    )
    sign_in(page.context, live_server, office)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    page.fill("#supervision input[name=supervised_by]", "区安全生产委员会办公室")
    deadline = datetime.date.today() + datetime.timedelta(days=60)
    page.fill("#supervision input[name=supervision_deadline]", deadline.isoformat())
    page.click("#supervision button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记挂牌督办" in page.content()
    assert page.locator(".escalation-badge").first.inner_text().strip().endswith("挂牌督办")
    assert page.locator(".escalation-timeline li").count() >= 3
    page.screenshot(path=str(SCREENSHOTS / "hazards-danger-supervision.png"), full_page=True)

    page.goto(
        f"{live_server.url}/c/{cast.community.slug}/hazards/dangers/"
        f"?escalation_level={int(EscalationLevel.LISTED)}"
    )
    assert page.locator("table tbody tr").count() == 1
    assert "燃气管道锈蚀" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "hazards-danger-list-escalation.png"), full_page=True)
