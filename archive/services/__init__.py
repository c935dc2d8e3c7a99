"""Writes and workflows of the archive app.

Imports run one way: ``archive/tasks.py`` imports these services (inside each task), and a
service enqueues a task by its registered name through ``task()``, never by importing the tasks
module, so no import cycle joins them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import current_app
from django.conf import settings

if TYPE_CHECKING:
    from celery import Task

# Seconds: the dossier build task's hard limit (the service also uses it to find stale builds).
DOSSIER_TIME_LIMIT = getattr(settings, "DOSSIER_TIME_LIMIT", 15 * 60)


def task(name: str) -> Task:
    """The Celery task registered under ``name`` (Django imports every app's tasks.py when it
    starts); an unknown name raises ``celery.exceptions.NotRegistered``."""
    return current_app.tasks[name]
