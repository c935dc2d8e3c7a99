"""The Celery app. Broker and schedule come from settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")

app = Celery("safecommunity")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Daily reminders in the early morning, reports after each period closes.
app.conf.beat_schedule = {
    "daily-reminders": {
        "task": "safecommunity.tasks.daily_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "requeue-pending-jobs": {
        "task": "archive.tasks.requeue_pending",
        "schedule": 60.0,
    },
    "monthly-reports": {
        "task": "archive.tasks.periodic_reports",
        "schedule": crontab(hour=2, minute=0, day_of_month=1),
    },
}


@app.task(name="safecommunity.ping")
def ping(value="pong"):
    """A no-op round trip, used by the health check and the real-worker test."""
    return value
