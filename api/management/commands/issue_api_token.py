"""Issue an API token from the shell (the office's page does the same): prints the secret once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from committee.models import Community
from injuries.models import ReportingUnit


class Command(BaseCommand):
    help = "Issue an API token for a community (with --unit, for one reporting unit)."

    def add_arguments(self, parser):
        parser.add_argument("community", help="the community's slug")
        parser.add_argument("name", help="what the token is for")
        parser.add_argument("--unit", help="the reporting unit's name or 监测单位编号")
        parser.add_argument("--days", type=int, help="valid for so many days (default: no end)")

    def handle(self, *args, community, name, unit=None, days=None, **options):
        try:
            community = Community.objects.get(slug=community)
        except Community.DoesNotExist:
            raise CommandError(f"No community {community!r}.") from None
        reporting_unit = None
        if unit:
            units = ReportingUnit.objects.filter(community=community)
            reporting_unit = units.filter(code=unit).first() or units.filter(name=unit).first()
            if reporting_unit is None:
                raise CommandError(f"No reporting unit {unit!r} in {community.slug}.")
        expires = timezone.now() + datetime.timedelta(days=days) if days else None
        token, secret = ApiToken.issue(
            community=community, reporting_unit=reporting_unit, name=name, expires=expires
        )
        token.save()
        self.stdout.write(secret)
