"""Login lockout behind the reverse proxy: the pair (username, real client address) is locked, so
neither a client behind the same proxy nor a forged X-Forwarded-For can lock the office out."""

import pytest
from django.test import Client
from django.urls import reverse

from committee.choices import Role

PROXY = "10.0.0.1"
PASSWORD = "a-long-correct-password"


@pytest.fixture
def office(cast, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = cast.users[Role.OFFICE]
    user.set_password(PASSWORD)
    user.save()
    return user


def login(user, password, **meta):
    return Client().post(
        reverse("login"), {"username": user.username, "password": password}, **meta
    )


def fail_until_locked(user, **meta):
    for _ in range(3):
        login(user, "wrong", **meta)
    locked = login(user, PASSWORD, **meta)
    assert locked.status_code == 429, "the attacking client should be locked"


def test_lockout_behind_proxy_does_not_lock_other_clients_of_the_user(office, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    fail_until_locked(office, **attacker)
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = login(office, PASSWORD, **colleague)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_client_written_forwarded_entries_are_not_trusted(office, settings):
    """nginx appends the address it saw: entries to its left come from the client."""
    settings.TRUSTED_PROXY_COUNT = 1
    for spoof in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        forwarded = f"{spoof}, 203.0.113.5"
        login(office, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "4.4.4.4, 203.0.113.5"}
    assert login(office, PASSWORD, **meta).status_code == 429


def test_spoofed_forwarded_for_without_trusted_proxy_is_ignored(office, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for spoof in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        login(office, "wrong", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=spoof)
    # A fresh forged header does not get the attacker a new lockout counter.
    meta = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "9.9.9.9"}
    assert login(office, PASSWORD, **meta).status_code == 429
    # Nor can he lock out another direct client by naming its address.
    assert login(office, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
