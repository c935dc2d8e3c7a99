"""Every URL pattern, swept: anonymous users are sent to the login page (except the login page,
the health checks and the language switch), a user of another community gets 404 for anything
under /c/<community>/, no role gets a server error, and the admin is for superusers only."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages for people who are not logged in: signing in, forgotten passwords, setup links.
PUBLIC = {
    "login",
    "health",
    "minimal_page",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "account_setup",
    # The installable web app: the browser fetches these without a session; they hold no data.
    "webmanifest",
    "service_worker",
    "offline",
}


# The API's schema and documentation (no data in them).
API_PUBLIC = {"api_v1:schema", "api_v1:docs"}


def iter_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            yield from iter_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


def concrete(route, community):
    """Turn a route into a URL: the community slug, pk-like ints 999999, other slugs 'x'."""
    route = route.lstrip("^").rstrip("$")
    route = route.replace("<slug:community>", community)
    route = re.sub(r"<int:[a-z_]+>", "999999", route)
    route = re.sub(r"<(?:str|slug|uuid|path):[a-z_]+>", "x", route)
    route = re.sub(r"<[a-z_]+>", "x", route)
    return "/" + route


ALL = sorted({(name, route) for name, route in iter_patterns()}, key=lambda p: p[1])


@pytest.mark.parametrize(("name", "route"), ALL, ids=[r for _n, r in ALL])
def test_anonymous_is_sent_to_login(client, cast, name, route):
    url = concrete(route, cast.community.slug)
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code in (200, 302, 405)
        return
    if name.startswith("api_v1:"):  # the REST API: tokens, not the login page (tests/api/)
        expected = 200 if name in API_PUBLIC else 401
        assert response.status_code == expected, f"{url} answered {response.status_code}"
        return
    assert response.status_code in (302, 405), (
        f"{url} answered {response.status_code} to an anonymous user"
    )
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


COMMUNITY_ROUTES = [(n, r) for n, r in ALL if "<slug:community>" in r]


@pytest.mark.parametrize("who", ["outsider", "region_outsider"])
@pytest.mark.parametrize(("name", "route"), COMMUNITY_ROUTES, ids=[r for _n, r in COMMUNITY_ROUTES])
def test_other_community_user_gets_404(cast, name, route, who):
    """Office staff of another community, and a reviewer of another county, alike."""
    client = cast.client_for(who)
    url = concrete(route, cast.community.slug)
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


ROLES = ["office", "member", "leader", "group_member", "reporter", "reviewer"]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_errors_for_any_role(cast, role):
    client = cast.client_for(role)
    for name, route in COMMUNITY_ROUTES:
        if "999999" in concrete(route, "x") or name.endswith(("_pdf", "download", "export")):
            continue
        response = client.get(concrete(route, cast.community.slug))
        assert response.status_code in (200, 302, 403, 405), (
            f"{role} {route} → {response.status_code}"
        )


def test_region_reviewer_is_exactly_a_reviewer_everywhere(cast):
    """A county reviewer (no membership row) gets, on every community URL and for GET and POST,
    the answer a per-community reviewer gets; and no POST of a reviewer ever succeeds."""
    member = cast.client_for("reviewer")
    region = cast.client_for("county_reviewer")
    differences, accepted = [], []
    for _name, route in COMMUNITY_ROUTES:
        url = concrete(route, cast.community.slug)
        get = (member.get(url).status_code, region.get(url).status_code)
        post = (member.post(url, {}).status_code, region.post(url, {}).status_code)
        if get[0] != get[1] or post[0] != post[1]:
            differences.append((url, get, post))
        if post[1] < 400:
            accepted.append((url, post[1]))
    assert differences == []
    assert accepted == []


@pytest.mark.parametrize("who", ["county_reviewer", "province_reviewer"])
def test_region_reviewers_read_their_communities_and_not_others(cast, who):
    client = cast.client_for(who)
    assert client.get(cast.community.get_absolute_url()).status_code == 200
    expected_other = 200 if who == "province_reviewer" else 404
    assert client.get(cast.other.get_absolute_url()).status_code == expected_other


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_superusers_only(cast, role):
    response = cast.client_for(role).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_reaches_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_csrf_is_enforced(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["office"])
    response = client.post(
        f"/c/{cast.community.slug}/committee/groups/new/", {"name": "x", "kind": "other"}
    )
    assert response.status_code == 403
