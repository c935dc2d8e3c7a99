"""Background jobs that survive their infrastructure: queueing while the broker is down, and a
heartbeat that tells a live job from one whose worker died.

Reports and dossier builds are rows the pages poll (state, progress, message). Two things can
leave such a row spinning forever, and this module handles both:

- The broker (Redis) is unreachable when the job is requested. ``enqueue()`` does not let that
  become a 500: the row stays *pending* with a message saying so, and the beat task
  ``requeue_pending`` (run by beat) queues it again once the broker answers.
- The worker dies (killed, out of memory, host lost) while the job runs. ``Heartbeat`` touches the
  row's ``updated_at`` every ``JOB_HEARTBEAT_SECONDS`` while the job runs; a running row not
  touched for ``JOB_HEARTBEAT_STALE`` seconds has no worker left, and the status poll marks it
  failed with a message instead of letting the page spin.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = getattr(settings, "JOB_HEARTBEAT_SECONDS", 15)
HEARTBEAT_STALE = datetime.timedelta(
    seconds=getattr(settings, "JOB_HEARTBEAT_STALE", 4 * HEARTBEAT_SECONDS + 30)
)


def broker_errors():
    """The exceptions a publish raises when the broker cannot be reached."""
    from kombu.exceptions import OperationalError

    errors = [OperationalError, ConnectionError, TimeoutError, OSError]
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover - redis is in the lock file
        pass
    return tuple(errors)


def delivery_task_options(retry_on, attempts):
    """Celery options of a task that sends one message to another system (a webhook, a group
    robot, an SMS gateway): ``attempts`` tries in all, 10, 20, 40, 80 s … apart (at most 10 min)
    while ``retry_on`` is raised; the outcome of each attempt is the caller's to record."""
    return {
        "bind": True,
        "autoretry_for": (retry_on,),
        "retry_backoff": 10,
        "retry_backoff_max": 600,
        "retry_jitter": False,
        "max_retries": attempts - 1,
        "ignore_result": True,
        "soft_time_limit": 60,
        "time_limit": 90,
    }


def enqueue(task, *args):
    """``task.delay(*args)``, or None when the broker cannot be reached (logged, never raised).

    Callers keep their job row pending; ``requeue_pending`` queues it when the broker is back.
    The publish gives up quickly (``CELERY_BROKER_CONNECTION_TIMEOUT``, one retry) so that a
    request never hangs on a broker that is down. The job's outcome lives in its row, never in the
    result backend, so results are ignored: otherwise sending subscribes to the Redis result
    channel first, which retries for 20 s and then raises a RuntimeError when Redis is down.
    """
    try:
        return task.apply_async(
            args, ignore_result=True, retry=True, retry_policy={"max_retries": 1}
        )
    except broker_errors() as exc:
        logger.warning("Broker unreachable, %s(%s) left pending: %s", task.name, args, exc)
        return None


BROKER_DOWN = _("后台任务队列暂时不可用，请求已记下，恢复后自动开始。")
REQUEUE_AFTER = datetime.timedelta(seconds=60)


def enqueue_job(task, model, pk):
    """Queue the job row ``model(pk)`` (a report, a dossier build) with ``task(pk)``; with the
    broker down, leave it pending with a message saying so. Returns the result, or None."""
    result = enqueue(task, pk)
    if result is None:
        model.objects.filter(pk=pk, state="pending").update(message=str(BROKER_DOWN))
    return result


def requeue_pending(task, model, older_than=REQUEUE_AFTER):
    """Queue again the rows of ``model`` still pending a while after they were requested: the
    broker was down, or lost its queue in a restart. A job runs once whatever the number of
    messages (its task claims the row atomically). Returns the pks queued; stops at the first
    publish that fails (the broker is still down: the next sweep tries again)."""
    due = model.objects.filter(
        state="pending", updated_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    queued = []
    for pk in due:
        if enqueue(task, pk) is None:
            break
        queued.append(pk)
    return queued


def heartbeats_enabled():
    """Heartbeats need a database that takes a second writer while the job writes: PostgreSQL.
    On the embedded SQLite file a heartbeat's commit makes the job's own next write fail with
    "database is locked" (its read snapshot went stale), so there the setting ``JOB_HEARTBEATS``
    defaults to off and a running job counts as stale only after its time limit."""
    enabled = getattr(settings, "JOB_HEARTBEATS", None)
    return connection.vendor != "sqlite" if enabled is None else enabled


def heartbeat_is_stale(job, time_limit):
    """A running job whose worker is gone: no heartbeat for ``HEARTBEAT_STALE`` or, without
    heartbeats, still running past ``time_limit`` (a timedelta)."""
    threshold = HEARTBEAT_STALE if heartbeats_enabled() else time_limit
    return timezone.now() - job.updated_at > threshold


class Heartbeat:
    """While the ``with`` block runs, touch ``updated_at`` of the rows of ``queryset`` that are
    still running, every ``interval`` seconds, from a daemon thread with its own connection."""

    def __init__(self, queryset, *, running_state="running", interval=None):
        self.queryset = queryset.filter(state=running_state)
        self.interval = HEARTBEAT_SECONDS if interval is None else interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def __enter__(self):
        if heartbeats_enabled():
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)
        return False

    def _beat(self):
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.queryset.update(updated_at=timezone.now())
                except DatabaseError as exc:  # the next beat may get through
                    logger.warning("Job heartbeat failed: %s", exc)
        finally:
            connections.close_all()  # this thread's own connections
