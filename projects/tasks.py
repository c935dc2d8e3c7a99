"""Celery tasks of the projects app: thin wrappers over services."""

from celery import shared_task

from committee.choices import AlertKind
from safecommunity.tasks import reminder

from . import services

# The daily beat (``safecommunity.tasks.daily_reminders``) calls this service.
reminder(
    "projects.services.send_stale_project_reminders",
    order=30,
    alerts={"stale_project:": AlertKind.STALE_PROJECT},
)


@shared_task(
    name="projects.tasks.send_stale_project_reminders",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=300,
)
def send_stale_project_reminders():
    return services.send_stale_project_reminders()
