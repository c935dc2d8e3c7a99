"""python manage.py export_dossier --community <slug> --output FILE.pdf [--zip FILE.zip]"""

import shutil
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from archive.choices import JobState
from archive.dossier_content import default_period
from archive.models import DossierBuild
from archive.services import dossier
from committee.models import Community


class Command(BaseCommand):
    help = "Build the accreditation dossier (PDF and optionally the ZIP of originals) of one community."

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="community slug")
        parser.add_argument("--output", required=True, help="where to write the PDF")
        parser.add_argument(
            "--zip", dest="zip_path", help="where to write the ZIP (PDF + originals by element)"
        )
        parser.add_argument(
            "--start", help="period start, YYYY-MM-DD (default: start of the creation work)"
        )
        parser.add_argument("--end", help="period end, YYYY-MM-DD (default: today)")

    def handle(self, *args, community, output, zip_path, start, end, **options):
        try:
            target = Community.objects.get(slug=community)
        except Community.DoesNotExist as exc:
            raise CommandError(f"No community with slug {community!r}") from exc
        default_start, default_end = default_period(target)
        period_start = parse_date(start) if start else default_start
        period_end = parse_date(end) if end else default_end
        if period_start is None or period_end is None:
            raise CommandError("Dates must be YYYY-MM-DD")
        started = time.monotonic()
        build = DossierBuild.objects.create(
            community=target,
            period_start=period_start,
            period_end=period_end,
            message="export_dossier",
        )
        build = dossier.run_build(build.pk)
        if build.state != JobState.DONE:
            raise CommandError(build.message)
        with build.pdf.open("rb") as source, open(output, "wb") as target_file:
            shutil.copyfileobj(source, target_file)
        if zip_path:
            with build.zip.open("rb") as source, open(zip_path, "wb") as target_file:
                shutil.copyfileobj(source, target_file)
        self.stdout.write(
            f"{build.message} PDF {build.pdf_size / 1024:.0f} KiB, ZIP {build.zip_size / 1024:.0f} KiB, "
            f"{time.monotonic() - started:.1f} s"
        )
