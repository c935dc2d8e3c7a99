"""The sidebar menu by role: a reporter's menu is their card list only (no dashboard link, since
the dashboard redirects a reporter to that list); everyone else starts from 十二要素总览."""

import pytest
from django.urls import reverse

DASHBOARD = "十二要素总览"


@pytest.mark.parametrize(
    ("role", "has_dashboard"),
    [
        ("office", True),
        ("member", True),
        ("leader", True),
        ("group_member", True),
        ("reviewer", True),
        ("reporter", False),
    ],
)
def test_dashboard_link_in_the_menu(cast, role, has_dashboard):
    url = reverse("injuries:card_list", kwargs={"community": cast.community.slug})

    page = cast.client_for(role).get(url).content.decode()

    sidebar = page[page.index('id="site-sidebar"') :]
    assert (DASHBOARD in sidebar) is has_dashboard
    assert url in sidebar  # the card list is in everyone's menu


# The sidebar and the filter forms are cached fragments: what changes them must show at once.


def test_unread_count_stays_right_beside_the_cached_sidebar(cast):
    from committee.models import Notification

    client = cast.client_for("office")
    url = reverse("hazards:hazard_list", kwargs={"community": cast.community.slug})
    assert 'id="unread-count"' not in client.get(url).content.decode()
    Notification.objects.create(user=cast.users["office"], title="新通知")
    page = client.get(url).content.decode()
    assert '<span class="badge rounded-pill bg-danger" id="unread-count">1</span>' in page


def test_cached_sidebar_marks_the_open_page(cast):
    client = cast.client_for("office")
    slug = cast.community.slug
    for name in ("hazards:hazard_list", "hazards:place_list", "hazards:hazard_list"):
        url = reverse(name, kwargs={"community": slug})
        page = client.get(url).content.decode()
        sidebar = page[page.index('id="site-sidebar"') :]
        assert sidebar.count('aria-current="page"') == 1
        assert f'active" aria-current="page" href="{url}"' in sidebar


def test_cached_sidebar_follows_role_and_language(cast):
    from django.conf import settings

    url = reverse("hazards:hazard_list", kwargs={"community": cast.community.slug})
    office = cast.client_for("office").get(url).content.decode()
    member = cast.client_for("member").get(url).content.decode()
    assert "用户与角色" in office and "用户与角色" not in member
    client = cast.client_for("office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    sidebar = english[english.index('id="site-sidebar"') :]
    assert "用户与角色" not in sidebar and "风险辨识与评价" not in sidebar


def test_cached_filter_form_shows_a_new_group_and_the_chosen_value(cast):
    from tests.factories import WorkingGroupFactory

    client = cast.client_for("office")
    url = reverse("hazards:hazard_list", kwargs={"community": cast.community.slug})
    assert "新成立工作组" not in client.get(url).content.decode()
    group = WorkingGroupFactory(community=cast.community, name="新成立工作组")
    assert "新成立工作组" in client.get(url).content.decode()
    chosen = client.get(f"{url}?working_group={group.pk}").content.decode()
    assert f'<option value="{group.pk}" selected>新成立工作组</option>' in chosen
    assert f'<option value="{group.pk}" selected>' not in client.get(url).content.decode()


def test_cached_sidebar_never_crosses_role_or_community(cast):
    """Each role asks for the same page in turn through the one cache: every sidebar is its
    role's own, and another community's office sees its own community's links only."""
    slug = cast.community.slug
    url = reverse("injuries:card_list", kwargs={"community": slug})
    office_only = reverse("committee:user_list", kwargs={"community": slug})
    hazards = reverse("hazards:hazard_list", kwargs={"community": slug})

    def sidebar(who, page_url=url):
        page = cast.client_for(who).get(page_url).content.decode()
        return page[page.index('id="site-sidebar"') : page.index('<main class="site-main">')]

    for _round in range(2):
        for who in ("office", "reviewer", "reporter", "leader", "office"):
            menu = sidebar(who)
            assert (office_only in menu) is (who == "office"), who
            assert (hazards in menu) is (who != "reporter"), who
    foreign = sidebar("outsider", reverse("injuries:card_list", kwargs={"community": "pingan"}))
    assert f"/c/{slug}/" not in foreign and "/c/pingan/" in foreign
    assert cast.community.name not in foreign
