"""The main entry forms at phone width (390 × 844): one column, 44 px touch targets, full-width
selects, tick boxes with their labels beside them, and 出席人数 following the ticks."""

import os

import pytest
from django.urls import reverse

from committee.models import Meeting
from tests.factories import MemberFactory
from tests.hazards.factories import PlaceFactory
from tests.injuries.factories import ReportingUnitFactory
from tests.projects.factories import ProjectFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MIN_TARGET = 44

# (role, url name, screenshot name or None): the injury reporter fills cards, the office the rest.
FORMS = [
    ("reporter", "injuries:card_create", "phone-injury-card-form"),
    ("office", "hazards:danger_create", None),
    ("office", "hazards:inspection_create", "phone-inspection-form"),
    ("office", "projects:activity_create", None),
    ("office", "projects:update_create", None),
    ("office", "emergency:drill_create", None),
    ("office", "committee:meeting_create", None),
]

# Everything in the page's entry form a finger has to hit, with its box.
MEASURE = """form => {
  const box = el => { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const visible = el => el.offsetParent !== null && el.getBoundingClientRect().width > 0;
  const describe = el => (el.name || el.id || el.className || el.tagName) + "";
  const controls = [...form.querySelectorAll(
      "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button")]
    .filter(visible).map(el => ({name: describe(el), tag: el.tagName, ...box(el),
      field: el.closest(".form-field") ? box(el.closest(".form-field")) : null,
      font: parseFloat(getComputedStyle(el).fontSize)}));
  const checks = [...form.querySelectorAll(".form-check")].filter(visible)
    .map(el => ({name: el.textContent.trim(), ...box(el),
      label: el.querySelector("label") ? box(el.querySelector("label")) : null,
      input: el.querySelector("input") ? box(el.querySelector("input")) : null}));
  const fields = [...form.querySelectorAll(".form-field")].filter(visible).map(el => ({name: el.id, ...box(el)}));
  return {controls, checks, fields};
}"""


@pytest.fixture
def setting(cast):
    unit = ReportingUnitFactory(community=cast.community, name="幸福街道社区卫生服务中心")
    unit.reporters.add(cast.users["reporter"])
    for name in ("幸福小学", "农贸市场", "幸福家园小区", "老年活动中心"):
        PlaceFactory(community=cast.community, name=name)
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    members = [
        MemberFactory(community=cast.community, name=name) for name in ("周建华", "李敏", "陈志强")
    ]
    return {"project": project, "members": members}


def assert_phone_layout(form_page, path):
    measured = form_page.locator("main form[method=post]").first.evaluate(MEASURE)
    fields, controls, checks = measured["fields"], measured["controls"], measured["checks"]
    assert len(fields) >= 3, path
    lefts = {round(f["x"]) for f in fields}
    assert max(lefts) - min(lefts) <= 1, (path, "not one column", fields)
    for control in controls:
        assert control["h"] >= MIN_TARGET - 0.5, (path, control)
        assert control["x"] >= 0 and control["x"] + control["w"] <= 390.5, (
            path,
            "off screen",
            control,
        )
        if control["tag"] == "SELECT":
            assert control["w"] >= 150, (path, "select cuts its options", control)
        if control["tag"] in ("INPUT", "SELECT", "TEXTAREA"):
            assert control["font"] >= 16, (path, control)
        if control["tag"] == "SELECT" and control["field"]:
            assert control["w"] >= control["field"]["w"] - 26, (
                path,
                "select not full width",
                control,
            )
            assert control["w"] >= 300, (path, control)
    for check in checks:
        # The label is beside its box (same row) and the row is a 44 px target.
        assert check["h"] >= MIN_TARGET - 0.5, (path, check)
        if check["label"] and check["input"]:
            assert check["label"]["x"] > check["input"]["x"], (path, "label not beside box", check)
            assert (
                abs(
                    (check["label"]["y"] + check["label"]["h"] / 2)
                    - (check["input"]["y"] + check["input"]["h"] / 2)
                )
                < 12
            ), (path, "label not beside box", check)
            assert check["label"]["h"] >= MIN_TARGET - 0.5, (path, check)


def test_entry_forms_are_one_column_with_touch_targets_at_phone_width(
    cast, setting, live_server, browser, login, screenshot
):
    pages = {}
    for role, url_name, shot in FORMS:
        if role not in pages:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                locale="zh-CN",
                is_mobile=True,
                has_touch=True,
            )
            pages[role] = context.new_page()
            pages[role].set_default_timeout(15000)
            login(pages[role], cast.users[role])
        form_page = pages[role]
        kwargs = {"community": cast.community.slug}
        if url_name == "projects:update_create":
            kwargs["pk"] = setting["project"].pk
        path = reverse(url_name, kwargs=kwargs)
        form_page.goto(live_server.url + path)
        assert form_page.locator("main form[method=post]").count() >= 1, path
        assert "---------" not in form_page.content(), path
        assert form_page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert_phone_layout(form_page, path)
        if shot:
            form_page.evaluate("window.scrollTo(0, 0)")
            screenshot(form_page, shot)
    for form_page in pages.values():
        form_page.context.close()


def test_inspected_places_filter_as_one_types(cast, setting, live_server, phone_page, login):
    login(phone_page, cast.users["office"])
    phone_page.goto(f"{live_server.url}/c/{cast.community.slug}/hazards/inspections/new/")
    places = phone_page.locator("#id_places")
    assert places.locator("select").count() == 0
    phone_page.click("#id_places label:has-text('农贸市场')")  # the label ticks the box
    assert places.locator("input:checked").count() == 1
    assert "已选 1 项" in places.inner_text()
    phone_page.fill("#id_places .choice-list-search", "幸福")
    visible = places.locator(".form-check:visible").all_inner_texts()
    # The matches, and the ticked one stays in sight.
    assert sorted(t.strip() for t in visible) == sorted(["幸福小学", "幸福家园小区", "农贸市场"])
    phone_page.fill("#id_places .choice-list-search", "不存在的场所")
    assert places.locator(".form-check:visible").count() == 1  # only the ticked one
    phone_page.fill("#id_places .choice-list-search", "")
    assert places.locator(".form-check:visible").count() == 4


def test_attendance_count_follows_the_ticks(cast, setting, live_server, phone_page, login):
    login(phone_page, cast.users["office"])
    phone_page.goto(f"{live_server.url}/c/{cast.community.slug}/committee/meetings/new/")
    count = phone_page.locator("input[name=attendee_count]")
    assert count.input_value() == "0"
    phone_page.click("#id_attendees label:has-text('周建华')")
    phone_page.click("#id_attendees label:has-text('李敏')")
    assert count.input_value() == "2"
    phone_page.fill("input[name=other_attendees]", "12")
    assert count.input_value() == "14"
    phone_page.click("#id_attendees label:has-text('周建华')")  # untick
    assert count.input_value() == "13"
    phone_page.fill("input[name=date]", "2025-09-18")
    phone_page.select_option("select[name=kind]", index=1)
    phone_page.fill("input[name=title]", "季度委员会会议")
    phone_page.click("main form[method=post] button[type=submit]")
    phone_page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(community=cast.community, title="季度委员会会议")
    assert meeting.attendee_count == 13
    assert [m.name for m in meeting.attendees.all()] == ["李敏"]
