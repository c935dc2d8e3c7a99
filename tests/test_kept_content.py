"""Kept content (issue 17): a list's table and the risk map, kept per session under the
community's data version. Opened again a page runs no query for its rows and shows the same rows;
any change of the community's records, another page, filter or language, another user: computed
anew."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committee.choices import Role
from committee.models import Partner
from hazards.models import Place
from safecommunity.models import bump
from tests.factories import PartnerFactory
from tests.hazards.factories import PlaceFactory
from tests.hazards.test_map import make_plan
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def table(response):
    html = response.content.decode()
    return html[html.index("<table") : html.index("</table>")]


def partners(community):
    return reverse("committee:partner_list", kwargs={"community": community.slug})


def test_a_list_opened_again_reads_its_rows_from_the_cache(cast, client):
    PartnerFactory.create_batch(3, community=cast.community)
    client.force_login(cast.users[Role.OFFICE])
    with CaptureQueriesContext(connection) as first:
        cold = client.get(partners(cast.community))
    with CaptureQueriesContext(connection) as second:
        warm = client.get(partners(cast.community))
    assert table(warm) == table(cold)
    assert "共 3 条" in warm.content.decode()
    tables = ("committee_partner",)
    assert any(t in q["sql"] for q in first.captured_queries for t in tables)
    assert not any(t in q["sql"] for q in second.captured_queries for t in tables)


def test_a_saved_record_shows_at_once(cast, client):
    client.force_login(cast.users[Role.OFFICE])
    client.get(partners(cast.community))
    PartnerFactory(community=cast.community, name="新来的派出所")
    assert "新来的派出所" in client.get(partners(cast.community)).content.decode()
    Partner.objects.filter(community=cast.community).update(name="改名的派出所")  # no signal
    bump(cast.community.pk)  # as code writing with QuerySet.update() does
    assert "改名的派出所" in client.get(partners(cast.community)).content.decode()


def test_each_page_filter_and_language_has_its_own_table(cast, client):
    for n in range(30):
        PartnerFactory(community=cast.community, name=f"单位{n:02d}")
    client.force_login(cast.users[Role.OFFICE])
    url = partners(cast.community)
    first = table(client.get(url))
    second = table(client.get(url, {"page": 2}))
    searched = table(client.get(url, {"q": "单位07"}))
    assert first != second and "单位07" in searched and "单位08" not in searched
    assert table(client.get(url)) == first
    client.cookies["django_language"] = "en"
    english = table(client.get(url))
    assert english != first and "单位00" in english  # headers in English, same rows


def test_another_user_never_gets_my_table(cast, client):
    """The office sees the edit buttons of every project; a group member of another group sees
    none: the cached table of one is never served to the other."""
    ProjectFactory(community=cast.community, working_group=cast.other_group, title="消防项目")
    url = reverse("projects:project_list", kwargs={"community": cast.community.slug})
    client.force_login(cast.users[Role.OFFICE])
    office = table(client.get(url, {"scope": "all"}))
    assert "消防项目" in office and "bi-pencil" in office
    client.force_login(cast.users[Role.LEADER])  # a new session: the leader's own table
    leader = table(client.get(url, {"scope": "all"}))
    assert "消防项目" in leader and "bi-pencil" not in leader


def test_the_risk_map_is_kept_until_a_place_changes(cast, client):
    make_plan(cast.community)
    place = PlaceFactory(community=cast.community, name="老旧小区A", risk_level="yellow")
    url = reverse("hazards:map", args=[cast.community.slug])
    client.force_login(cast.users[Role.OFFICE])
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        kept = client.get(url).content.decode()
    assert "老旧小区A" in kept
    assert not any("hazards_place" in q["sql"] for q in warm.captured_queries)
    place.name = "老旧小区B"
    place.save()
    assert Place.objects.filter(name="老旧小区B").exists()
    assert "老旧小区B" in client.get(url).content.decode()


def test_the_top_bar_shows_what_changed_at_once(cast, client):
    """The kept top bar is keyed by what it shows: a new notification, a renamed community, a
    second community to switch to, another language."""
    from committee.services import notify
    from tests.factories import MembershipFactory

    user = cast.users[Role.OFFICE]
    client.force_login(user)
    url = partners(cast.community)
    assert 'id="unread-count"' not in client.get(url).content.decode()
    notify([user], title="新的隐患待处理", community=cast.community)
    assert 'id="unread-count">1<' in client.get(url).content.decode()
    cast.community.name = "幸福街道（新）"
    cast.community.save()
    assert "幸福街道（新）" in client.get(url).content.decode()
    assert 'id="community-switcher"' not in client.get(url).content.decode()
    MembershipFactory(user=user, community=cast.other, role=Role.OFFICE)
    page = client.get(url).content.decode()
    assert 'id="community-switcher"' in page and cast.other.name in page
    client.cookies["django_language"] = "en"
    assert "Log out" in client.get(url).content.decode()
