"""The production settings with a throwaway key: with DEBUG=0 they refuse to start without
SECRET_KEY, and the suite must run without one in the environment (a subprocess a test starts
inherits the same key)."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "tests-" + secrets.token_urlsafe(48))

from safecommunity.settings import *  # noqa: E402, F403
