"""A one-person office closes a hidden danger: the page says who may re-inspect and why the
sole office user may do it here, and the history records 无其他复查人 (issue 20, item 2)."""

import datetime
import os

import pytest

from committee.choices import Role
from hazards.choices import DangerAction, DangerStatus
from tests.browser import SCREENSHOTS
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.hazards.factories import HiddenDangerFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sole_office_user_reinspects_with_a_recorded_note(live_server, phone_page, login):
    page = phone_page
    community = CommunityFactory(name="独户社区", slug="lone")
    office = UserFactory(username="office-lone")
    MembershipFactory(user=office, community=community, role=Role.OFFICE)
    danger = HiddenDangerFactory(
        community=community,
        status=DangerStatus.RECTIFIED,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
        measures_required="清理杂物",
        responsible_person="张伟",
        rectified_on=datetime.date.today(),
        rectification_note="已清理",
        rectified_by=office,
    )
    login(page, office)
    page.goto(f"{live_server.url}{danger.get_absolute_url()}")
    section = page.locator("#reinspect")
    text = section.inner_text()
    assert "可以复查本隐患的人：办公室、委员会成员、责任工作组的组长，以及指定复查人。" in text
    assert "本社区没有其他可复查人：请指定复查人，或邀请委员会成员加入本社区。" in text
    assert "处理记录将注明“无其他复查人”" in text
    assert section.locator("a", has_text="用户与角色").count() == 1
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "hazards-reinspect-sole-phone.png"))

    page.check("#reinspect input[name=passed][value='1']")
    page.fill("#reinspect textarea[name=note]", "现场查看合格")
    page.click("#reinspect button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已记录复查结果。" in page.content()
    assert "无其他复查人。现场查看合格" in page.content()
    danger.refresh_from_db()
    assert danger.status == DangerStatus.VERIFIED
    assert danger.events.filter(action=DangerAction.REINSPECT_PASS, user=office).exists()
