"""Background jobs that survive their infrastructure (safecommunity/jobs.py, safecommunity/cache.py):
a broker that is down, a worker that dies mid-build, a Redis cache that goes away."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.choices import JobState, ReportKind
from archive.models import DossierBuild, Report
from archive.services import dossier, reports
from archive.tasks import build_dossier, requeue_pending
from safecommunity import jobs
from safecommunity.cache import ResilientRedisCache
from safecommunity.celery import app

REFUSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


def reset_connections():
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def broker_down(settings):
    """The real Celery app publishing to a Redis broker and result backend that refuse
    connections, as in production when Redis is down."""
    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = (
        REFUSED,
        REFUSED,
        False,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_connections()
    yield
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
    reset_connections()


def age(model, pk, seconds):
    model.objects.filter(pk=pk).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


# --- The broker is down -------------------------------------------------------------------------


def test_report_requested_while_the_broker_is_down_stays_pending_and_says_so(
    cast, broker_down, django_capture_on_commit_callbacks
):
    client = cast.client_for("office")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("archive:report_create", kwargs={"community": cast.community.slug}),
            {"kind": ReportKind.MONTHLY, "year": "2026", "month": "10"},
        )

    assert response.status_code == 302
    assert time.monotonic() - started < 10  # gave up on the broker, did not hang
    report = Report.objects.get(community=cast.community)
    assert report.state == JobState.PENDING
    assert "队列暂时不可用" in report.message
    status = client.get(
        reverse("archive:report_status", kwargs={"community": cast.community.slug, "pk": report.pk})
    ).json()
    assert status["state"] == "pending" and "队列暂时不可用" in status["message"]


def test_dossier_requested_while_the_broker_is_down_stays_pending_and_says_so(
    cast, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = dossier.start_build(
            community=cast.community,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        )

    build.refresh_from_db()
    assert build.state == JobState.PENDING and build.task_id == ""
    assert "队列暂时不可用" in build.message


def test_enqueue_returns_none_instead_of_raising_when_the_broker_is_down(broker_down):
    from safecommunity.celery import ping

    assert jobs.enqueue(ping, "x") is None


def test_sweep_queues_jobs_left_pending_once_the_broker_is_back(cast):
    """The beat task: with the broker up again (eager here), pending jobs older than a minute run."""
    report, _created = reports.ensure_report(
        community=cast.community,
        kind=ReportKind.MONTHLY,
        period=reports.due_periods(datetime.date(2026, 11, 1))[0][1],
    )
    build = DossierBuild.objects.create(
        community=cast.community,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    fresh = DossierBuild.objects.create(
        community=cast.community,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    age(Report, report.pk, 120)
    age(DossierBuild, build.pk, 120)

    result = requeue_pending.apply().get()

    assert result == {"reports": [report.pk], "dossiers": [build.pk]}
    report.refresh_from_db()
    build.refresh_from_db()
    fresh.refresh_from_db()
    assert report.state == JobState.DONE
    assert build.state == JobState.DONE
    assert fresh.state == JobState.PENDING  # requested just now: its own message may be queued


def test_sweep_does_nothing_while_the_broker_is_still_down(cast, broker_down):
    build = DossierBuild.objects.create(
        community=cast.community,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    age(DossierBuild, build.pk, 120)

    assert jobs.requeue_pending(build_dossier, DossierBuild) == []
    build.refresh_from_db()
    assert build.state == JobState.PENDING


# --- The worker dies ----------------------------------------------------------------------------


@pytest.fixture
def heartbeats(settings):
    """Heartbeats on, whatever the database (off by default on SQLite)."""
    settings.JOB_HEARTBEATS = True


def running_build(community, task_id="task-1"):
    return DossierBuild.objects.create(
        community=community,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        state=JobState.RUNNING,
        progress=40,
        task_id=task_id,
    )


def test_running_build_whose_heartbeat_stopped_is_failed_with_a_message(cast, heartbeats):
    build = running_build(cast.community)
    age(DossierBuild, build.pk, jobs.HEARTBEAT_STALE.total_seconds() + 5)

    status = dossier.job_status(DossierBuild.objects.get(pk=build.pk))

    assert status["state"] == "failed"
    assert "中断" in status["message"]


def test_running_build_with_a_live_heartbeat_keeps_running(cast, heartbeats):
    build = running_build(cast.community)
    age(DossierBuild, build.pk, jobs.HEARTBEAT_SECONDS)

    assert dossier.job_status(DossierBuild.objects.get(pk=build.pk))["state"] == "running"


def test_running_report_whose_heartbeat_stopped_is_failed_with_a_message(cast, heartbeats):
    report, _created = reports.ensure_report(
        community=cast.community,
        kind=ReportKind.MONTHLY,
        period=reports.due_periods(datetime.date(2026, 11, 1))[0][1],
    )
    Report.objects.filter(pk=report.pk).update(state=JobState.RUNNING)
    age(Report, report.pk, jobs.HEARTBEAT_STALE.total_seconds() + 5)

    report = reports.expire_if_stale(Report.objects.get(pk=report.pk))

    assert report.state == JobState.FAILED and report.message


def test_redelivered_task_takes_over_the_build_its_dead_worker_left_running(cast):
    """acks_late + reject_on_worker_lost: the same task id comes back after its process died."""
    build = running_build(cast.community, task_id="task-1")

    result = dossier.run_build(build.pk, task_id="task-1")

    assert result.state == JobState.DONE and result.pdf


def test_another_task_does_not_take_over_a_running_build(cast):
    build = running_build(cast.community, task_id="task-1")

    result = dossier.run_build(build.pk, task_id="task-2")

    assert result.state == JobState.RUNNING and result.progress == 40


@pytest.mark.django_db(transaction=True)
def test_heartbeat_touches_running_rows_only_while_the_block_runs(cast, heartbeats):
    build = running_build(cast.community)
    done = DossierBuild.objects.create(
        community=cast.community,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        state=JobState.DONE,
    )
    age(DossierBuild, build.pk, 600)
    age(DossierBuild, done.pk, 600)
    old = timezone.now() - datetime.timedelta(seconds=300)

    with jobs.Heartbeat(DossierBuild.objects.all(), interval=0.05):
        deadline = time.monotonic() + 10
        while DossierBuild.objects.get(pk=build.pk).updated_at < old:
            assert time.monotonic() < deadline, "the heartbeat never touched the running build"
            time.sleep(0.05)
    after = DossierBuild.objects.get(pk=build.pk).updated_at
    time.sleep(0.2)

    assert DossierBuild.objects.get(pk=build.pk).updated_at == after  # stopped with the block
    assert DossierBuild.objects.get(pk=done.pk).updated_at < old  # finished rows untouched


# --- The Redis cache goes away ------------------------------------------------------------------


def test_cache_without_redis_misses_instead_of_failing():
    cache = ResilientRedisCache(REFUSED, {"OPTIONS": {"socket_connect_timeout": 0.5}})

    cache.set("k", "v")
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", "v") is False
    assert cache.get_many(["a", "b"]) == {}
    cache.delete("k")
    started = time.monotonic()
    for _ in range(200):  # the breaker is open: no connection attempt per call
        cache.get("k")
    assert time.monotonic() - started < 2


def test_cache_with_redis_caches(settings):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = ResilientRedisCache(url, {"KEY_PREFIX": "test-jobs"})

    cache.set("k", {"v": 1}, 30)
    assert cache.get("k") == {"v": 1}
    cache.delete("k")
    assert cache.get("k") is None


def test_no_heartbeat_on_sqlite_so_running_jobs_wait_for_their_time_limit(cast, settings):
    """A heartbeat commit from a second thread makes an SQLite job's next write fail."""
    settings.JOB_HEARTBEATS = None
    build = running_build(cast.community)
    age(DossierBuild, build.pk, jobs.HEARTBEAT_STALE.total_seconds() + 5)

    status = dossier.job_status(DossierBuild.objects.get(pk=build.pk))

    from django.db import connection

    assert jobs.heartbeats_enabled() is (connection.vendor != "sqlite")
    assert status["state"] == ("running" if connection.vendor == "sqlite" else "failed")
