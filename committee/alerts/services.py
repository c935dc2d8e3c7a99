"""Reminders to the office's group chats (企业微信 / 钉钉 robots) and phones (SMS).

How a reminder gets there:

1. A reminder service calls ``committee.services.notify_once`` (or ``notify``) as before. After
   the in-app notifications are written, ``notify`` calls ``raised()``: the notification's kind
   (the reminder's key) names an alert kind by its prefix (declared with the reminder,
   ``safecommunity.tasks.reminder(..., alerts=...)``); when one of the
   community's active channels takes that kind, an ``AlertItem`` is recorded in the caller's
   transaction (once per community, key and day). No channel: one query, nothing written.
2. The items are summarised, one message per community and kind per day, not one per user:
   - inside a Celery task (the daily reminders), when the task ends (``begin_batch`` /
     ``end_batch`` run on Celery's task_prerun / task_postrun signals, see committee.signals);
   - elsewhere (a request that reports a 重大隐患), once the transaction commits.
   ``send_pending()`` creates today's ``AlertDigest`` for each community and kind with pending
   items, claims them, and writes one ``AlertDelivery`` per channel. A kind already sent today
   keeps its new items for tomorrow's message.
3. ``committee.tasks.deliver_alert`` sends each delivery, retried with backoff on connection
   errors, HTTP 5xx and the robots' transient errcodes; every attempt is logged on the delivery.
   A failing channel never touches the in-app notifications, which were committed first.
"""

import datetime
import logging
import threading
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.tasks import alert_kind

from ..choices import AlertFormat, AlertKind, AlertStatus, ChannelType
from .models import AlertChannel, AlertDelivery, AlertDigest, AlertItem
from .transports import send as transport_send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_LINES = 10  # reminders listed in one message; the rest are counted
MAX_AGE_DAYS = 7  # items not sent within a week (no channel took them) are dropped
ROBOT_LIMIT = 3800  # bytes: 企业微信 markdown takes 4096, text 2048 (text is cut shorter)

# The page a message links to for the whole list (URL names taking the slug; none is imported).
KIND_PAGES = {
    AlertKind.OVERDUE_RECTIFICATION: "hazards:danger_list",
    AlertKind.REINSPECTION_DUE: "hazards:danger_list",
    AlertKind.ESCALATION: "hazards:danger_list",
    AlertKind.MISSED_INSPECTION: "hazards:monitoring",
    AlertKind.SILENT_UNIT: "injuries:unit_list",
    AlertKind.DRILL_DUE: "emergency:drill_list",
    AlertKind.PLAN_REVIEW_DUE: "emergency:plan_list",
    AlertKind.SUPPLY_EXPIRING: "emergency:supply_list",
    AlertKind.STALE_PROJECT: "projects:project_list",
}


class AlertRetry(Exception):
    """An attempt failed and another one is due (the task retries on it)."""


def kind_for_key(key):
    """The alert kind of a notification key: declared by the reminder that writes it
    (``reminder(..., alerts={prefix: kind})`` in the app's tasks.py)."""
    return alert_kind(key)


# Batches: one summary per task run ---------------------------------------------------------

_local = threading.local()


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def begin_batch():
    _stack().append(False)


def end_batch():
    """Close the innermost batch; the outermost one sends what its run raised."""
    stack = _stack()
    if not stack:
        return
    raised_any = stack.pop()
    if raised_any and stack:
        stack[-1] = True
    elif raised_any:
        send_pending()


@contextmanager
def batch():
    """Summarise the alerts raised inside the block once it ends (for callers outside Celery
    that raise many reminders, such as a management command)."""
    begin_batch()
    try:
        yield
    finally:
        end_batch()


# Recording -------------------------------------------------------------------------------------


def channels_for(community, kind):
    return [
        c
        for c in AlertChannel.objects.filter(community=community, is_active=True)
        if kind in c.kinds
    ]


def raised(*, community, key, title, body="", url=""):
    """Note a reminder for the community's channels. Returns the alert kind, or None when no
    channel takes it. Never raises: a robot must not break the reminder that called it."""
    kind = kind_for_key(key or "")
    if kind is None or community is None:
        return None
    try:
        if not channels_for(community, kind):
            return None
        AlertItem.objects.bulk_create(
            [
                AlertItem(
                    community=community,
                    kind=kind,
                    key=key[:100],
                    day=timezone.localdate(),
                    title=str(title)[:200],
                    body=str(body),
                    url=url[:300],
                )
            ],
            ignore_conflicts=True,
        )
    except Exception:  # noqa: BLE001
        logger.exception("Could not record the alert %s for community %s", key, community.pk)
        return None
    stack = _stack()
    if stack:
        stack[-1] = True
    else:
        transaction.on_commit(_queue_pending)
    return kind


