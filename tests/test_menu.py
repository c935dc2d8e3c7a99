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
