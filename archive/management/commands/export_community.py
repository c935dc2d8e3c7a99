"""python manage.py export_community <slug> <path.zip> — the community's hand-over package."""

from django.core.management.base import BaseCommand, CommandError

from archive.services.handover import export_community
from committee.models import Community


class Command(BaseCommand):
    help = (
        "Export one community to a hand-over ZIP: every ledger as XLSX, the evidence files "
        "foldered by element, and manifest.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="community slug")
        parser.add_argument("path", help="where to write the ZIP")

    def handle(self, *args, slug, path, **options):
        try:
            community = Community.objects.get(slug=slug)
        except Community.DoesNotExist as exc:
            raise CommandError(f"No community with slug {slug!r}") from exc
        with open(path, "wb") as target:
            manifest = export_community(community, target)
        rows = sum(sheet["rows"] for sheet in manifest["ledgers"])
        self.stdout.write(
            f"{path}: {len(manifest['ledgers'])} ledgers, {rows} rows, "
            f"{len(manifest['files'])} files"
        )
        for entry in manifest["missing_files"]:
            self.stderr.write(f"  missing file: {entry}")