def _queue_pending():
    from celery import current_app

    from . import enqueue

    # By its registered name: committee/tasks.py imports this module, not the other way round.
    enqueue(current_app.tasks["committee.send_pending_alerts"])


# Summaries -------------------------------------------------------------------------------------


def absolute(path):
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def kind_page(community, kind):
    try:
        return absolute(reverse(KIND_PAGES[kind], kwargs={"community": community.slug}))
    except (KeyError, NoReverseMatch):
        return absolute(community.get_absolute_url())


def compose(channel, *, heading, lines, page, community, day):
    """The payload for ``channel``: ``lines`` are (title, absolute url) pairs."""
    shown = lines[:MAX_LINES]
    more = len(lines) - len(shown)
    more_text = _("……另有 %(n)d 项") % {"n": more} if more else ""
    place = f"{community.name} · {day:%Y-%m-%d}"
    open_page = _("打开平台查看")
    if channel.channel_type == ChannelType.SMS:
        first = shown[0][0] if shown else ""
        content = _("%(heading)s %(community)s：%(first)s。详见 %(page)s") % {
            "community": community.name,
            "heading": heading,
            "first": first + (_("等") if len(lines) > 1 else ""),
            "page": page,
        }
        return {"phones": channel.phone_list, "content": content}
    if channel.channel_type == ChannelType.WECOM and channel.message_format == AlertFormat.TEXT:
        text = "\n".join(
            [heading, place, *[f"· {title} {url}" for title, url in shown]]
            + ([more_text] if more else [])
            + [f"{open_page}：{page}"]
        )
        return {"msgtype": "text", "text": {"content": _clip(text, 2000)}}
    markdown_lines = [
        f"- [{_md(title)}]({url})" if url else f"- {_md(title)}" for title, url in shown
    ]
    if more:
        markdown_lines.append(f"- {more_text}")
    if channel.channel_type == ChannelType.DINGTALK:
        text = "\n".join(
            [f"### {heading}", "", place, "", *markdown_lines, "", f"[{open_page}]({page})"]
        )
        return {"msgtype": "markdown", "markdown": {"title": heading, "text": _clip(text)}}
    content = "\n".join(
        [f"**{heading}**", f"> {place}", "", *markdown_lines, "", f"[{open_page}]({page})"]
    )
    return {"msgtype": "markdown", "markdown": {"content": _clip(content)}}


def _md(text):
    """Titles are the community's own text: keep them from opening markdown links."""
    return str(text).replace("[", "［").replace("]", "］").replace("\n", " ")


def _clip(text, limit=ROBOT_LIMIT):
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore") + "…"


def heading_for(kind, count):
    return _("【安全社区】%(kind)s（%(n)d 项）") % {"kind": AlertKind(kind).label, "n": count}


