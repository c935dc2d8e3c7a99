"""Revoke an API token from the shell by its prefix (``sc_`` and eight characters), as the
office's page does; the way to revoke a region token, which no community page lists."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token whose secret starts with PREFIX (as shown: sc_xxxxxxxx)."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        tokens = list(ApiToken.objects.filter(prefix=prefix.rstrip("…"), revoked_at=None))
        if len(tokens) != 1:
            raise CommandError(f"{len(tokens)} unrevoked tokens with prefix {prefix!r}.")
        token = tokens[0]
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        self.stdout.write(f"Revoked {token}.")
