"""What the navigation shows a signed-in user on every page, without a query per page view:
the unread notification count and the communities of the switcher.

Both live in the ``shared`` cache (every process sees a change at once) and are forgotten when
what they count changes, by the receivers below (connected when ``committee.models`` loads) and
by the code that changes rows with ``QuerySet.update()`` (``forget_unread``). Entries also expire
after ``SECONDS``, a bound on any change that slipped past both.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from safecommunity.auth import forget, shared_cache
from safecommunity.tenancy import user_communities

SECONDS = 600
COMMUNITIES_GENERATION = "communities-generation"


def unread_key(user_id):
    return f"unread:{user_id}"


def unread_count(user) -> int:
    """How many of the user's notifications are unread."""
    key = unread_key(user.pk)
    count = shared_cache().get(key)
    if count is None:
        count = user.notifications.filter(read_at__isnull=True).count()
        shared_cache().set(key, count, SECONDS)
    return count


def forget_unread(user_id) -> None:
    forget(unread_key(user_id))


def _communities_key(user_id, generation):
    return f"communities:{generation}:{user_id}"


def my_communities(user) -> list:
    """The communities the user may open (``user_communities``), names and slugs only.

    Keyed by user and by a generation that any change of a community, a region or a reviewer
    assignment renews (a rename, a new street in a reviewed county), and forgotten per user when
    one of their memberships changes.
    """
    cache = shared_cache()
    generation = cache.get(COMMUNITIES_GENERATION)
    if generation is None:
        generation = _new_generation()
    key = _communities_key(user.pk, generation)
    communities = cache.get(key)
    if communities is None:
        communities = list(user_communities(user).only("name", "slug"))
        cache.set(key, communities, SECONDS)
    return communities


def _new_generation():
    import secrets

    generation = secrets.token_hex(4)
    shared_cache().set(COMMUNITIES_GENERATION, generation, None)
    return generation


def forget_communities(user_id=None) -> None:
    """Forget one user's switcher, or (no user) everybody's."""
    if user_id is None:
        forget(COMMUNITIES_GENERATION)
        return
    generation = shared_cache().get(COMMUNITIES_GENERATION)
    if generation is not None:
        forget(_communities_key(user_id, generation))


@receiver([post_save, post_delete], sender="committee.Notification")
def _notification_changed(sender, instance, **kwargs):
    forget_unread(instance.user_id)


@receiver([post_save, post_delete], sender="committee.Membership")
def _membership_changed(sender, instance, **kwargs):
    forget_communities(instance.user_id)


@receiver([post_save, post_delete], sender="committee.User")
def _user_changed(sender, instance, **kwargs):
    forget_communities(instance.pk)  # a superuser opens every community


@receiver([post_save, post_delete], sender="committee.Community")
@receiver([post_save, post_delete], sender="committee.Region")
@receiver([post_save, post_delete], sender="committee.RegionReviewer")
def _scope_changed(sender, **kwargs):
    forget_communities()


@receiver(m2m_changed, sender="committee.RegionReviewer")
def _reviewers_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        forget_communities()
