"""Schemathesis against the project's own OpenAPI schema (issue 19), in bounded time.

The schema is loaded from the Django WSGI app itself; every operation gets ``MAX_EXAMPLES``
generated requests (derandomised: the same cases on every run) with a community token, the
region operation with a region token of the community's county, and the stateless checks: no
server error, status code, content type and body as documented (the schema documents the
401/403/404/429 refusals, ``api.schema.ApiSchema``). 18 operations, 192 examples, about 8 s
on this machine (the database set-up aside).
"""

import datetime
import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import views
from archive.services.assessment import start_assessment
from committee.choices import Role
from tests.factories import region
from tests.hazards.factories import (
    HiddenDangerFactory,
    InspectionFactory,
    InspectionItemFactory,
    PlaceFactory,
)
from tests.injuries.factories import InjuryCardFactory, ReportingUnitFactory
from tests.projects.factories import ProjectUpdateFactory

from .conftest import issue

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    content_type_conformance,
    status_code_conformance,
    response_schema_conformance,
]


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


def records(cast):
    """One record of each kind, so that the lists' bodies are checked against the schema too."""
    InjuryCardFactory(
        community=cast.community, reporting_unit=ReportingUnitFactory(community=cast.community)
    )
    HiddenDangerFactory(community=cast.community)
    inspection = InspectionFactory(community=cast.community, working_group=cast.group)
    inspection.places.add(PlaceFactory(community=cast.community))
    InspectionItemFactory(inspection=inspection)
    ProjectUpdateFactory(project__community=cast.community, project__working_group=cast.group)
    start_assessment(community=cast.community, title="自评", date=datetime.date(2026, 6, 1))


def test_every_operation_conforms_to_the_schema_and_never_answers_500(cast, capsys, wsgi_app):
    records(cast)
    _token, secret = issue(cast.community, user=cast.users[Role.OFFICE], name="县平台")
    _token, region_secret = issue(
        user=cast.regions["county_reviewer"], region=region("330106"), name="区县平台"
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, examples = {}, 0
    started = time.monotonic()

    def headers_for(operation):
        token = region_secret if "/regions/" in operation.path else secret
        return {"Authorization": f"Token {token}"}

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
            case.call_and_validate(headers=headers_for(case.operation), checks=CHECKS)

        try:
            run()
            if "/regions/" in operation.path:  # a region the token reads, in every order
                for sort in views.SORT_CHOICES:
                    examples += 1
                    operation.Case(
                        path_parameters={"code": "330106"}, query={"sort": sort}
                    ).call_and_validate(headers=headers_for(operation), checks=CHECKS)
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
