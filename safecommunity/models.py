"""Per-community data version: bumped on every change to a community's records.

Cached per-community summaries (the home page's element statuses) are keyed by this number, so a
change saved by any process invalidates every process's cache. Row ``community_id = 0`` is the
global version, bumped by changes to records that do not carry a community.
"""

import functools
import re
import secrets
import threading

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import get_script_prefix, get_urlconf

GLOBAL = 0


class DataVersion(models.Model):
    community_id = models.PositiveBigIntegerField(primary_key=True)  # no FK: survives deletes
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"{self.community_id}: {self.version}"


def record_url(record, url_name):
    """The URL of a community record's page: ``url_name`` taking the community's slug and the
    record's pk (what every domain model's ``get_absolute_url`` answers).

    A list links every row, so the URL is not reversed per record: ``url_name`` is reversed once
    per process (and script prefix and URLconf) with marker values, and the record's slug and pk
    are put in their place. Anything the slug and int converters would not pass as they are goes
    through ``reverse()``.
    """
    return community_url(url_name, record.community.slug, record.pk)


def community_url(url_name, slug, pk):
    """``reverse(url_name, kwargs={"community": slug, "pk": pk})``, without a reverse() per call
    (see ``record_url``); ``{% record_url %}`` in templates."""
    from django.urls import reverse

    if type(pk) is int and _PLAIN_SLUG.fullmatch(slug):
        parts = _url_parts(url_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
        if parts is not None:
            return f"{parts[0]}{slug}{parts[1]}{pk}{parts[2]}"
    return reverse(url_name, kwargs={"community": slug, "pk": pk})


_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the slug converter matches, unquoted
_SLUG_MARKER, _PK_MARKER = "sc-slug-marker", 918273645546372819


@functools.lru_cache(maxsize=512)
def _url_parts(url_name, _prefix, _urlconf, _root_urlconf):
    """(before the slug, between slug and pk, after the pk) of ``url_name``'s URL, or None."""
    from django.urls import reverse

    url = reverse(url_name, kwargs={"community": _SLUG_MARKER, "pk": _PK_MARKER})
    head, slug, rest = url.partition(_SLUG_MARKER)
    middle, pk, tail = rest.partition(str(_PK_MARKER))
    if not slug or not pk or _SLUG_MARKER in tail or str(_PK_MARKER) in tail:
        return None
    return head, middle, tail


def bump(community_id):
    """Invalidate the cached summaries of one community (None or GLOBAL: of every community).

    The new version is random rather than the old one plus one, so a version written in a
    transaction that was then rolled back is never handed out again for other data.
    """
    community_id = GLOBAL if community_id is None else community_id
    _local.bumped = True
    version = secrets.randbits(62)
    if not DataVersion.objects.filter(pk=community_id).update(version=version):
        DataVersion.objects.bulk_create(
            [DataVersion(community_id=community_id, version=version)], ignore_conflicts=True
        )


_local = threading.local()


def version_annotations():
    """Annotations for a Community queryset that carry its versions (``current`` without a
    query of its own): ``resolve_community`` loads the request's community with them."""
    return {
        "data_version": Subquery(
            DataVersion.objects.filter(pk=OuterRef("pk")).values("version")[:1]
        ),
        "data_version_global": Subquery(
            DataVersion.objects.filter(pk=GLOBAL).values("version")[:1]
        ),
    }


def start_request(**kwargs):
    _local.bumped = False


def versions_of(community):
    """(global version, community version) of a community, from its annotations when it was
    loaded with ``version_annotations`` and nothing was changed since in this thread."""
    if hasattr(community, "data_version") and not getattr(_local, "bumped", True):
        return community.data_version_global or 0, community.data_version or 0
    return current(community.pk)


def current(community_id):
    """(global version, community version): one query."""
    found = dict(
        DataVersion.objects.filter(pk__in=[GLOBAL, community_id]).values_list(
            "community_id", "version"
        )
    )
    return found.get(GLOBAL, 0), found.get(community_id, 0)


class ClientSubmission(models.Model):
    """An entry form accepted from a device, by the id the device gave it (``client_id``).

    A phone that lost its signal resends what it kept in its outbox; a resend of an id already
    accepted for that user answers with the first record instead of storing a second one
    (``safecommunity.offline.OfflineCreateMixin``). Core names no domain app, so the record is
    a generic (content type, pk) pair plus its URL at the time (the record may be deleted later).
    """

    community = models.ForeignKey(
        settings.COMMUNITY_MODEL, on_delete=models.CASCADE, related_name="+", db_index=True
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=300)

    class Meta:
        verbose_name = "client submission"
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="client_submission_once")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.client_id} → {self.url}"
