"""Each role lands on its own home (issue 20, item 10), and the hazard charts read at screen size
with one colour per risk level (item 4)."""

import pytest

from committee.choices import Role
from hazards.choices import RiskLevel
from tests.browser import SCREENSHOTS
from tests.committee.test_role_homes import make_leader_work
from tests.hazards.factories import HazardFactory
from tests.injuries.factories import InjuryCardFactory, days_ago

pytestmark = pytest.mark.django_db(transaction=True)

# The smallest on-screen size of any chart text, in CSS px: font-size × rendered ÷ viewBox width.
SMALLEST_CHART_TEXT = """
() => Math.min(...[...document.querySelectorAll('.chart svg')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
}))
"""


def shot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def test_leader_lands_on_his_tasks(cast, live_server, page, login):
    make_leader_work(cast, rows=3)
    login(page, cast.users[Role.LEADER])
    base = f"{live_server.url}/c/{cast.community.slug}"
    page.goto(f"{base}/")
    assert page.locator("h1").inner_text().strip() == "我的任务"
    rectify = page.locator("#hazards-rectify")
    assert "本组隐患0" in rectify.inner_text() and "已逾期" in rectify.inner_text()
    assert "本组项目0" in page.locator("#projects-updates").inner_text()
    assert "本组检查计划0" in page.locator("#hazards-inspections").inner_text()
    assert "他组隐患" not in page.inner_text("main")
    shot(page, "role-home-leader")

    page.click("#hazards-rectify a.task-link >> nth=0")
    page.wait_for_load_state("networkidle")
    assert "/hazards/dangers/" in page.url


def test_reporter_on_a_phone_lands_on_his_cards_and_the_report_button(
    cast, live_server, phone_page, login
):
    reporter = cast.users[Role.REPORTER]
    InjuryCardFactory(community=cast.community, reporter=reporter, injury_at=days_ago(0, hour=0))
    InjuryCardFactory(
        community=cast.community,
        reporter=reporter,
        injury_at=days_ago(0, hour=0),
        is_duplicate=True,
    )
    page = phone_page
    login(page, reporter)
    base = f"{live_server.url}/c/{cast.community.slug}"
    page.goto(f"{base}/")
    assert page.locator("h1").inner_text().strip() == "我的任务"
    button = page.locator("#report-card")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a thumb-sized, full-width button
    assert page.locator("#injuries-month [data-total]").inner_text() == "2"
    assert "疑似重复" in page.locator("#injuries-check").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "role-home-reporter-phone")

    button.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/injuries/cards/new/")


def test_office_keeps_the_overview_with_a_todo_panel(cast, live_server, page, login):
    make_leader_work(cast)
    login(page, cast.users[Role.OFFICE])
    page.goto(f"{live_server.url}/c/{cast.community.slug}/")
    assert page.locator("h1").inner_text().strip() == "十二要素总览"
    panel = page.locator("#todo-panel")
    assert "逾期未整改的隐患" in panel.inner_text()
    assert "待更新进展的项目" in panel.inner_text()
    shot(page, "role-home-office", full_page=False)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_hazard_charts_read_at_screen_size_in_the_risk_colours(
    cast, live_server, page, phone_page, login, viewport
):
    levels = [RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW, RiskLevel.YELLOW, RiskLevel.BLUE]
    for area in ("traffic", "fire", "home", "elderly", "school"):
        for level in levels:
            HazardFactory(community=cast.community, safety_area=area, level=level)
    browser_page = page if viewport == "desktop" else phone_page
    login(browser_page, cast.users[Role.OFFICE])
    browser_page.goto(f"{live_server.url}/c/{cast.community.slug}/hazards/register/")
    assert browser_page.locator(".chart svg").count() >= 2
    assert browser_page.evaluate(SMALLEST_CHART_TEXT) >= 11
    legend = browser_page.locator(".chart svg rect.legend-key")
    fills = [legend.nth(i).get_attribute("fill") for i in range(legend.count())]
    assert fills[:4] == ["#d9363e", "#f0883e", "#f2c94c", "#2f80ed"]
    chart = browser_page.locator(".chart").nth(1)
    chart.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(SCREENSHOTS / f"hazard-level-chart-{viewport}.png"))
