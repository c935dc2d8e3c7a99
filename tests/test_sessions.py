"""The sliding idle timeout: activity keeps a session alive, but it is written only once per
SESSION_REFRESH_SECONDS, not on every page view."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safecommunity.middleware import SessionRefreshMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(client):
    user = UserFactory(username="sliding")
    client.force_login(user)
    client.get(reverse("minimal_page"))  # the first view after login stamps the refresh time
    return Session.objects.get(session_key=client.session.session_key)


def test_page_views_inside_the_interval_do_not_write_the_session(client):
    session = login(client)
    client.get(reverse("minimal_page"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("minimal_page"))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert not writes
    assert Session.objects.get(pk=session.pk).expire_date == session.expire_date


def test_activity_after_the_interval_extends_the_expiry(client, settings):
    session = login(client)
    stored = client.session
    stored[SessionRefreshMiddleware.KEY] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=session.expire_date.replace(year=2030))
    before = Session.objects.get(pk=session.pk).expire_date
    client.get(reverse("minimal_page"))
    after = Session.objects.get(pk=session.pk).expire_date
    assert after != before  # saved again: a new expiry computed from now + SESSION_COOKIE_AGE
    assert client.session[SessionRefreshMiddleware.KEY] > int(time.time()) - 5


def test_an_idle_session_still_expires(client, settings):
    session = login(client)
    Session.objects.filter(pk=session.pk).update(expire_date=session.expire_date.replace(year=2001))
    cache.clear()  # with Redis the sessions are cached_db: the cached copy expires with it
    response = client.get(reverse("community_home", kwargs={"community": "nowhere"}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_anonymous_visitors_get_no_session(client):
    client.get(reverse("login"))
    assert not Session.objects.exists()
