"""Celery tasks of the archive app: thin wrappers over the services, idempotent, time-limited.

Imports run one way: a task imports its service inside the function, and the services enqueue
these tasks by their registered names (``archive.services.task``), never importing this module.
"""

from celery import shared_task
from django.db import OperationalError

from safecommunity import jobs

from .models import DossierBuild, Report
from .services import DOSSIER_TIME_LIMIT

TRANSIENT = (OperationalError, ConnectionError)


@shared_task(
    name="archive.tasks.periodic_reports",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def periodic_reports(today=None):
    """Beat, 1st of the month: queue last month's (and quarter's, and year's) reports."""
    import datetime

    from .services import reports

    day = datetime.date.fromisoformat(today) if isinstance(today, str) else today
    return reports.periodic_reports(day)


@shared_task(
    name="archive.tasks.generate_report",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def generate_report(report_id):
    from .services import reports

    report = reports.generate_report(report_id)
    return {"id": report.pk, "state": report.state, "message": report.message}


@shared_task(
    bind=True,
    name="archive.tasks.build_dossier",
    soft_time_limit=DOSSIER_TIME_LIMIT - 60,
    time_limit=DOSSIER_TIME_LIMIT,
)
def build_dossier(self, build_id):
    from .services import dossier

    build = dossier.run_build(build_id, task_id=self.request.id or "")
    return {"id": build.pk, "state": build.state, "message": build.message}


@shared_task(
    name="archive.tasks.region_reports",
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def region_reports(region_code, kind, day, limit=None):
    """Fan out the reports of a region's communities: this task only creates the rows and sends
    one ``generate_report`` per community (archive.services.region_reports)."""
    import datetime

    from committee.models import Region

    from .services import reports
    from .services.region_reports import queue_region_reports

    region = Region.objects.get(code=region_code)
    period = reports.last_finished_period(kind, datetime.date.fromisoformat(day))
    return queue_region_reports(region=region, kind=kind, period=period, limit=limit)


@shared_task(name="archive.tasks.requeue_pending", ignore_result=True)
def requeue_pending():
    """Beat, every minute: queue again the reports and dossier builds left pending because the
    broker was unreachable when they were requested, or lost its queue in a restart."""
    return {
        "reports": jobs.requeue_pending(generate_report, Report),
        "dossiers": jobs.requeue_pending(build_dossier, DossierBuild),
    }
