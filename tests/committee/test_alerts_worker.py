"""The daily reminders through a REAL Celery worker over Redis: the summary is made when the
worker's task ends (task_postrun), and the delivery task posts it to the local robot server.

Runs where tests/archive/test_celery_worker.py runs (REDIS_URL and PostgreSQL, i.e. CI)."""

import os
import time

import pytest

from committee.alerts.models import AlertDelivery
from committee.choices import AlertKind, AlertStatus
from tests.archive.test_celery_worker import call, worker  # noqa: F401 - the fixture

from .test_alerts import WECOM_KEY, Robot, overdue, wecom

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


@pytest.fixture
def robot_env(monkeypatch, settings):
    """The robot server, its address in the environment the worker subprocess inherits."""
    server = Robot()
    monkeypatch.setenv("ALERTS_WECOM_URL", f"{server.base}/cgi-bin/webhook/send")
    settings.ALERTS_WECOM_URL = f"{server.base}/cgi-bin/webhook/send"
    yield server
    server.close()


def test_reminder_run_in_a_worker_reaches_the_robot(cast, robot_env, worker):  # noqa: F811
    from safecommunity.tasks import daily_reminders

    process, log = worker
    wecom(cast.community, kinds=[AlertKind.OVERDUE_RECTIFICATION])
    overdue(cast.community, "疏散通道堵塞")
    call(daily_reminders, timeout=120, process=process, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        delivery = AlertDelivery.objects.filter(kind=AlertKind.OVERDUE_RECTIFICATION).first()
        if delivery is not None and delivery.status != AlertStatus.PENDING:
            break
        time.sleep(0.25)
    assert delivery is not None and delivery.status == AlertStatus.SENT, log.read_text()[-3000:]
    [request] = robot_env.sent("/cgi-bin/webhook/send")
    assert request["query"] == {"key": WECOM_KEY}
    assert "疏散通道堵塞" in request["json"]["markdown"]["content"]
