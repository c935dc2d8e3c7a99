"""A progress update that lowers the percentage needs a reason; the timeline shows the drop."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.choices import Role
from projects.models import ProjectUpdate

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def post(client, project, percent, **extra):
    today = timezone.localdate().isoformat()
    url = reverse("projects:update_create", args=[project.community.slug, project.pk])
    return client.post(
        url, {"date": today, "percent": str(percent), "done": f"完成{percent}%", **extra}
    )


@pytest.fixture
def project(cast):
    return ProjectFactory(
        community=cast.community,
        working_group=cast.group,
        start_date=timezone.localdate() - datetime.timedelta(days=90),
    )


def test_lowering_progress_without_a_reason_is_refused_and_keeps_input(cast, project):
    client = cast.client_for(Role.OFFICE)
    assert post(client, project, 60).status_code == 302
    response = post(client, project, 40, next_steps="重新招标施工单位")
    assert response.status_code == 200
    assert "进度比上次（60%）低，请说明原因。" in response.text
    assert "重新招标施工单位" in response.text
    assert ProjectUpdate.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.progress == 60


def test_lowering_progress_with_a_reason_is_kept_and_shown_in_the_timeline(cast, project):
    client = cast.client_for(Role.OFFICE)
    post(client, project, 60)
    response = post(client, project, 40, drop_reason="施工单位退场，部分工程需返工")
    assert response.status_code == 302
    update = ProjectUpdate.objects.filter(project=project).order_by("-pk").first()
    assert (update.previous_percent, update.percent) == (60, 40)
    project.refresh_from_db()
    assert project.progress == 40
    page = client.get(project.get_absolute_url()).text
    assert "进度下降 60% → 40%" in page
    assert "施工单位退场，部分工程需返工" in page


def test_first_update_and_rising_progress_need_no_reason(cast, project):
    client = cast.client_for(Role.OFFICE)
    assert post(client, project, 0).status_code == 302
    assert post(client, project, 30).status_code == 302
    assert post(client, project, 30).status_code == 302
    page = client.get(project.get_absolute_url()).text
    assert "进度下降" not in page
