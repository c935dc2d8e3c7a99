"""Celery tasks of the emergency app: thin wrappers over services.

The daily beat runs ``safecommunity.tasks.daily_reminders``, which calls
``emergency.services.send_emergency_reminders`` directly; this task lets an operator run the
emergency reminders alone. Reminders are deduplicated per user and kind per day, so a retry sends
nothing twice.
"""

from celery import shared_task
from django.db import OperationalError

from committee.choices import AlertKind
from safecommunity.tasks import reminder

from . import services

# The daily beat (``safecommunity.tasks.daily_reminders``) calls this service.
reminder(
    "emergency.services.send_emergency_reminders",
    order=40,
    alerts={
        "emergency:drills_due:": AlertKind.DRILL_DUE,
        "emergency:plans_review:": AlertKind.PLAN_REVIEW_DUE,
        "emergency:supplies_expiry:": AlertKind.SUPPLY_EXPIRING,
        "emergency:checks_overdue:": AlertKind.SUPPLY_EXPIRING,
    },
)


@shared_task(
    name="emergency.send_emergency_reminders",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def send_emergency_reminders():
    return services.send_emergency_reminders()
