"""Time the archive's heavy jobs on the current database (DESIGN.md, Budgets; figures, no asserts).

    python manage.py bench_archive [--community SLUG]

- the accreditation dossier (PDF + ZIP) built by `export_dossier` in a child process, so its
  peak memory (max RSS) is its own: budget 60 s and 1 GiB;
- a quarterly evaluation report for the last closed quarter: budget 10 s.
"""

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.choices import ReportKind
from archive.services import reports
from committee.models import Community
from safecommunity.evidence import Period


class Command(BaseCommand):
    help = "Print the time and peak memory of the dossier build and of a quarterly report."

    def add_arguments(self, parser):
        parser.add_argument("--community", help="slug (default: the first community)")

    def handle(self, *args, community=None, **options):
        from django.test.utils import override_settings

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.bench(community)

    def bench(self, community):
        target = (
            Community.objects.get(slug=community)
            if community
            else Community.objects.order_by("pk").first()
        )
        documents = target.documents.count()
        self.stdout.write(f"archive bench — {target.name}: {documents} documents")
        with tempfile.TemporaryDirectory() as folder:
            started = time.monotonic()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            result = subprocess.run(
                [
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    "export_dossier",
                    "--community",
                    target.slug,
                    "--output",
                    f"{folder}/dossier.pdf",
                    "--zip",
                    f"{folder}/dossier.zip",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.monotonic() - started
            peak_mib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        verdict = "ok" if result.returncode == 0 and elapsed < 60 and peak_mib < 1024 else "OVER"
        self.stdout.write(
            f"  dossier (PDF + ZIP, own process): {elapsed:.1f} s, peak {peak_mib:.0f} MiB  "
            f"[budget 60 s, 1 GiB] {verdict}\n    {result.stdout.strip() or result.stderr.strip()[-500:]}"
        )
        today = time.localtime()
        quarter = (today.tm_mon - 1) // 3  # the last closed quarter
        year = today.tm_year if quarter else today.tm_year - 1
        period = Period.quarter(year, quarter or 4)
        report, _created = reports.ensure_report(
            community=target, kind=ReportKind.QUARTERLY, period=period
        )
        started = time.monotonic()
        report = reports.generate_report(report.pk)
        elapsed = time.monotonic() - started
        verdict = "ok" if report.state == "done" and elapsed < 10 else "OVER"
        self.stdout.write(
            f"  quarterly report {period.label}: {elapsed:.1f} s (cold process, fonts loaded on first use)  "
            f"[budget 10 s] {verdict}"
        )
        started = time.monotonic()
        reports.generate_report(report.pk)
        self.stdout.write(
            f"  the same report again in a warm process: {time.monotonic() - started:.1f} s"
        )
