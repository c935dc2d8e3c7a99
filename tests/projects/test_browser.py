# ruff: noqa: F811
"""In headless Chromium: a working-group leader signs in, sees his own projects, posts a progress
update with a photo, and is refused another group's project; the office then sees the update."""

import io

import pytest
from PIL import Image

from committee.models import Notification
from projects.models import ProjectUpdate

# The e2e fixtures (tests/e2e/conftest.py), shared here; the test arguments use them by name.
from .factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def photo_file(tmp_path):
    path = tmp_path / "现场照片.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_leader_updates_his_project_with_a_photo(
    cast,
    live_server,
    page,
    login,
    screenshot,
    tmp_path,
):
    mine = ProjectFactory(
        community=cast.community, working_group=cast.group, title="学校周边道路交通安全综合治理"
    )
    theirs = ProjectFactory(
        community=cast.community,
        working_group=cast.other_group,
        title="九小场所消防安全提升",
        safety_area="fire",
    )
    base = f"{live_server.url}/c/{cast.community.slug}/projects"
    login(page, cast.users["leader"])

    page.goto(f"{base}/list/")
    table = page.locator("table.project-table")
    assert "学校周边道路交通安全综合治理" in table.inner_text()
    assert "九小场所消防安全提升" not in table.inner_text()
    screenshot(page, "projects-leader-list")

    page.click("text=填报进展")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=percent]", "60")
    page.fill("textarea[name=done]", "学校门口增设减速带两处、护栏80米。")
    page.fill("textarea[name=next_steps]", "组织交警验收。")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    update = ProjectUpdate.objects.get(project=mine)
    assert page.url.endswith(update.get_absolute_url())
    assert "进展已保存" in page.content()

    page.set_input_files("#attachments input[type=file]", str(photo_file(tmp_path)))
    page.fill("#attachments input[name=title]", "减速带施工现场")
    page.click("#attachments button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "减速带施工现场" in page.locator("#attachments").inner_text()
    screenshot(page, "projects-update-with-photo")

    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    assert "学校门口增设减速带两处" in page.content()
    assert "60%" in page.content()
    screenshot(page, "projects-story")

    response = page.goto(f"{base}/list/{theirs.pk}/updates/new/")
    assert response.status == 403

    # The office is told, and the home page counts the recent update under element 5.
    assert Notification.objects.filter(user=cast.users["office"], kind="project_update").exists()
    page.context.clear_cookies()
    login(page, cast.users["office"])
    page.goto(f"{live_server.url}/c/{cast.community.slug}/")
    card = page.locator("#element-5")
    assert "近 30 天项目进展更新" in card.inner_text()
    assert card.locator("li", has_text="近 30 天项目进展更新").inner_text().strip().endswith("1")
    assert page.locator("#unread-count").inner_text() == "1"
