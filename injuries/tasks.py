"""Celery tasks of the injuries app: thin wrappers over services."""

from celery import shared_task

from committee.choices import AlertKind
from safecommunity.tasks import reminder

from . import services

# The daily beat (``safecommunity.tasks.daily_reminders``) calls this service.
reminder(
    "injuries.services.send_silent_unit_reminders",
    order=50,
    alerts={"injuries-silent-unit-": AlertKind.SILENT_UNIT},
)


@shared_task(
    name="injuries.tasks.silent_unit_reminders",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=240,
    time_limit=300,
)
def silent_unit_reminders():
    return services.send_silent_unit_reminders()
