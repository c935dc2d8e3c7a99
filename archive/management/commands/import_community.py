"""python manage.py import_community <slug> <path.zip> [--create --name N --kind K --area-code C]

Imports a hand-over package into an empty community, all or nothing; prints the row problems.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.services.handover import HandoverError, import_community
from committee.choices import CommunityKind
from committee.models import Community


class Command(BaseCommand):
    help = "Import a hand-over ZIP (from export_community) into an empty community."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="slug of the receiving community")
        parser.add_argument("path", help="the hand-over ZIP")
        parser.add_argument(
            "--create", action="store_true", help="create the community if it does not exist"
        )
        parser.add_argument("--name", help="with --create: the community's name")
        parser.add_argument(
            "--kind", choices=CommunityKind.values, help="with --create: the community's kind"
        )
        parser.add_argument(
            "--area-code", dest="area_code", default="", help="with --create: 6-digit area code"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the package, write nothing"
        )

    def handle(self, *args, slug, path, create, name, kind, area_code, dry_run, **options):
        with transaction.atomic():
            community = self.receiving_community(slug, create, name, kind, area_code)
            try:
                with open(path, "rb") as source:
                    report = import_community(community, source, commit=not dry_run)
            except (HandoverError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            for sheet, problem in report.problems:
                self.stderr.write(
                    f"{sheet.ledger} row {problem.row}: {'; '.join(problem.messages)}"
                )
            if not report.committed:
                transaction.set_rollback(True)
        if report.problems:
            raise CommandError(f"{len(report.problems)} problem rows; nothing imported")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{community.slug}: {verb} {report.total} rows in {len(report.sheets)} ledgers, "
            f"{report.files} files"
        )

    def receiving_community(self, slug, create, name, kind, area_code):
        community = Community.objects.filter(slug=slug).first()
        if community is not None:
            return community
        if not create:
            raise CommandError(f"No community with slug {slug!r} (use --create to make it)")
        if not name or not kind:
            raise CommandError("--create needs --name and --kind")
        from committee import regions

        community = Community(slug=slug, name=name, kind=kind, area_code=area_code)
        try:
            # Placed in the region tree like every community (county reviewers then read it).
            community.region = regions.region_for_community(community)
            community.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        community.save()
        return community
