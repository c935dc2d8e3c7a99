"""Celery tasks of the committee app: thin wrappers over ``committee.alerts.services``."""

from celery import shared_task
from django.db import OperationalError

from .alerts.services import MAX_ATTEMPTS, AlertRetry


@shared_task(
    bind=True,
    name="committee.deliver_alert",
    autoretry_for=(AlertRetry,),
    retry_backoff=10,  # 10 s, 20 s, 40 s, 80 s between the five attempts
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=MAX_ATTEMPTS - 1,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
)
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
