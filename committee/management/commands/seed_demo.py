"""Create the demo county (or the benchmark data set with --scale large)."""

import random
import time
from importlib import import_module

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from guardian.conf import settings as guardian_settings

from committee import demo
from committee.models import Community
from safecommunity.discovery import app_modules
from safecommunity.models import bump


def seeders():
    """Every app's ``demo`` module offering ``seed(community, *, users, groups, rng, scale, today)``,
    by its ``SEED_ORDER``: an app seeds after the apps whose records it links to, and the one
    random generator is drawn from in the same order every time (the demo is reproducible)."""
    modules = [module for module in app_modules("demo") if hasattr(module, "seed")]
    return sorted(modules, key=lambda module: module.SEED_ORDER)


class Command(BaseCommand):
    help = "Load the demo communities, users per role and records of every element."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large", "province"], default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing on a database somebody has set up (any community or user exists).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, if_empty, seed, **options):
        # django-guardian creates its AnonymousUser on migrate: that is nobody's setup.
        people = get_user_model().objects.exclude(username=guardian_settings.ANONYMOUS_USER_NAME)
        if if_empty and (Community.objects.exists() or people.exists()):
            # A database with its own community or accounts (createsuperuser, create_community,
            # or the demo removed with remove_demo) never gets the demo county back by itself.
            self.stdout.write("The database is already set up; demo data not loaded.")
            return
        if Community.objects.exists():
            self.stderr.write("The database already holds communities; use an empty database.")
            raise SystemExit(1)
        if scale == "province":
            return self._province(seed)
        rng = random.Random(seed)
        today = timezone.localdate()
        modules = seeders()
        for index, spec in enumerate(demo.COMMUNITIES):
            community, users, groups = demo.seed_community(spec, today=today, rng=rng)
            # The large benchmark volume goes into the first community only; the others stay demo-sized.
            community_scale = scale if index == 0 else "small"
            community_started = time.monotonic()
            for module in modules:
                started = time.monotonic()
                module.seed(
                    community,
                    users=users,
                    groups=groups,
                    rng=rng,
                    scale=community_scale,
                    today=today,
                )
                if options["verbosity"] > 1:
                    self.stdout.write(
                        f"  {community.slug}: {module.__name__} ({community_scale}) "
                        f"{time.monotonic() - started:.1f}s"
                    )
            self.stdout.write(
                f"  {community.name} ({community_scale}): {time.monotonic() - community_started:.0f}s"
            )
        bump(None)  # demo data go in with bulk_create: no cached summary may outlive them
        if connection.vendor == "postgresql":
            # Fresh planner statistics: before autovacuum gets to them, the new tables look empty
            # and list pages get plans fit for 30 rows instead of 50,000.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # The logins are printed once, by demo_logins (make run prints them when the site starts).
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded.") + " Logins: manage.py demo_logins"
        )

    def _province(self, seed):
        """1,000 communities and 5 million cards (archive.demo_province): PostgreSQL only."""
        if connection.vendor != "postgresql":
            self.stderr.write(
                "--scale province needs PostgreSQL: set DATABASE_URL=postgres://… "
                f"(this database is {connection.vendor})."
            )
            raise SystemExit(1)
        started = time.monotonic()
        import_module("archive.demo_province").seed(seed=seed, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Province loaded in {time.monotonic() - started:.0f}s.")
            + " Logins (password as demo_logins): p330101001-office, reviewer-330101, "
            "reviewer-330000"
        )
