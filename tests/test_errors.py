"""A database outage answers 503 "try again", the health probe works with any cookie, and
error pages never touch the database that failed."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from safecommunity.errors import server_error


def raised(exc):
    request = RequestFactory().get("/c/xingfu/")
    try:
        raise exc
    except Exception:  # noqa: BLE001 - handler500 runs inside Django's except block
        return server_error(request)


def test_lost_database_connection_is_a_503_with_retry_after():
    # No django_db mark: any database access in the handler would raise here.
    response = raised(OperationalError("connection refused"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "数据库暂时无法连接" in page and "您的数据不受影响" in page


def test_other_errors_stay_500():
    response = raised(ValueError("bug"))

    assert response.status_code == 500
    assert "服务器暂时出错" in response.content.decode()


def test_urls_use_the_database_aware_handler():
    from safecommunity import urls

    assert urls.handler500 == "safecommunity.errors.server_error"


@pytest.mark.django_db
def test_health_answers_before_sessions_and_users(client, django_user_model):
    """A stale session cookie (or any cookie) must not route the probe through the database."""
    user = django_user_model.objects.create_user("probe", password="x-long-password-1")
    client.force_login(user)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in str(response.cookies.output()) or not response.cookies
    assert not hasattr(response.wsgi_request, "user")  # answered before AuthenticationMiddleware


@pytest.mark.django_db
def test_health_still_refuses_hosts_not_allowed(client, settings):
    settings.ALLOWED_HOSTS = ["safecommunity.example.gov.cn"]

    assert client.get("/health/", HTTP_HOST="evil.example.com").status_code == 400
    assert client.get("/health/", HTTP_HOST="safecommunity.example.gov.cn").status_code == 200
