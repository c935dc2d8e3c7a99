"""Celery tasks of the API: sending webhooks (a thin wrapper over ``api.webhooks.deliver``),
and the sweep that queues again the deliveries left pending while the broker was down."""

from celery import shared_task

from .webhooks import MAX_ATTEMPTS, DeliveryFailed


@shared_task(
    bind=True,
    name="api.deliver_webhook",
    autoretry_for=(DeliveryFailed,),
    retry_backoff=10,  # 10 s, 20 s, 40 s, 80 s between the five attempts
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=MAX_ATTEMPTS - 1,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook(self, delivery_id):
    from . import webhooks

    webhooks.deliver(delivery_id, last_attempt=self.request.retries >= self.max_retries)


@shared_task(name="api.requeue_webhook_deliveries", ignore_result=True, time_limit=120)
def requeue_webhook_deliveries():
    """Beat, every few minutes: ``api.webhooks.requeue_pending``."""
    from . import webhooks

    return webhooks.requeue_pending()
