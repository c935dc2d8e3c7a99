"""A Redis cache that degrades to "no cache" while Redis is unreachable, instead of failing pages.

Everything the platform keeps in the cache can be recomputed from the database, so a Redis outage
should cost speed, never availability. Django's ``RedisCache`` raises ``redis.ConnectionError`` out
of every ``cache.get()``; this backend turns that into a miss (reads) or a no-op (writes), logs a
warning at most once per ``RETRY_AFTER`` seconds, and for that long does not try Redis again, so
that pages do not each pay a connection timeout while it is down.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


def _down_errors():
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _Breaker:
    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0

    def open(self):
        return time.monotonic() < self.down_until

    def trip(self, exc):
        with self.lock:
            first = not self.open()
            self.down_until = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("Redis cache unreachable, serving without cache for now: %s", exc)


def _guarded(name, fallback):
    method = getattr(RedisCacheClient, name)

    def guarded(self, *args, **kwargs):
        if self.breaker.open():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except self.down_errors as exc:
            self.breaker.trip(exc)
            return fallback(*args, **kwargs)

    guarded.__name__ = name
    return guarded


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker = _Breaker()
        self.down_errors = _down_errors()

    get = _guarded("get", _default)
    set = _guarded("set", lambda *a, **k: None)
    add = _guarded("add", lambda *a, **k: False)
    touch = _guarded("touch", lambda *a, **k: False)
    delete = _guarded("delete", lambda *a, **k: False)
    has_key = _guarded("has_key", lambda *a, **k: False)
    get_many = _guarded("get_many", lambda *a, **k: {})
    set_many = _guarded("set_many", lambda *a, **k: [])
    delete_many = _guarded("delete_many", lambda *a, **k: None)
    clear = _guarded("clear", lambda *a, **k: False)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that survives a Redis outage."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
