"""Issue an API token from the shell (the office's page does the same): prints the secret once.

A community token: ``issue_api_token <community> "<name>" [--unit …]``. A region token (a
county or province platform reading the figures of its communities):
``issue_api_token --region <code> --reviewer <username> "<name>"``: issued for a reviewer of
that region (or of a region above it), in whose name it reads, and only while he reviews it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from committee.models import Community, Region
from injuries.models import ReportingUnit
from safecommunity.tenancy import reviews_region


class Command(BaseCommand):
    help = (
        "Issue an API token for a community (with --unit, for one reporting unit), or with "
        "--region and --reviewer for a region's reviewer."
    )

    def add_arguments(self, parser):
        parser.add_argument("community", nargs="?", help="the community's slug")
        parser.add_argument("name", help="what the token is for")
        parser.add_argument("--unit", help="the reporting unit's name or 监测单位编号")
        parser.add_argument("--region", help="a region token: the region's code")
        parser.add_argument(
            "--reviewer", help="with --region: the username of a reviewer of the region"
        )
        parser.add_argument("--days", type=int, help="valid for so many days (default: no end)")

    def handle(self, *args, community, name, unit=None, days=None, **options):
        expires = timezone.now() + datetime.timedelta(days=days) if days else None
        if options.get("region"):
            if community or unit:
                raise CommandError("A region token names no community and no unit.")
            fields = self.region_fields(options["region"], options.get("reviewer"))
        else:
            if not community:
                raise CommandError("Name a community (or --region for a region token).")
            fields = self.community_fields(community, unit)
        token, secret = ApiToken.issue(name=name, expires=expires, **fields)
        token.save()
        self.stdout.write(secret)

    def community_fields(self, slug, unit):
        try:
            community = Community.objects.get(slug=slug)
        except Community.DoesNotExist:
            raise CommandError(f"No community {slug!r}.") from None
        reporting_unit = None
        if unit:
            units = ReportingUnit.objects.filter(community=community)
            reporting_unit = units.filter(code=unit).first() or units.filter(name=unit).first()
            if reporting_unit is None:
                raise CommandError(f"No reporting unit {unit!r} in {community.slug}.")
        return {"community": community, "reporting_unit": reporting_unit}

    def region_fields(self, code, username):
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"No region {code!r}.")
        if not username:
            raise CommandError("A region token is issued for a reviewer: --reviewer <username>.")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        if not reviews_region(user, region):
            raise CommandError(f"{username} does not review {code}: no token for it.")
        return {"region": region, "created_by": user}
