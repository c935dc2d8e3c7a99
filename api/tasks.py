"""Celery tasks of the API: sending webhooks (a thin wrapper over ``api.webhooks.deliver``),
and the sweep that queues again the deliveries left pending while the broker was down."""

from celery import shared_task

from safecommunity.jobs import delivery_task_options

from .webhooks import MAX_ATTEMPTS, DeliveryFailed


@shared_task(name="api.deliver_webhook", **delivery_task_options(DeliveryFailed, MAX_ATTEMPTS))
def deliver_webhook(self, delivery_id):
    from . import webhooks

    webhooks.deliver(delivery_id, last_attempt=self.request.retries >= self.max_retries)


@shared_task(name="api.requeue_webhook_deliveries", ignore_result=True, time_limit=120)
def requeue_webhook_deliveries():
    """Beat, every few minutes: ``api.webhooks.requeue_pending``."""
    from . import webhooks

    return webhooks.requeue_pending()
