"""The Celery app. Broker and schedule come from settings (CELERY_* names: CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")

app = Celery("safecommunity")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="safecommunity.ping")
def ping(value="pong"):
    """A no-op round trip, used by the health check and the real-worker test."""
    return value
