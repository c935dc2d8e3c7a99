"""The per-request fixed cost (issue 17): what every page view reads, and that what is cached to
avoid it is forgotten when it changes. Query counts, not times."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committee.choices import Role
from committee.models import Notification
from committee.services import notify, set_active
from safecommunity.tenancy import get_membership, resolve_community
from tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def settings_with(**env):
    """The production settings as a fresh process reads them from this environment."""
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DB_CONN_MAX_AGE")}
    environ.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="safecommunity.settings", **env)
    code = (
        "import json; from safecommunity import settings as s; print(json.dumps({"
        "'engine': s.SESSION_ENGINE, 'alias': s.SESSION_CACHE_ALIAS, "
        "'shared': s.CACHES['shared']['BACKEND'], 'default': s.CACHES['default']['BACKEND'], "
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'backends': s.AUTHENTICATION_BACKENDS}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_sessions_and_users_use_a_cache_every_process_shares():
    embedded = settings_with()
    assert embedded["engine"] == "django.contrib.sessions.backends.cached_db"
    assert embedded["alias"] == "shared"
    # Without Redis: files under var/, never the per-process memory cache (a logout in one
    # gunicorn worker would not reach the others).
    assert embedded["shared"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert embedded["default"] == "django.core.cache.backends.locmem.LocMemCache"
    assert "safecommunity.auth.CachedModelBackend" in embedded["backends"]
    assert "django.contrib.auth.backends.ModelBackend" not in embedded["backends"]

    redis = settings_with(REDIS_URL="redis://127.0.0.1:6379/9")
    assert redis["engine"] == "django.contrib.sessions.backends.cached_db"
    assert redis["shared"] == redis["default"] == "safecommunity.cache.ResilientRedisCache"


def test_database_connections_persist_by_default():
    assert settings_with()["conn_max_age"] == 60
    assert settings_with(DB_CONN_MAX_AGE="0")["conn_max_age"] == 0


def test_the_minimal_page_reads_nothing_from_the_database_once_warm(
    cast, django_assert_max_num_queries
):
    client = cast.client_for(Role.OFFICE)
    client.get(reverse("minimal_page"))  # stamps the session refresh, caches the user
    with django_assert_max_num_queries(0):
        response = client.get(reverse("minimal_page"))
    assert response.status_code == 200


def test_a_community_page_reads_community_and_membership_once(cast, django_assert_max_num_queries):
    client = cast.client_for(Role.OFFICE)
    url = reverse("committee:member_list", kwargs={"community": cast.community.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    # One query for the community with the membership (a subquery); the page's own count and
    # rows. No session, user, notification or switcher query.
    assert statements[0].startswith('SELECT "committee_community"."id"')
    assert 'FROM "committee_membership"' in statements[0]
    assert not any('FROM "committee_membership"' in sql for sql in statements[1:])
    for table in ("django_session", "committee_user", "committee_notification"):
        assert not any(f'FROM "{table}"' in sql for sql in statements), table


def test_the_membership_loaded_with_the_community_is_the_users(cast, rf):
    request = rf.get("/")
    request.user = cast.users[Role.LEADER]
    community, membership = resolve_community(request, cast.community.slug)
    assert membership.role == Role.LEADER
    assert membership.user == cast.users[Role.LEADER] and membership.community == community
    assert membership.created_at is not None  # a deferred field loads on demand
    stored = get_membership(cast.users[Role.LEADER], cast.community)
    assert stored.pk == membership.pk
    membership.role = Role.MEMBER
    membership.save()
    assert get_membership(cast.users[Role.LEADER], cast.community).role == Role.MEMBER


def test_a_region_reviewer_and_a_non_member_through_the_combined_query(cast, rf):
    request = rf.get("/")
    request.user = cast.regions["county_reviewer"]
    _community, membership = resolve_community(request, cast.community.slug)
    assert membership.role == Role.REVIEWER and membership.pk is None
    request.user = cast.outsider
    with pytest.raises(Exception) as caught:
        resolve_community(request, cast.community.slug)
    assert type(caught.value).__name__ == "Http404"


def unread_badge(client, cast):
    page = client.get(reverse("community_home", kwargs={"community": cast.community.slug})).text
    if 'id="unread-count">' not in page:
        return 0
    return int(page.split('id="unread-count">', 1)[1].split("<", 1)[0])


def test_the_unread_count_is_cached_and_forgotten_on_every_change(cast):
    user = cast.users[Role.OFFICE]
    client = cast.client_for(Role.OFFICE)
    assert unread_badge(client, cast) == 0
    first = notify([user], title="隐患逾期", email=False)[0]
    notify([user], title="物资过期", email=False)
    assert unread_badge(client, cast) == 2
    client.post(reverse("notification_read", args=[first.pk]))  # save()
    assert unread_badge(client, cast) == 1
    notify([user], title="演练提醒", email=False)
    assert unread_badge(client, cast) == 2
    client.post(reverse("notifications_read_all"))  # QuerySet.update(): no signal
    assert unread_badge(client, cast) == 0
    notify([user], title="再次提醒", email=False)
    Notification.objects.filter(user=user, title="再次提醒").delete()
    assert unread_badge(client, cast) == 0


def test_the_cached_user_is_forgotten_when_the_account_changes(cast):
    user = cast.users[Role.MEMBER]
    client = cast.client_for(Role.MEMBER)
    home = reverse("community_home", kwargs={"community": cast.community.slug})
    assert client.get(home).status_code == 200  # the user is cached now
    set_active(user, False)
    response = client.get(home)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_password_changed_elsewhere_ends_the_session_despite_the_cache(cast):
    user = cast.users[Role.MEMBER]
    client = cast.client_for(Role.MEMBER)
    home = reverse("community_home", kwargs={"community": cast.community.slug})
    assert client.get(home).status_code == 200
    user.set_password("another-long-password-9")
    user.save()
    response = client.get(home)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def switcher(client, cast):
    return client.get(reverse("community_home", kwargs={"community": cast.community.slug})).text


def test_the_community_switcher_follows_memberships_and_renames(cast):
    user = cast.users[Role.OFFICE]
    client = cast.client_for(Role.OFFICE)
    third = CommunityFactory(name="第三街道", slug="third")
    assert "第三街道" not in switcher(client, cast)
    membership = MembershipFactory(user=user, community=third, role=Role.MEMBER)
    assert "第三街道" in switcher(client, cast)
    third.name = "改名街道"
    third.save()
    page = switcher(client, cast)
    assert "改名街道" in page and "第三街道" not in page
    membership.delete()
    assert "改名街道" not in switcher(client, cast)
