"""Queue the evaluation reports of every community of a region, one Celery task each.

    python manage.py region_reports 330000 --kind monthly [--limit 50] [--wait]

With ``--wait`` it polls the report rows until none is pending or running and prints the time
and the reports per minute (the figures of docs/reliability.md, "Province scale").
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from archive.choices import JobState, ReportKind
from archive.services import reports
from archive.services.region_reports import queue_region_reports, region_report_progress
from committee.models import Region


class Command(BaseCommand):
    help = "Queue the reports of a region's communities (one task per community)."

    def add_arguments(self, parser):
        parser.add_argument("region", help="region code, e.g. 330000 (a province)")
        parser.add_argument(
            "--kind",
            default=ReportKind.MONTHLY,
            choices=[k for k in ReportKind.values if k != ReportKind.CUSTOM],
        )
        parser.add_argument("--limit", type=int, help="only the first N communities (by id)")
        parser.add_argument(
            "--wait", action="store_true", help="wait for the workers and time them"
        )

    def handle(self, *args, region, kind, limit, wait, **options):
        try:
            region = Region.objects.get(code=region)
        except Region.DoesNotExist:
            raise CommandError(f"No region {region}.") from None
        period = reports.last_finished_period(kind, timezone.localdate())
        started = time.monotonic()
        ids = queue_region_reports(region=region, kind=kind, period=period, limit=limit)
        queued = time.monotonic() - started
        self.stdout.write(f"{len(ids)} report tasks sent for {region} {period} in {queued:.1f}s.")
        if not wait or not ids:
            return
        while True:
            progress = region_report_progress(region=region, kind=kind, period=period, limit=limit)
            busy = progress.get(JobState.PENDING, 0) + progress.get(JobState.RUNNING, 0)
            if not busy:
                break
            time.sleep(2)
        elapsed = time.monotonic() - started
        done = progress.get(JobState.DONE, 0)
        self.stdout.write(
            f"{progress} after {elapsed:.0f}s: {done / elapsed * 60:.1f} reports a minute, "
            f"{elapsed / max(done, 1):.2f}s a report."
        )
