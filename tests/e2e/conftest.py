"""Browser tests: the fixtures live in tests/browser.py (loaded once for the whole run)."""

import pytest

from tests.browser import CHROMIUM, FLAGS, SCREENSHOTS  # noqa: F401 - re-exported for app tests


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
