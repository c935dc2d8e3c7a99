"""The signed-in user without a query on every page view.

``CachedModelBackend`` is Django's ``ModelBackend`` whose ``get_user`` (called by
``AuthenticationMiddleware`` on each request) reads the user from the ``shared`` cache, the one
every web and worker process sees (settings.CACHES). Each save or delete of a user forgets the
entry, at once and again after the commit (so a request that read the old row during the
transaction cannot leave it cached). Code that changes users with ``QuerySet.update()`` sends no
signal and calls ``forget_user``; entries also expire after ``USER_CACHE_SECONDS``.

What the cached copy decides is re-checked on every request as before: ``is_active``
(``user_can_authenticate``) here, the session's password hash by ``django.contrib.auth.get_user``.
Permissions are not cached with it (each request's user object starts without them).
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

USER_CACHE_SECONDS = 300


def shared_cache():
    """The cache every process sees (Redis, or files under var/cache/ without it)."""
    return caches["shared"]


def forget(*keys):
    """Delete shared cache entries now and once more after the current transaction commits."""
    keys = [key for key in keys if key]
    if not keys:
        return
    shared_cache().delete_many(keys)
    transaction.on_commit(lambda: shared_cache().delete_many(keys))


def user_key(user_id):
    return f"user:{user_id}"


def forget_user(user_id):
    forget(user_key(user_id))


class CachedModelBackend(ModelBackend):
    """``ModelBackend`` with the user row kept in the shared cache between requests."""

    def get_user(self, user_id):
        key = user_key(user_id)
        user = shared_cache().get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            shared_cache().set(key, user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


def _forget_saved_user(sender, instance, **kwargs):
    forget_user(instance.pk)


def connect():
    """Called once from ``SafecommunityConfig.ready``."""
    for signal in (post_save, post_delete):
        signal.connect(
            _forget_saved_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="forget-user"
        )
