"""Outgoing webhooks (api.webhooks): signed POSTs to a real HTTP server on 127.0.0.1, retried,
recorded; one query when nobody subscribes; the office's subscription page."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api import webhooks
from api.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription
from api.tasks import deliver_webhook
from committee.choices import Role
from hazards import services as hazard_services
from hazards.choices import DangerAction, DangerGrade
from injuries import services as injury_services
from tests.hazards.conftest import ordered
from tests.hazards.factories import HiddenDangerFactory
from tests.injuries.factories import InjuryCardFactory, ReportingUnitFactory
from tests.test_jobs import broker_down, reset_connections  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

SECRET = "s3cret-of-the-county"


class Receiver:
    """An HTTP server in a thread that records every request and answers with the next status
    of ``statuses`` (the last one repeated)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server hook
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": self.headers, "body": body})
                index = min(len(receiver.requests), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def start(statuses=(200,)):
        made.append(Receiver(statuses))
        return made[-1]

    yield start
    for r in made:
        r.close()


@pytest.fixture
def eager_retries():
    """Celery runs an eager task's retries inline, one after the other (countdowns skipped),
    when eager errors do not propagate; the suite propagates them, so these tests turn it off."""
    from safecommunity.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def subscribe(community, url, events=None, **fields):
    return WebhookSubscription.objects.create(
        community=community,
        name="区县双重预防平台",
        url=url,
        secret=SECRET,
        events=events or [e for e, _label in WebhookEvent.choices],
        **fields,
    )


def major(cast, community=None):
    return hazard_services.report_danger(
        community=community or cast.community,
        user=cast.users["office"],
        title="燃气管道锈蚀",
        grade=DangerGrade.MAJOR,
        safety_area="fire",
        description="地下燃气管道锈蚀严重",
        found_on=datetime.date.today() - datetime.timedelta(days=2),
    )


def test_a_major_danger_is_posted_signed_with_exactly_the_documented_body(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        danger = major(cast)
    assert len(county.requests) == 1
    request = county.requests[0]
    body, headers = request["body"], request["headers"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-SafeCommunity-Signature"] == expected
    assert headers["X-SafeCommunity-Event"] == "hidden_danger.major"
    delivery = WebhookDelivery.objects.get()
    assert headers["X-SafeCommunity-Delivery"] == str(delivery.pk)
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert set(payload) == {"event", "community", "occurred_at", "data"}
    assert payload["event"] == "hidden_danger.major"
    assert payload["community"] == "xingfu"
    assert datetime.datetime.fromisoformat(payload["occurred_at"]).tzinfo is not None
    data = payload["data"]
    assert data["id"] == danger.pk
    assert data["title"] == "燃气管道锈蚀"
    assert data["grade"] == DangerGrade.MAJOR
    assert "recorded_by" not in data and "responsible_person" not in data
    assert "office" not in body.decode()  # no user name travels
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )
    assert delivery.delivered_at is not None
    assert delivery.payload == payload


def test_a_wrong_secret_does_not_verify(cast, receiver, django_capture_on_commit_callbacks):
    county = receiver()
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast)
    body = county.requests[0]["body"]
    assert county.requests[0]["headers"]["X-SafeCommunity-Signature"] != webhooks.sign(
        "another", body
    )


def test_a_500_is_retried_until_it_succeeds_with_the_same_delivery_id(
    cast, receiver, eager_retries, django_capture_on_commit_callbacks
):
    county = receiver(statuses=[500, 500, 200])
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast)
    assert len(county.requests) == 3
    ids = {r["headers"]["X-SafeCommunity-Delivery"] for r in county.requests}
    assert len(ids) == 1
    assert len({r["body"] for r in county.requests}) == 1  # the same body, the same signature
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        3,
        200,
    )
    assert delivery.last_error == ""


def test_a_delivery_failing_five_times_is_recorded_failed(
    cast, receiver, eager_retries, django_capture_on_commit_callbacks
):
    county = receiver(statuses=[503])
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast)  # the page's request must not fail because the receiver does
    assert len(county.requests) == webhooks.MAX_ATTEMPTS == 5
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.FAILED,
        5,
        503,
    )
    assert "503" in delivery.last_error
    deliver_webhook.delay(delivery.pk)  # a failed delivery sent again by hand
    assert len(county.requests) == 6


