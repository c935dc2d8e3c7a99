"""Celery tasks of the committee app: thin wrappers over ``committee.alerts.services``."""

from celery import shared_task
from django.db import OperationalError

from safecommunity.jobs import delivery_task_options

from .alerts.services import MAX_ATTEMPTS, AlertRetry


@shared_task(name="committee.deliver_alert", **delivery_task_options(AlertRetry, MAX_ATTEMPTS))
def deliver_alert(self, delivery_id):
    """Send one robot / SMS message; the outcome of every attempt is on its delivery row."""
    from .alerts import services

    services.deliver(delivery_id, last_attempt=self.request.retries >= self.max_retries)


@shared_task(
    name="committee.send_pending_alerts",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
    soft_time_limit=120,
    time_limit=150,
)
def send_pending_alerts():
    """Summarise the pending alerts into today's message per community and kind."""
    from .alerts import services

    return len(services.send_pending())
