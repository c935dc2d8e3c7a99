"""The production settings with a throwaway key: with DEBUG=0 they refuse to start without
SECRET_KEY, and the suite must run without one in the environment (a subprocess a test starts
inherits the same key)."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "tests-" + secrets.token_urlsafe(48))

from safecommunity.settings import *  # noqa: E402, F403

if not REDIS_URL:  # noqa: F405
    # One process: the "shared" cache (sessions, users, unread counts; files under var/ in
    # production without Redis) is the same memory as "default", so the suite's cache.clear()
    # between tests empties both and no file outlives a run.
    CACHES = {**CACHES, "shared": CACHES["default"]}  # noqa: F405
