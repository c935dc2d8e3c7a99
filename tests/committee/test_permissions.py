"""The permission matrix: every committee URL × every role + a user of another community.

Readers (office, member, leader, group member, reviewer) see the committee pages; the injury
reporter is kept out of them (403) but the community home sends him to his injury cards; only the
office changes records, imports and manages users; a user of another community gets 404 everywhere
under /c/<slug>/ (we do not confirm that the community exists).
"""

import pytest
from django.urls import get_resolver, reverse

from committee.choices import GroupRole, Role

# county_reviewer reads through a region assignment (no membership row) and must be answered as
# a reviewer; region_outsider reviews the other community's county only, so is an outsider here.
WHO = [*[r.value for r in Role], "outsider", "county_reviewer", "region_outsider"]
READERS = {Role.OFFICE, Role.MEMBER, Role.LEADER, Role.GROUP_MEMBER, Role.REVIEWER}

# (URL name, record holding the pk or None, method, who may: "home" | "read" | "office")
PAGES = [
    ("community_home", None, "get", "home"),
    ("committee:overview", None, "get", "read"),
    ("committee:profile", None, "get", "read"),
    ("committee:profile_update", None, "get", "office"),
    ("committee:profile_pdf", None, "get", "read"),
    ("committee:phase_create", None, "get", "office"),
    ("committee:phase_update", "phase", "get", "office"),
    ("committee:population_create", None, "get", "office"),
    ("committee:user_list", None, "get", "office"),
    ("committee:membership_update", "membership", "post", "office"),
    ("committee:membership_link", "membership", "get", "office"),
    ("committee:setup", None, "get", "office"),
    ("committee:profile_import", None, "get", "office"),
    ("committee:population_import", None, "get", "office"),
    ("committee:phase_import", None, "get", "office"),
    ("committee:group_member_add", "group", "post", "office"),
    ("committee:group_member_remove", "group", "post", "office"),
]
for _kind in ("member", "group", "partner", "volunteer", "participation", "meeting"):
    PAGES += [
        (f"committee:{_kind}_list", None, "get", "read"),
        (f"committee:{_kind}_detail", _kind, "get", "read"),
        (f"committee:{_kind}_create", None, "get", "office"),
        (f"committee:{_kind}_update", _kind, "get", "office"),
        (f"committee:{_kind}_delete", _kind, "get", "office"),
    ]
for _kind in ("member", "group", "partner"):
    PAGES += [
        (f"committee:{_kind}_import", None, "get", "office"),
        (f"committee:{_kind}_export", None, "get", "read"),
    ]


def expected(access, who, method):
    if who in ("outsider", "region_outsider"):
        return 404
    if who == "county_reviewer":
        who = Role.REVIEWER
    if access == "home":
        return 200  # every role has a home: reporters and leaders their to-do lists
    if access == "read":
        return 200 if who in READERS else 403
    if who == Role.OFFICE:
        return 302 if method == "post" else 200
    return 403


def url_for(name, record_key, cast, mine):
    kwargs = {"community": cast.community.slug}
    if name == "committee:group_member_remove":
        kwargs.update(pk=cast.group.pk, member=mine.member.pk)
    elif record_key:
        kwargs["pk"] = getattr(mine, record_key).pk
    return reverse(name, kwargs=kwargs)


def post_data(name, mine):
    if name == "committee:group_member_add":
        return {"member": mine.member.pk, "role": GroupRole.MEMBER}
    if name == "committee:membership_update":
        return {"role": Role.REVIEWER}
    return {}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "record_key", "method", "access"), PAGES, ids=[p[0] for p in PAGES]
)
def test_permission_matrix(cast, mine, who, name, record_key, method, access):
    client = cast.client_for(who)
    url = url_for(name, record_key, cast, mine)
    if method == "post":
        response = client.post(url, post_data(name, mine))
    else:
        response = client.get(url)
    assert response.status_code == expected(access, who, method), f"{who} {method.upper()} {url}"


def test_matrix_covers_every_committee_url():
    resolver = get_resolver()
    committee_names = {
        f"committee:{n}"
        for n in resolver.namespace_dict["committee"][1].reverse_dict
        if isinstance(n, str)
    }
    # The alert settings pages have their own matrix (tests/committee/test_alerts_page.py).
    from .test_alerts_page import ALERT_URL_NAMES

    assert (
        committee_names == {p[0] for p in PAGES if p[0].startswith("committee:")} | ALERT_URL_NAMES
    )


def test_reporters_home_is_his_own_cards_with_the_report_button(cast):
    response = cast.client_for(Role.REPORTER).get(
        reverse("community_home", args=[cast.community.slug])
    )
    assert response.status_code == 200
    assert reverse("injuries:card_create", kwargs={"community": cast.community.slug}) in (
        response.text
    )


def test_leader_sees_own_group_but_no_edit_buttons(cast):
    response = cast.client_for(Role.LEADER).get(cast.group.get_absolute_url())
    assert response.status_code == 200
    assert (
        reverse("committee:group_update", args=[cast.community.slug, cast.group.pk])
        not in response.text
    )
    assert (
        reverse("committee:group_member_add", args=[cast.community.slug, cast.group.pk])
        not in response.text
    )


def test_office_sees_edit_buttons_and_member_form(cast):
    response = cast.client_for(Role.OFFICE).get(cast.group.get_absolute_url())
    assert (
        reverse("committee:group_update", args=[cast.community.slug, cast.group.pk])
        in response.text
    )
    assert (
        reverse("committee:group_member_add", args=[cast.community.slug, cast.group.pk])
        in response.text
    )


@pytest.mark.parametrize("who", [r.value for r in Role if r != Role.OFFICE])
def test_import_export_buttons_only_for_office(cast, who):
    response = cast.client_for(who).get(
        reverse("committee:member_list", args=[cast.community.slug])
    )
    if who == Role.REPORTER:
        assert response.status_code == 403
        return
    assert reverse("committee:member_import", args=[cast.community.slug]) not in response.text
    office = cast.client_for(Role.OFFICE).get(
        reverse("committee:member_list", args=[cast.community.slug])
    )
    assert reverse("committee:member_import", args=[cast.community.slug]) in office.text
    assert (
        reverse("committee:member_export", args=[cast.community.slug]) + "?format=csv"
        in office.text
    )


def test_user_menu_entry_only_for_office(cast):
    url = reverse("committee:user_list", args=[cast.community.slug])
    home = reverse("committee:profile", args=[cast.community.slug])
    assert url in cast.client_for(Role.OFFICE).get(home).text
    assert url not in cast.client_for(Role.MEMBER).get(home).text