def test_an_unreachable_receiver_is_recorded_with_its_error(cast, receiver):
    county = receiver()
    url = county.url
    county.close()  # nothing listens there any more
    subscription = subscribe(cast.community, url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="hidden_danger.major", payload={"event": "x"}
    )
    with pytest.raises(webhooks.DeliveryFailed):
        webhooks.deliver(delivery.pk)
    webhooks.deliver(delivery.pk, last_attempt=True)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.FAILED,
        2,
        None,
    )
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_the_backoff_is_exponential_over_five_attempts():
    assert deliver_webhook.max_retries == 4
    assert deliver_webhook.autoretry_for == (webhooks.DeliveryFailed,)
    assert deliver_webhook.retry_backoff == 10 and deliver_webhook.retry_jitter is False


def test_another_communitys_event_is_not_sent(cast, receiver, django_capture_on_commit_callbacks):
    county = receiver()
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast, community=cast.other)
    assert county.requests == []
    assert not WebhookDelivery.objects.exists()


def test_only_the_subscribed_events_and_active_subscriptions_are_sent(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url, events=["injury_cards.batch"])
    subscribe(cast.community, county.url, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast)
    assert county.requests == []


def test_emit_costs_one_query_without_a_subscriber(cast):
    with CaptureQueriesContext(connection) as queries:
        assert webhooks.emit(cast.community, "hidden_danger.major", {"id": 1}) == []
    assert len(queries) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        webhooks.emit(cast.community, "hidden_danger.major", {"id": 1})
    assert len(callbacks) == 1  # queued on commit, not before
    assert county.requests == []


def test_an_overdue_rectification_is_posted_when_escalated(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url, events=["rectification.overdue"])
    deadline = datetime.date(2026, 3, 2)
    danger = HiddenDangerFactory(
        community=cast.community, found_on=deadline - datetime.timedelta(days=10)
    )
    ordered(danger, deadline=deadline)
    with django_capture_on_commit_callbacks(execute=True):
        hazard_services.run_escalation(today=deadline + datetime.timedelta(days=1))
        hazard_services.run_escalation(today=deadline + datetime.timedelta(days=2))  # no step due
    assert len(county.requests) == 1
    payload = json.loads(county.requests[0]["body"])
    assert payload["event"] == "rectification.overdue"
    assert payload["data"]["id"] == danger.pk
    assert payload["data"]["overdue_days"] == 1
    assert payload["data"]["deadline"] == "2026-03-02"


def test_an_overdue_major_danger_is_posted_once_and_left_in_its_history(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url, events=["rectification.overdue"])
    deadline = datetime.date(2026, 3, 2)
    danger = HiddenDangerFactory(
        community=cast.community,
        grade=DangerGrade.MAJOR,
        found_on=deadline - datetime.timedelta(days=10),
    )
    ordered(danger, deadline=deadline)
    with django_capture_on_commit_callbacks(execute=True):
        hazard_services.run_escalation(today=deadline)  # due today: not overdue yet
        assert county.requests == []
        hazard_services.run_escalation(today=deadline + datetime.timedelta(days=3))
        hazard_services.run_escalation(today=deadline + datetime.timedelta(days=4))  # once only
    assert len(county.requests) == 1
    payload = json.loads(county.requests[0]["body"])
    assert payload["event"] == "rectification.overdue"
    assert payload["data"]["id"] == danger.pk
    assert payload["data"]["overdue_days"] == 3
    actions = list(danger.events.values_list("action", flat=True))
    assert actions.count(DangerAction.MAJOR_OVERDUE) == 1


