from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(autouse=True, scope="session")
def _celery_result_folder():
    """Eager tasks still store their result; the embedded file:// backend needs its folder
    (scripts/run.sh creates it for `make run`; a fresh checkout has none)."""
    backend = settings.CELERY_RESULT_BACKEND
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
