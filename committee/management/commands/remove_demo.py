"""Remove the demo county once the real community is set up."""

from django.core.management.base import BaseCommand, CommandError

from committee import demo
from committee.models import Community


class Command(BaseCommand):
    help = "Delete the demo communities (幸福街道, 平安镇, 滨江工业园区), their records and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, yes, **options):
        present = list(Community.objects.filter(slug__in=demo.demo_slugs()))
        if not present:
            self.stdout.write("No demo community here; nothing removed.")
            return
        names = ", ".join(c.name for c in present)
        if not yes:
            answer = input(f"Delete the demo communities {names} and every record in them? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing removed.")
        communities, users = demo.remove_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Removed {communities} demo communities and {users} demo accounts.")
        )