def test_a_batch_of_cards_is_posted_by_the_numbers_without_personal_data(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver()
    subscribe(cast.community, county.url, events=["injury_cards.batch"])
    unit = ReportingUnitFactory(community=cast.community)
    cards = [
        InjuryCardFactory.build(community=cast.community, reporting_unit=unit, name="王秀英")
        for _ in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        created = injury_services.bulk_create_cards(cast.community, cards)
    assert len(county.requests) == 1
    body = county.requests[0]["body"].decode()
    assert "王秀英" not in body
    data = json.loads(body)["data"]
    assert data["count"] == 3
    assert data["ids"] == [c.pk for c in created]
    assert data["reporting_units"] == [{"id": unit.pk, "count": 3}]


def test_a_batch_through_the_api_is_posted(
    cast, tokens, receiver, django_capture_on_commit_callbacks
):
    from .conftest import card

    county = receiver()
    subscribe(cast.community, county.url, events=["injury_cards.batch"])
    with django_capture_on_commit_callbacks(execute=True):
        response = tokens.client("hospital").post(
            "/api/v1/injury-cards/bulk/",
            {"cards": [card(card_no="W1"), card(card_no="W2")]},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert [json.loads(r["body"])["data"]["count"] for r in county.requests] == [2]


# The office's page ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.OFFICE])
def test_only_the_office_opens_the_webhook_page(cast, role):
    url = reverse("api:webhook_list", kwargs={"community": cast.community.slug})
    assert cast.client_for(role).get(url).status_code == 403


def test_another_communitys_office_cannot_open_or_toggle(cast):
    subscription = subscribe(cast.community, "https://county.example/hook")
    client = cast.client_for("outsider")
    assert client.get(reverse("api:webhook_list", args=[cast.community.slug])).status_code in (
        403,
        404,
    )
    toggle = reverse("api:webhook_toggle", args=[cast.other.slug, subscription.pk])
    assert client.post(toggle).status_code == 404
    subscription.refresh_from_db()
    assert subscription.is_active


def test_the_office_subscribes_sees_the_secret_once_and_the_deliveries(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("api:webhook_list", args=[cast.community.slug])
    response = client.post(
        url,
        {
            "name": "区县平台",
            "url": "https://county.example/hook",
            "events": ["hidden_danger.major", "rectification.overdue"],
        },
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.community == cast.community
    assert subscription.created_by == cast.users[Role.OFFICE]
    assert subscription.events == ["hidden_danger.major", "rectification.overdue"]
    assert len(subscription.secret) >= 32
    assert subscription.secret in response.content.decode()
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="hidden_danger.major",
        payload={},
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_status_code=502,
        last_error="HTTP 502 Bad Gateway",
    )
    page = client.get(url).content.decode()
    assert subscription.secret not in page  # shown once
    assert "HTTP 502 Bad Gateway" in page and "失败" in page and "新的重大隐患" in page
    toggle = reverse("api:webhook_toggle", args=[cast.community.slug, subscription.pk])
    assert client.post(toggle).status_code == 302
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_a_subscription_needs_an_http_url_and_an_event(cast):
    client = cast.client_for(Role.OFFICE)
    url = reverse("api:webhook_list", args=[cast.community.slug])
    response = client.post(url, {"name": "x", "url": "ftp://county.example/", "events": []})
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()


def test_with_eager_errors_propagating_the_emitting_request_still_succeeds(
    cast, receiver, django_capture_on_commit_callbacks
):
    county = receiver(statuses=[500])
    subscribe(cast.community, county.url)
    with django_capture_on_commit_callbacks(execute=True):
        major(cast)  # the first attempt's Retry is not raised into the caller
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)


# Deliveries left pending while the broker was down -------------------------------------------


def _emit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(cast.community, WebhookEvent.CARD_BATCH, {"count": 1})
    delivery.refresh_from_db()
    return delivery


def broker_back():
    """Undo ``broker_down`` within the test: eager again, as the rest of the suite."""
    from django.conf import settings

    from safecommunity.celery import app

    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    reset_connections()


@pytest.mark.usefixtures("broker_down")
def test_a_delivery_queued_while_the_broker_was_down_is_sent_by_the_sweep(
    cast, receiver, django_capture_on_commit_callbacks
):
    hook = receiver()
    subscribe(cast.community, hook.url)
    delivery = _emit(cast, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.queued_at, hook.requests) == ("pending", None, [])
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert webhooks.requeue_pending(now=later) == []  # still down: nothing changes
    delivery.refresh_from_db()
    assert delivery.queued_at is None
    broker_back()
    assert webhooks.requeue_pending(now=timezone.now()) == []  # not a minute old yet
    assert webhooks.requeue_pending(now=later) == [delivery.pk]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(hook.requests)) == ("delivered", 1, 1)
    assert delivery.queued_at is not None
    assert webhooks.requeue_pending(now=later) == []  # delivered: never again


def test_a_delivery_whose_message_was_lost_is_queued_again_after_ten_minutes(
    cast, receiver, django_capture_on_commit_callbacks
):
    hook = receiver()
    subscribe(cast.community, hook.url)
    delivery = _emit(cast, django_capture_on_commit_callbacks)
    assert delivery.status == "delivered" and delivery.queued_at is not None
    # As if the worker never got the message: pending, queued a while ago.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending", attempts=0)
    soon = delivery.queued_at + datetime.timedelta(minutes=5)
    assert webhooks.requeue_pending(now=soon) == []  # its retries may still be running
    late = delivery.queued_at + datetime.timedelta(minutes=11)
    assert webhooks.requeue_pending(now=late) == [delivery.pk]
    assert len(hook.requests) == 2
    assert {r["headers"]["X-SafeCommunity-Delivery"] for r in hook.requests} == {str(delivery.pk)}


def test_the_sweep_is_a_celery_task(cast):
    from api.tasks import requeue_webhook_deliveries

    assert requeue_webhook_deliveries.name == "api.requeue_webhook_deliveries"
    assert requeue_webhook_deliveries.apply().get() == []
