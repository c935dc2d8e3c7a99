"""Outgoing webhooks: a county platform is told of the community's events by a signed POST.

Apps announce what happens (``safecommunity.events.announce``: a 重大隐患 reported upward, an
overdue rectification escalated, a batch of injury cards written); ``on_event``, connected when
the API app starts, builds the event's payload and calls ``emit(community, event, data)``. ``emit`` costs one query
when the community has no subscription to the event. Otherwise it records a ``WebhookDelivery``
per subscription in the caller's transaction and queues the sending once that transaction
commits (a rolled-back import tells nobody). ``api.tasks.deliver_webhook`` sends, and retries
with exponential backoff up to ``MAX_ATTEMPTS`` attempts; the outcome is on the delivery row,
which the office's subscription page lists.

The body: ``{"event", "community" (slug), "occurred_at" (ISO 8601), "data"}``. ``data`` holds
ids, codes, counts and dates only: never personal data. Headers: ``X-SafeCommunity-Event``,
``X-SafeCommunity-Delivery`` (the delivery id, the same on every attempt, for the receiver's
deduplication) and ``X-SafeCommunity-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed
with the subscription's secret>``.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.db import models, transaction
from django.utils import timezone

from .models import DeliveryStatus, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT = 5  # seconds per request
# A delivery never queued (broker down) is queued again by the sweep after a minute; one queued
# but still pending long after its retries would have ended (10 + 20 + 40 + 80 s of backoff and
# five attempts of at most TIMEOUT) lost its message (a broker restart) and is queued again.
REQUEUE_UNQUEUED_AFTER = datetime.timedelta(minutes=1)
REQUEUE_QUEUED_AFTER = datetime.timedelta(minutes=10)
SIGNATURE_HEADER = "X-SafeCommunity-Signature"
EVENT_HEADER = "X-SafeCommunity-Event"
DELIVERY_HEADER = "X-SafeCommunity-Delivery"


class DeliveryFailed(Exception):
    """An attempt failed and another one is due (the task retries on it)."""


def sign(secret, body):
    """The signature header's value for ``body`` (bytes)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload):
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def emit(community, event, data):
    """Record and queue ``event`` for the community's active subscriptions to it.

    Returns the deliveries created (none, after one query, without a subscriber)."""
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(community=community, is_active=True).only(
            "pk", "events"
        )
        if event in s.events
    ]
    if not subscriptions:
        return []
    payload = {
        "event": str(event),
        "community": community.slug,
        "occurred_at": timezone.now().isoformat(),
        "data": data,
    }
    payload = json.loads(encode(payload))  # dates and lazy strings as the body will carry them
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event=event, payload=payload) for s in subscriptions]
    )
    ids = [d.pk for d in deliveries] if deliveries[0].pk else None
    if ids is None:  # backends without RETURNING
        ids = list(
            WebhookDelivery.objects.filter(subscription__in=subscriptions, event=event)
            .order_by("-pk")
            .values_list("pk", flat=True)[: len(subscriptions)]
        )
    transaction.on_commit(lambda: _queue(ids))
    return deliveries


def _queue(ids):
    from celery import current_app
    from celery.exceptions import Retry

    from safecommunity import jobs

    # By its registered name: api/tasks.py imports this module, not the other way round.
    deliver_webhook = current_app.tasks["api.deliver_webhook"]

    queued = []
    for pk in ids:
        try:
            if jobs.enqueue(deliver_webhook, pk) is None:
                break  # broker down: logged; the rows stay pending, unqueued, for the sweep
        except Retry:
            # Eager mode (tests, CELERY_TASK_ALWAYS_EAGER): the retries ran inline and the
            # delivery row has the outcome; the request that emitted the event must not fail.
            pass
        queued.append(pk)
    WebhookDelivery.objects.filter(pk__in=queued).update(queued_at=timezone.now())
    return queued


def requeue_pending(now=None):
    """Queue again the deliveries left pending: never queued (the broker was down when the
    event happened) for ``REQUEUE_UNQUEUED_AFTER``, or queued ``REQUEUE_QUEUED_AFTER`` ago and
    still pending (the message was lost). Stops at the first publish that fails (the broker is
    still down; the next sweep tries again). Returns the ids queued.

    A delivery is sent at most ``MAX_ATTEMPTS`` times in all (``deliver`` counts on the row), and
    a receiver that got one twice tells by ``X-SafeCommunity-Delivery``."""
    now = now or timezone.now()
    due = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .filter(
            models.Q(queued_at__isnull=True, created__lt=now - REQUEUE_UNQUEUED_AFTER)
            | models.Q(queued_at__lt=now - REQUEUE_QUEUED_AFTER)
        )
        .order_by("created", "pk")
        .values_list("pk", flat=True)
    )
    return _queue(list(due))


def post(url, body, headers):
    """POST ``body``; (status code, error text). Any 2xx is success."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(exc).__name__}: {reason}"[:500]


def deliver(delivery_id, *, last_attempt=False):
    """One attempt at sending a delivery, recorded on it. Raises ``DeliveryFailed`` when it
    failed and ``last_attempt`` is false (the task then retries); on the last attempt the
    delivery is marked failed instead. A delivery already delivered is not sent again."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return delivery
    subscription = delivery.subscription
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "SafeCommunity-Webhook/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        SIGNATURE_HEADER: sign(subscription.secret, body),
    }
    code, error = post(subscription.url, body, headers)
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
    elif last_attempt or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    delivery.save(
        update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at"]
    )
    if delivery.status == DeliveryStatus.PENDING:
        logger.info("Webhook delivery %s failed (%s), retrying", delivery.pk, error)
        raise DeliveryFailed(error)
    return delivery


# What the events carry (no personal data) -------------------------------------------------------


def danger_payload(danger, **extra):
    """A hidden danger as ``GET /api/v1/hidden-dangers/{id}/`` returns it, and ``extra``."""
    from .serializers import HiddenDangerSerializer

    return {**HiddenDangerSerializer(danger).data, **extra}


def card_batch_payload(cards):
    """A batch of cards by the numbers: how many, their ids, dates of injury and units."""
    cards = [c for c in cards if c.pk]
    units = {}
    for card in cards:
        units[card.reporting_unit_id] = units.get(card.reporting_unit_id, 0) + 1
    injured = sorted(c.injury_at for c in cards if c.injury_at)
    return {
        "count": len(cards),
        "ids": [c.pk for c in cards],
        "injury_from": injured[0].isoformat() if injured else None,
        "injury_to": injured[-1].isoformat() if injured else None,
        "reporting_units": [
            {"id": unit, "count": count} for unit, count in sorted(units.items(), key=str)
        ],
    }


# The events apps announce (``safecommunity.events``), and how each becomes a payload.
PAYLOADS = {
    "hidden_danger.major": danger_payload,
    "rectification.overdue": danger_payload,
    "injury_cards.batch": card_batch_payload,
}


def on_event(sender, *, community, event, subject, extra, **kwargs):
    """Receiver of ``safecommunity.events.happened``: the event's webhooks."""
    emit(community, event, PAYLOADS[event](subject, **extra))
