"""Schemathesis against the project's own OpenAPI schema (issue 19), in bounded time.

The schema is loaded from the Django WSGI app itself; every operation gets ``MAX_EXAMPLES``
generated requests with a community token (derandomised: the same cases on every run) and the
stateless checks: no server error, and the response's content type as documented. 9
operations, 90 examples, about 2 s on this machine (the database set-up aside).
"""

import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from committee.choices import Role

from .conftest import issue

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10
# Not yet: status_code_conformance and response_schema_conformance. The schema documents only
# the success (and 400 for writes) answers, so 401/403/404 (a page past the end, an unknown id)
# are "undocumented", and the bulk 400 for an empty batch does not match CardBatchError.
CHECKS = [not_a_server_error, content_type_conformance]


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, called directly. Like Django's test client, it must not close the
    test's database connection at the end of each request (on PostgreSQL the test runs inside a
    transaction on that connection)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema_and_never_answers_500(cast, capsys, wsgi_app):
    _token, secret = issue(cast.community, user=cast.users[Role.OFFICE], name="县平台")
    headers = {"Authorization": f"Token {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, examples = {}, 0
    started = time.monotonic()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            nonlocal examples
            examples += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - reported all at once below
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:2000]
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(operations)} operations, {examples} examples, "
            f"{len(failures)} failing, {elapsed:.1f} s"
        )
        for label, error in failures.items():
            print(f"--- {label}\n{error}")
    assert len(operations) >= 8
    assert failures == {}
