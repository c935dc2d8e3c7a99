"""The office opens the self-assessment, confirms a proposal, overrides another with a reason,
and sees the score, the counts and the gap list change (issue 14)."""

import datetime
import os

import pytest

from archive.models import AssessmentItem, IndicatorJudgement
from archive.services.assessment import start_assessment
from tests.browser import SCREENSHOTS
from tests.factories import MeetingFactory, MemberFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNITS = ["街道办事处", "派出所", "消防救援站", "卫生服务中心", "中心小学", "市场监管所"]


def test_office_confirms_and_overrides_proposals(cast, live_server, page, login, screenshot):
    def shot(name):
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, name)

    roles = ["director", "office_head", "office_staff", "member", "member", "member"]
    for unit, role in zip(UNITS, roles, strict=True):
        MemberFactory(community=cast.community, unit=unit, committee_role=role, duties="职责")
    for _ in range(2):
        MeetingFactory(
            community=cast.community,
            kind="committee",
            date=datetime.date.today() - datetime.timedelta(days=30),
            minutes="纪要",
            decisions="决定",
        )
    assessment = start_assessment(
        community=cast.community, title="2026年安全社区自评", date=datetime.date.today()
    )
    item_11 = AssessmentItem.objects.get(assessment=assessment, indicator__code="1.1")
    item_23 = AssessmentItem.objects.get(assessment=assessment, indicator__code="2.3")

    login(page, cast.users["office"])
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    assert page.locator("#official-score .score-value").inner_text() == "0"
    assert page.locator(".gap-row[data-code='2.3']").count() == 1
    proposed = page.locator("#judgement-counts .count-proposed").inner_text()
    assert int(proposed) >= 45
    shot("self-assessment")

    # confirm the proposal for 1.1 (committee: director, office, six units, two meetings → aaa)
    row = page.locator(f"#indicator-{item_11.pk}")
    assert "委员会组成" in row.inner_text()
    row.locator(".confirm-button").click()
    page.wait_for_load_state("networkidle")
    assert "已确认 1.1 的建议评分" in page.content()
    assert page.locator("#judgement-counts .count-confirmed").inner_text() == "1"
    assert page.locator("#official-score .score-value").inner_text() == "3"

    # override 2.3 (no volunteer recorded yet) with a reason
    row = page.locator(f"#indicator-{item_23.pk}")
    row.locator("details.override summary").click()
    for name in ("presence", "trace", "effect"):
        row.locator(f"select[name={name}]").select_option("a")
    row.locator("textarea[name=reason]").fill("志愿者名册和活动签到表为纸质台账，正在录入")
    screenshot(page, "self-assessment-override")
    row.locator(".override-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已改判 2.3" in page.content()
    assert page.locator("#judgement-counts .count-overridden").inner_text() == "1"
    assert page.locator("#official-score .score-value").inner_text() == "6"
    assert page.locator(".gap-row[data-code='2.3']").count() == 0
    assert (
        "志愿者名册和活动签到表为纸质台账" in page.locator(f"#indicator-{item_23.pk}").inner_text()
    )
    shot("self-assessment-after")
    page.locator("#gap-list").screenshot(path=str(SCREENSHOTS / "self-assessment-gaps.png"))

    assert list(
        IndicatorJudgement.objects.filter(community=cast.community)
        .order_by("decided_at")
        .values_list("item__indicator__code", "decision")
    ) == [("1.1", "confirmed"), ("2.3", "overridden")]