def send_pending(*, today=None):
    """Summarise every community's pending alerts into today's message per kind and queue the
    deliveries. Idempotent: a kind sent today is not sent again today. Returns the digests."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=MAX_AGE_DAYS)
    pairs = (
        AlertItem.objects.filter(digest__isnull=True, day__gte=since)
        .values_list("community_id", "kind")
        .distinct()
        .order_by("community_id", "kind")
    )
    digests = []
    for community_id, kind in list(pairs):
        digest = _summarise(community_id, kind, today, since)
        if digest is not None:
            digests.append(digest)
    requeue_stuck()
    return digests


@transaction.atomic
def _summarise(community_id, kind, today, since):
    # From the registry: committee/models.py imports this package's models.
    community = apps.get_model(settings.COMMUNITY_MODEL).objects.get(pk=community_id)
    channels = channels_for(community, kind)
    if not channels:
        return None
    digest, created = AlertDigest.objects.get_or_create(community=community, kind=kind, day=today)
    if not created:
        return None  # today's message went out; these wait for tomorrow's
    items = list(
        AlertItem.objects.select_for_update()
        .filter(community=community, kind=kind, digest__isnull=True, day__gte=since)
        .order_by("pk")
    )
    AlertItem.objects.filter(pk__in=[i.pk for i in items]).update(digest=digest)
    lines = [(item.title, absolute(item.url) if item.url else "") for item in items]
    heading = heading_for(kind, len(items))
    page = kind_page(community, kind)
    AlertDelivery.objects.bulk_create(
        [
            AlertDelivery(
                community=community,
                channel=channel,
                digest=digest,
                kind=kind,
                payload=compose(
                    channel,
                    heading=heading,
                    lines=lines,
                    page=page,
                    community=community,
                    day=today,
                ),
            )
            for channel in channels
        ]
    )
    ids = [d.pk for d in AlertDelivery.objects.filter(digest=digest).order_by("pk")]
    transaction.on_commit(lambda: _queue_deliveries(ids))
    return digest


def send_test(channel):
    """Queue a test message to the channel; returns its delivery (the outcome is on it)."""
    community = channel.community
    heading = _("【安全社区】测试消息")
    lines = [(_("收到这条消息，说明“%(name)s”的配置正确。") % {"name": channel.name}, "")]
    delivery = AlertDelivery.objects.create(
        community=community,
        channel=channel,
        is_test=True,
        payload=compose(
            channel,
            heading=heading,
            lines=lines,
            page=absolute(reverse("committee:alerts", kwargs={"community": community.slug})),
            community=community,
            day=timezone.localdate(),
        ),
    )
    transaction.on_commit(lambda: _queue_deliveries([delivery.pk]))
    return delivery


def _queue_deliveries(ids):
    from celery import current_app

    from . import enqueue

    deliver_alert = current_app.tasks["committee.deliver_alert"]
    for pk in ids:
        enqueue(deliver_alert, pk)


def requeue_stuck(older_than=datetime.timedelta(minutes=10)):
    """Queue again deliveries never attempted a while after they were written (the broker was
    down when they were queued)."""
    stuck = AlertDelivery.objects.filter(
        status=AlertStatus.PENDING, attempts=0, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    ids = list(stuck[:200])
    if ids:
        _queue_deliveries(ids)
    return ids


# Sending ---------------------------------------------------------------------------------------


def deliver(delivery_id, *, last_attempt=False):
    """One attempt at a delivery, recorded on it. Raises ``AlertRetry`` when it failed in a way
    that may pass and attempts remain; a delivery already sent or failed is left alone."""
    delivery = AlertDelivery.objects.select_related("channel").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != AlertStatus.PENDING:
        return delivery
    channel = delivery.channel
    if not channel.is_active:
        outcome_ok, response, transient = False, _("渠道已停用"), False
    else:
        try:
            outcome = transport_send(channel, delivery.payload)
        except Exception as exc:  # noqa: BLE001 - a broken backend is a failed attempt
            logger.exception("Alert delivery %s raised", delivery.pk)
            outcome_ok, response, transient = False, f"{type(exc).__name__}: {exc}"[:300], True
        else:
            outcome_ok, response, transient = outcome.ok, outcome.response, outcome.transient
    delivery.attempts += 1
    delivery.response = response[:500]
    delivery.history = [
        *delivery.history,
        {
            "at": timezone.now().isoformat(timespec="seconds"),
            "ok": outcome_ok,
            "response": response[:200],
        },
    ]
    if outcome_ok:
        delivery.status = AlertStatus.SENT
        delivery.sent_at = timezone.now()
    elif not transient or last_attempt or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = AlertStatus.FAILED
    delivery.save(update_fields=["attempts", "response", "history", "status", "sent_at"])
    if delivery.status == AlertStatus.PENDING:
        logger.info("Alert delivery %s failed (%s), retrying", delivery.pk, response)
        raise AlertRetry(response)
    return delivery


# The office's settings -------------------------------------------------------------------------


@transaction.atomic
def save_routes(community, selected):
    """Set which kinds each channel of the community takes. ``selected``: (channel pk, kind)."""
    wanted = {}
    for pk, kind in selected:
        if kind in AlertKind.values:
            wanted.setdefault(int(pk), []).append(kind)
    for channel in AlertChannel.objects.select_for_update().filter(community=community):
        kinds = [k for k in AlertKind.values if k in wanted.get(channel.pk, [])]
        if kinds != channel.kinds:
            channel.kinds = kinds
            channel.save(update_fields=["kinds"])
