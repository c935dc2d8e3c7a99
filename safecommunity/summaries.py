"""Per-community computed summaries, cached under the community's data version.

A summary counted over all of a community's records (the home page's element statuses, the
monitoring of key places, ...) is computed once and then served from the cache until any record of
the community changes: every save or delete bumps the community's data version
(``safecommunity.models``, ``safecommunity.signals``), which is part of the key. The day and the
language are part of the key too, as summaries speak of "overdue" and are worded.
"""

from django.core.cache import cache
from django.utils import timezone, translation

from .models import versions_of

# At most this long even without a change: a safety net only.
TIMEOUT = 15 * 60


def cached(community, name, compute, timeout=TIMEOUT):
    """compute() for the community, from the cache while its data are unchanged."""
    version, community_version = versions_of(community)
    day = timezone.localdate().isoformat()
    language = translation.get_language() or ""
    key = f"summary:{name}:{community.pk}:{version}:{community_version}:{day}:{language}"
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, timeout)
    return result
