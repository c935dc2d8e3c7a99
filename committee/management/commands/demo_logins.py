from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from committee import demo
from committee.models import Community


class Command(BaseCommand):
    help = "Print how to log in: the demo logins, or how to start a community of one's own."

    def handle(self, *args, **options):
        if Community.objects.filter(slug__in=demo.demo_slugs()).exists():
            self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
            for slug, name, *_rest in demo.COMMUNITIES:
                self.stdout.write(
                    f"  {name}: " + ", ".join(f"{slug}-{role}" for role in demo.ROLE_NAMES)
                )
            self.stdout.write(
                f"  county reviewer (region {demo.COUNTY_CODE}, all communities, read-only): "
                f"{demo.REVIEWER_USERNAME}"
            )
            self.stdout.write("Remove the demo county later with: make remove-demo")
            return
        if not get_user_model().objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "No demo county and no administrator yet. Create the administrator with\n"
                "  .venv/bin/python manage.py createsuperuser\n"
                "then log in and open 平台管理 → 新建社区 (/manage/), or run\n"
                "  .venv/bin/python manage.py create_community"
            )
            return
        communities = Community.objects.count()
        self.stdout.write(
            f"{communities} communities. Log in with your own account; an administrator creates "
            "communities at /manage/ or with manage.py create_community."
        )
