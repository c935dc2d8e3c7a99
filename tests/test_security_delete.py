"""Deleting a record that others still use answers 409 with a page naming them, never a 500:
the shared CommunityDeleteView catches ProtectedError and RestrictedError for every delete."""

import re

import pytest
from django.urls import reverse

from committee.choices import Role
from committee.models import WorkingGroup
from emergency.models import EmergencyPlan
from emergency.views import plans as plan_views

from .emergency.factories import DrillFactory, PlanFactory
from .projects.factories import ProjectFactory


def test_deleting_group_with_projects_lists_them(cast):
    first = ProjectFactory(community=cast.community, working_group=cast.group, title="护苗行动")
    ProjectFactory(community=cast.community, working_group=cast.group, title="斑马线守护")
    url = reverse("committee:group_delete", args=[cast.community.slug, cast.group.pk])
    response = cast.client_for(Role.OFFICE).post(url)
    assert response.status_code == 409
    html = response.content.decode()
    assert "无法删除" in html
    assert "护苗行动" in html and "斑马线守护" in html
    assert f'href="{first.get_absolute_url()}"' in html
    assert WorkingGroup.objects.filter(pk=cast.group.pk).exists()


def test_deleting_unused_group_still_works(cast):
    url = reverse("committee:group_delete", args=[cast.community.slug, cast.other_group.pk])
    response = cast.client_for(Role.OFFICE).post(url)
    assert response.status_code == 302
    assert not WorkingGroup.objects.filter(pk=cast.other_group.pk).exists()


def test_restricted_plan_with_drill_answers_409_even_past_the_service_check(cast, monkeypatch):
    """The plan service refuses a plan with drills itself; should a drill slip in after that
    check, the database's RESTRICT still gives the page, not a 500."""
    plan = PlanFactory(community=cast.community, title="防汛应急预案")
    DrillFactory(community=cast.community, plan=plan, title="防汛转移演练")
    monkeypatch.setattr(plan_views.services, "delete_plan", lambda plan: plan.delete())
    url = reverse("emergency:plan_delete", args=[cast.community.slug, plan.pk])
    response = cast.client_for(Role.OFFICE).post(url)
    assert response.status_code == 409
    assert "防汛转移演练" in response.content.decode()
    assert EmergencyPlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("count", [3, 25])
def test_long_list_of_users_is_cut_with_a_count(cast, count):
    for n in range(count):
        ProjectFactory(community=cast.community, working_group=cast.group, title=f"项目{n:02d}")
    url = reverse("committee:group_delete", args=[cast.community.slug, cast.group.pk])
    html = cast.client_for(Role.OFFICE).post(url).content.decode()
    used_by = re.search(r'<ul class="mb-3" id="used-by">(.*?)</ul>', html, re.S).group(1)
    assert used_by.count("<li>") == min(count, 20) + (1 if count > 20 else 0)
    assert ("另有 5 条记录" in used_by) is (count > 20)
