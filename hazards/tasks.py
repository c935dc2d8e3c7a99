"""Celery tasks of the hazards app: thin wrappers over services.

The daily beat runs ``safecommunity.tasks.daily_reminders``, which calls
``hazards.services.send_overdue_reminders`` directly; this task lets an operator run the hazards
reminders alone. Notifications are deduplicated per item per day, so a retry sends nothing twice.
"""

from celery import shared_task
from django.db import OperationalError

from committee.choices import AlertKind
from safecommunity.tasks import reminder

from . import services

# The daily beat (``safecommunity.tasks.daily_reminders``) calls these services, in this order.
reminder(
    "hazards.services.send_overdue_reminders",
    order=10,
    alerts={
        "hz-danger-overdue-": AlertKind.OVERDUE_RECTIFICATION,
        "hz-action-overdue-": AlertKind.OVERDUE_RECTIFICATION,
        "hz-danger-reinspect-": AlertKind.REINSPECTION_DUE,
        "hz-place-overdue-": AlertKind.MISSED_INSPECTION,
    },
)
reminder(
    "hazards.services.run_escalation",
    order=20,
    alerts={
        "hz-danger-escalation-": AlertKind.ESCALATION,
        "hz-danger-supervision-overdue-": AlertKind.ESCALATION,
    },
)
# Scheduled inspections: generate the weeks ahead, mark the missed ones, tell the team.
reminder(
    "hazards.services.schedules.run_schedules",
    order=25,
    alerts={"hz-inspection-missed-": AlertKind.MISSED_INSPECTION},
)


@shared_task(
    name="hazards.send_overdue_reminders",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def send_overdue_reminders():
    return services.send_overdue_reminders()


@shared_task(
    name="hazards.run_escalation",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def run_escalation():
    """Escalate overdue and 重大 hidden dangers (idempotent: once per level, notify_once)."""
    return services.run_escalation()


@shared_task(
    name="hazards.run_schedules",
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def run_schedules():
    """Generate due inspections, mark the missed ones and remind (idempotent)."""
    from .services.schedules import run_schedules

    return run_schedules()
