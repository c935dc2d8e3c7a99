"""The evaluation reports of every community of a region (a county, a province) in one job.

The job fans out: one ``generate_report`` task per community, sent as a Celery group, so any
number of workers share the work and no task ever runs more than one community (a province's
thousand reports would otherwise take hours in one task, past every time limit). As everywhere
in this project the outcome lives in the ``Report`` rows, not in the result backend: progress is
a count of rows by state, a report whose message was lost stays pending and
``archive.tasks.requeue_pending`` sends it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import group
from django.db.models import Count

from committee.regions import communities_under
from safecommunity.jobs import BROKER_DOWN, broker_errors

from ..choices import JobState
from ..models import Report
from .reports import ensure_report

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from committee.models import Community, Region, User
    from safecommunity.evidence import Period


def region_communities(region: Region, limit: int | None = None) -> QuerySet[Community]:
    communities = communities_under(region).order_by("pk")
    return communities[:limit] if limit else communities


def queue_region_reports(
    *, region: Region, kind: str, period: Period, user: User | None = None, limit: int | None = None
) -> list[int]:
    """Create (pending) the report of ``kind`` and ``period`` for every community under
    ``region`` (the first ``limit`` by id when given) and send one task per report not done yet.

    Returns the ids of the reports sent. Idempotent: a second run sends only what is not done.
    """
    from . import task

    generate_report = task("archive.tasks.generate_report")
    ids = []
    for community in region_communities(region, limit):
        report, _created = ensure_report(community=community, kind=kind, period=period, user=user)
        if report.state != JobState.DONE:
            ids.append(report.pk)
    if not ids:
        return ids
    try:
        group(generate_report.si(pk) for pk in ids).apply_async(
            ignore_result=True, retry=True, retry_policy={"max_retries": 1}
        )
    except broker_errors():
        Report.objects.filter(pk__in=ids, state=JobState.PENDING).update(message=str(BROKER_DOWN))
    return ids


def region_report_progress(
    *, region: Region, kind: str, period: Period, limit: int | None = None
) -> dict[str, int]:
    """{state: number of reports} of that kind and period for the region's communities."""
    rows = (
        Report.objects.filter(
            community__in=region_communities(region, limit).values("pk"),
            kind=kind,
            period_start=period.start,
            period_end=period.end,
        )
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
