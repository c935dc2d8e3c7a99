"""Celery tasks of the injuries app: thin wrappers over services."""

from celery import shared_task

from . import services


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
