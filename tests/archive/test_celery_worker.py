"""A REAL Celery worker over Redis, against the test database: the report task goes through it.

Runs only when REDIS_URL is set and the database is a server database the worker process can
reach (PostgreSQL in CI); the in-memory SQLite test database cannot be shared with a subprocess.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from archive.choices import JobState, ReportKind
from archive.models import Report
from archive.services import reports as services
from safecommunity.evidence import Period

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
]


def database_url():
    """DATABASE_URL of the database this test run uses (pytest-django's test_<name>)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker subprocess needs a server database (PostgreSQL), not the test SQLite"
        )
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings['NAME']}"


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    from safecommunity.celery import app

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "worker-var"),
        "DJANGO_SETTINGS_MODULE": "safecommunity.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "AXES_ENABLED": "0",
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "safecommunity",
            "worker",
            "--pool=solo",
            "-Q",
            "celery",
            "-n",
            f"archive-test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield process, log
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def call(task, *args, timeout, process, log):
    """Send a task and wait for its result, failing early if the worker died."""
    result = task.apply_async(args=args)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result.ready():
            return result.get(timeout=5)
        if process.poll() is not None:
            pytest.fail(
                f"worker exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.25)
    sys.stderr.write(log.read_text(errors="replace")[-3000:])
    pytest.fail(f"no result from {task.name} within {timeout} s")


def test_ping_and_report_through_a_real_worker(cast, worker):
    from archive.tasks import generate_report
    from safecommunity.celery import ping

    process, log = worker
    assert call(ping, "archive", timeout=60, process=process, log=log) == "archive"
    report, _created = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 3)
    )
    result = call(generate_report, report.pk, timeout=120, process=process, log=log)
    assert result == {"id": report.pk, "state": "done", "message": result["message"]}
    report = Report.objects.select_related("document").get(pk=report.pk)
    assert report.state == JobState.DONE and report.generated_at is not None
    assert Path(report.document.file.path).read_bytes().startswith(b"%PDF")
