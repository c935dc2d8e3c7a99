from django.core.management.base import BaseCommand

from committee import demo


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for slug, name, *_rest in demo.COMMUNITIES:
            self.stdout.write(
                f"  {name}: " + ", ".join(f"{slug}-{role}" for role in demo.ROLE_NAMES)
            )
        self.stdout.write(
            f"  county reviewer (region {demo.COUNTY_CODE}, all communities, read-only): "
            f"{demo.REVIEWER_USERNAME}"
        )
