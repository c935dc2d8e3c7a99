"""Alerts to 企业微信 / 钉钉 group robots and SMS (committee.alerts): a real HTTP server on
127.0.0.1 plays the robot endpoints and the SMS gateway, checks the 钉钉 signature itself, and
answers what each test scripts (500s, non-zero errcodes) so the retries are real."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from committee.alerts import services as alerts
from committee.alerts.models import AlertChannel, AlertDelivery, AlertDigest, AlertItem
from committee.choices import AlertFormat, AlertKind, AlertStatus, ChannelType
from committee.models import Notification
from committee.services import notify_once
from hazards import services as hazard_services
from hazards.choices import DangerGrade
from safecommunity.tasks import daily_reminders
from tests.emergency.factories import SupplyFactory
from tests.hazards.factories import HiddenDangerFactory

pytestmark = pytest.mark.django_db

WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN = "c0ffee0123456789abcdef"
DING_SECRET = "SEC1234567890abcdefsecret"
OK = (200, {"errcode": 0, "errmsg": "ok"})


class Robot:
    """One threading HTTP server playing 企业微信 (/cgi-bin/webhook/send?key=),
    钉钉 (/robot/send?access_token=&timestamp=&sign=) and a JSON SMS gateway (/sms).

    ``script[path]`` lists the (status, JSON body) answers to give in turn (then OK). The 钉钉
    endpoint verifies the signature against ``ding_secret`` as 钉钉 does and answers 310000
    when it does not match or the timestamp is more than an hour off."""

    def __init__(self):
        self.requests = []
        self.script = {"/cgi-bin/webhook/send": [], "/robot/send": [], "/sms": []}
        self.ding_secret = DING_SECRET
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server hook
                body = self.rfile.read(int(self.headers["Content-Length"]))
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                robot.requests.append(
                    {
                        "path": url.path,
                        "query": query,
                        "headers": dict(self.headers),
                        "json": json.loads(body),
                    }
                )
                status, answer = robot.answer(url.path, query)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, path, query):
        if path == "/robot/send" and "sign" in query:
            timestamp = query.get("timestamp", "0")
            expected = base64.b64encode(
                hmac.new(
                    self.ding_secret.encode(),
                    f"{timestamp}\n{self.ding_secret}".encode(),
                    hashlib.sha256,
                ).digest()
            ).decode()
            late = abs(int(timestamp) - timezone.now().timestamp() * 1000) > 3600 * 1000
            if query["sign"] != expected or late:
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
        queue = self.script.get(path, [])
        return queue.pop(0) if queue else OK

    def sent(self, path):
        return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot(settings):
    server = Robot()
    settings.ALERTS_WECOM_URL = f"{server.base}/cgi-bin/webhook/send"
    settings.ALERTS_DINGTALK_URL = f"{server.base}/robot/send"
    settings.ALERTS_SMS_BACKEND = "committee.alerts.sms.HttpJsonBackend"
    settings.ALERTS_SMS_URL = f"{server.base}/sms"
    settings.ALERTS_SMS_TOKEN = "gateway-token"
    settings.ALERTS_SMS_SIGN = "安全社区"
    yield server
    server.close()


@pytest.fixture
def eager_retries():
    """Celery runs an eager task's retries inline (countdowns skipped) when eager errors do not
    propagate; the suite propagates them, so these tests turn it off (as tests/api does)."""
    from safecommunity.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def wecom(community, **fields):
    return AlertChannel.objects.create(
        community=community,
        channel_type=ChannelType.WECOM,
        name=fields.pop("name", "安委办企业微信群"),
        key=fields.pop("key", WECOM_KEY),
        kinds=fields.pop("kinds", list(AlertKind.values)),
        **fields,
    )


def dingtalk(community, **fields):
    return AlertChannel.objects.create(
        community=community,
        channel_type=ChannelType.DINGTALK,
        name=fields.pop("name", "应急值班钉钉群"),
        key=DING_TOKEN,
        secret=fields.pop("secret", DING_SECRET),
        kinds=fields.pop("kinds", list(AlertKind.values)),
        **fields,
    )


def sms(community, **fields):
    return AlertChannel.objects.create(
        community=community,
        channel_type=ChannelType.SMS,
        name="主任手机",
        phones="13800000001\n13800000002",
        kinds=fields.pop("kinds", list(AlertKind.values)),
        **fields,
    )


def overdue(community, title, group=None, days=3):
    return HiddenDangerFactory(
        community=community,
        title=title,
        working_group=group,
        deadline=timezone.localdate() - datetime.timedelta(days=days),
    )


def run_reminders(capture):
    with capture(execute=True):
        daily_reminders.delay()


def site(path):
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


# Payloads --------------------------------------------------------------------------------------


def test_wecom_receives_the_exact_markdown_payload(cast, robot, django_capture_on_commit_callbacks):
    channel = wecom(cast.community)
    danger = overdue(cast.community, "疏散通道堵塞")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        notify_once(
            [cast.users["office"]],
            key=f"hz-danger-overdue-{danger.pk}",
            title="隐患整改逾期：疏散通道堵塞",
            url=danger.get_absolute_url(),
            community=cast.community,
        )
    [request] = robot.sent("/cgi-bin/webhook/send")
    assert request["query"] == {"key": WECOM_KEY}
    assert request["json"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "\n".join(
                [
                    "**【安全社区】隐患整改与措施逾期（1 项）**",
                    f"> 幸福街道 · {today:%Y-%m-%d}",
                    "",
                    f"- [隐患整改逾期：疏散通道堵塞]({site(danger.get_absolute_url())})",
                    "",
                    f"[打开平台查看]({site('/c/xingfu/hazards/dangers/')})",
                ]
            )
        },
    }
    delivery = AlertDelivery.objects.get()
    assert (delivery.channel, delivery.status, delivery.attempts) == (channel, "sent", 1)
    assert delivery.kind == AlertKind.OVERDUE_RECTIFICATION
    assert '"errcode": 0' in delivery.response


def test_wecom_text_format(cast, robot, django_capture_on_commit_callbacks):
    wecom(cast.community, message_format=AlertFormat.TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        notify_once(
            [cast.users["office"]],
            key="stale_project:7",
            title="项目已 40 天未更新进展：老年人防跌倒",
            url="/c/xingfu/projects/7/",
            community=cast.community,
        )
    [request] = robot.sent("/cgi-bin/webhook/send")
    assert request["json"] == {
        "msgtype": "text",
        "text": {
            "content": "\n".join(
                [
                    "【安全社区】项目长期未更新（1 项）",
                    f"幸福街道 · {timezone.localdate():%Y-%m-%d}",
                    f"· 项目已 40 天未更新进展：老年人防跌倒 {site('/c/xingfu/projects/7/')}",
                    f"打开平台查看：{site('/c/xingfu/projects/list/')}",
                ]
            )
        },
    }


def test_dingtalk_signed_markdown_is_verified_by_the_server(
    cast, robot, django_capture_on_commit_callbacks
):
    dingtalk(cast.community)
    with django_capture_on_commit_callbacks(execute=True):
        notify_once(
            [cast.users["office"]],
            key=f"emergency:plans_review:{cast.community.pk}",
            title="2 项应急预案已超过评审日期",
            url="/c/xingfu/emergency/plans/?review=overdue",
            community=cast.community,
        )
    [request] = robot.sent("/robot/send")
    assert set(request["query"]) == {"access_token", "timestamp", "sign"}
    assert request["query"]["access_token"] == DING_TOKEN
    heading = "【安全社区】应急预案到期评审（1 项）"
    assert request["json"] == {
        "msgtype": "markdown",
        "markdown": {
            "title": heading,
            "text": "\n".join(
                [
                    f"### {heading}",
                    "",
                    f"幸福街道 · {timezone.localdate():%Y-%m-%d}",
                    "",
                    "- [2 项应急预案已超过评审日期]"
                    f"({site('/c/xingfu/emergency/plans/?review=overdue')})",
                    "",
                    f"[打开平台查看]({site('/c/xingfu/emergency/plans/')})",
                ]
            ),
        },
    }
    assert AlertDelivery.objects.get().status == AlertStatus.SENT


def test_a_wrong_dingtalk_secret_fails_at_once_without_retrying(
    cast, robot, eager_retries, django_capture_on_commit_callbacks
):
    channel = dingtalk(cast.community, secret="SECnot-the-robots-secret")
    with django_capture_on_commit_callbacks(execute=True):
        delivery = alerts.send_test(channel)
    delivery.refresh_from_db()
    assert len(robot.sent("/robot/send")) == 1  # 310000 is not transient
    assert (delivery.status, delivery.attempts) == (AlertStatus.FAILED, 1)
    assert "310000" in delivery.response


def test_unsigned_dingtalk_robot_gets_only_the_token(
    cast, robot, django_capture_on_commit_callbacks
):
    channel = dingtalk(cast.community, secret="")
    with django_capture_on_commit_callbacks(execute=True):
        alerts.send_test(channel)
    [request] = robot.sent("/robot/send")
    assert request["query"] == {"access_token": DING_TOKEN}
    assert "安全社区" in request["json"]["markdown"]["text"]  # a 自定义关键词 robot accepts it


def test_sms_gateway_payload(cast, robot, django_capture_on_commit_callbacks):
    sms(cast.community)
    with django_capture_on_commit_callbacks(execute=True):
        notify_once(
            [cast.users["office"]],
            key="injuries-silent-unit-5",
            title="报告单位“社区卫生服务中心”已 30 天未报告伤害监测报告卡",
            url="/c/xingfu/injuries/units/5/",
            community=cast.community,
        )
    [request] = robot.sent("/sms")
    assert request["headers"]["Authorization"] == "Bearer gateway-token"
    assert request["json"] == {
        "phones": ["13800000001", "13800000002"],
        "content": "【安全社区】报告单位未报告（1 项） 幸福街道："
        "报告单位“社区卫生服务中心”已 30 天未报告伤害监测报告卡。"
        f"详见 {site('/c/xingfu/injuries/units/')}",
        "sign": "安全社区",
    }
    assert AlertDelivery.objects.get().status == AlertStatus.SENT


def test_locmem_sms_backend_keeps_the_message(cast, settings, django_capture_on_commit_callbacks):
    from committee.alerts import sms as sms_backends

    settings.ALERTS_SMS_BACKEND = "committee.alerts.sms.LocmemBackend"
    sms_backends.outbox.clear()
    channel = sms(cast.community)
    with django_capture_on_commit_callbacks(execute=True):
        alerts.send_test(channel)
    [message] = sms_backends.outbox
    assert message["phones"] == ["13800000001", "13800000002"]
    assert "测试消息" in message["content"]


# Retries ---------------------------------------------------------------------------------------


def test_a_500_and_a_busy_errcode_are_retried_until_delivered(
    cast, robot, eager_retries, django_capture_on_commit_callbacks
):
    channel = wecom(cast.community)
    robot.script["/cgi-bin/webhook/send"] = [
        (500, {"error": "bad gateway"}),
        (200, {"errcode": -1, "errmsg": "system busy"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        delivery = alerts.send_test(channel)
    delivery.refresh_from_db()
    requests = robot.sent("/cgi-bin/webhook/send")
    assert len(requests) == 3
    assert requests[0]["json"] == requests[1]["json"] == requests[2]["json"]
    assert (delivery.status, delivery.attempts) == (AlertStatus.SENT, 3)
    assert [a["ok"] for a in delivery.history] == [False, False, True]
    assert "500" in delivery.history[0]["response"]
    assert "system busy" in delivery.history[1]["response"]


def test_a_permanent_errcode_is_not_retried(
    cast, robot, eager_retries, django_capture_on_commit_callbacks
):
    channel = wecom(cast.community)
    robot.script["/cgi-bin/webhook/send"] = [
        (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    ]
    with django_capture_on_commit_callbacks(execute=True):
        delivery = alerts.send_test(channel)
    delivery.refresh_from_db()
    assert len(robot.sent("/cgi-bin/webhook/send")) == 1
    assert (delivery.status, delivery.attempts) == (AlertStatus.FAILED, 1)


def test_a_refused_connection_is_retried_then_recorded_failed(
    cast, settings, eager_retries, django_capture_on_commit_callbacks
):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ALERTS_WECOM_URL = f"http://127.0.0.1:{port}/cgi-bin/webhook/send"
    channel = wecom(cast.community)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = alerts.send_test(channel)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (AlertStatus.FAILED, alerts.MAX_ATTEMPTS)
    assert "Connection" in delivery.response or "refused" in delivery.response.lower()


def test_a_failing_robot_never_loses_the_in_app_notification(
    cast, robot, eager_retries, django_capture_on_commit_callbacks
):
    wecom(cast.community)
    robot.script["/cgi-bin/webhook/send"] = [(500, {})] * 10
    overdue(cast.community, "配电箱未上锁")
    run_reminders(django_capture_on_commit_callbacks)
    office = cast.users["office"]
    assert Notification.objects.filter(user=office, title__contains="配电箱未上锁").exists()
    failed = AlertDelivery.objects.filter(kind=AlertKind.OVERDUE_RECTIFICATION).get()
    assert (failed.status, failed.attempts) == (AlertStatus.FAILED, alerts.MAX_ATTEMPTS)


# One message per community and kind per day ----------------------------------------------------


def test_the_reminder_run_sends_one_message_per_community_and_kind(
    cast, robot, django_capture_on_commit_callbacks
):
    mine = wecom(cast.community)
    ding = dingtalk(cast.community, kinds=[AlertKind.OVERDUE_RECTIFICATION])
    theirs = wecom(cast.other, key="pingan-key-0000")
    overdue(cast.community, "疏散通道堵塞", group=cast.group)  # office + leader are notified
    overdue(cast.community, "消防栓无水", group=cast.group)
    overdue(cast.other, "河道护栏缺失")
    SupplyFactory(
        community=cast.community,
        name="救生衣",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )

    run_reminders(django_capture_on_commit_callbacks)

    deliveries = list(AlertDelivery.objects.order_by("channel_id", "kind"))
    by_channel = {}
    for d in deliveries:
        by_channel.setdefault(d.channel_id, []).append(d.kind)
    assert sorted(by_channel[mine.pk]) == sorted(
        [AlertKind.OVERDUE_RECTIFICATION, AlertKind.ESCALATION, AlertKind.SUPPLY_EXPIRING]
    )
    assert by_channel[ding.pk] == [AlertKind.OVERDUE_RECTIFICATION]
    assert sorted(by_channel[theirs.pk]) == sorted(
        [AlertKind.OVERDUE_RECTIFICATION, AlertKind.ESCALATION]
    )
    assert all(d.status == AlertStatus.SENT for d in deliveries)
    wecom_requests = robot.sent("/cgi-bin/webhook/send")
    assert len(wecom_requests) == 5 and len(robot.sent("/robot/send")) == 1
    [mine_overdue] = [
        r["json"]["markdown"]["content"]
        for r in wecom_requests
        if r["query"]["key"] == WECOM_KEY and "整改与措施逾期" in r["json"]["markdown"]["content"]
    ]
    assert "（2 项）" in mine_overdue
    assert "疏散通道堵塞" in mine_overdue and "消防栓无水" in mine_overdue
    assert "河道护栏缺失" not in mine_overdue  # the other community's danger

    # A second run the same day (a beat retry) sends nothing more.
    run_reminders(django_capture_on_commit_callbacks)
    assert len(robot.requests) == 6
    assert AlertDigest.objects.count() == 5


def test_items_raised_after_todays_message_wait_for_tomorrows(
    cast, robot, django_capture_on_commit_callbacks
):
    wecom(cast.community)
    overdue(cast.community, "疏散通道堵塞")
    run_reminders(django_capture_on_commit_callbacks)
    sent = len(robot.requests)
    with django_capture_on_commit_callbacks(execute=True):
        notify_once(
            [cast.users["office"]],
            key="hz-danger-overdue-999999",
            title="隐患整改逾期：后来的",
            community=cast.community,
        )
    assert len(robot.requests) == sent
    assert AlertItem.objects.filter(digest__isnull=True).count() == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        alerts.send_pending(today=tomorrow)
    assert "后来的" in robot.requests[-1]["json"]["markdown"]["content"]


def test_a_major_danger_reported_in_a_request_goes_out_on_commit(
    cast, robot, django_capture_on_commit_callbacks
):
    wecom(cast.community, kinds=[AlertKind.ESCALATION])
    with django_capture_on_commit_callbacks(execute=True):
        hazard_services.report_danger(
            community=cast.community,
            user=cast.users["office"],
            title="燃气管道锈蚀",
            grade=DangerGrade.MAJOR,
            safety_area="fire",
            description="地下燃气管道锈蚀严重",
            found_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    [request] = robot.sent("/cgi-bin/webhook/send")
    assert "燃气管道锈蚀" in request["json"]["markdown"]["content"]
    assert "隐患升级督办" in request["json"]["markdown"]["content"]


def test_no_channel_means_one_query_and_nothing_recorded(
    cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    wecom(cast.community, kinds=[AlertKind.STALE_PROJECT])  # does not take overdue dangers
    with django_assert_num_queries(1):
        kind = alerts.raised(community=cast.community, key="hz-danger-overdue-1", title="x")
    assert kind is None and not AlertItem.objects.exists()


def test_unknown_keys_and_plain_notifications_stay_in_app(cast, robot):
    wecom(cast.community)
    assert alerts.raised(community=cast.community, key="project_update", title="x") is None
    assert alerts.kind_for_key("hz-place-overdue-3") == AlertKind.MISSED_INSPECTION
    assert alerts.kind_for_key("hz-danger-escalation-3-2") == AlertKind.ESCALATION
    assert alerts.kind_for_key("emergency:supplies_expiry:1") == AlertKind.SUPPLY_EXPIRING


def test_a_long_summary_is_cut_to_ten_lines_and_the_robots_limit(cast):
    channel = wecom(cast.community)
    lines = [(f"隐患整改逾期：{'很长的标题' * 20}{n}", f"https://x/{n}") for n in range(40)]
    payload = alerts.compose(
        channel,
        heading="【安全社区】隐患整改与措施逾期（40 项）",
        lines=lines,
        page="https://x/",
        community=cast.community,
        day=timezone.localdate(),
    )
    content = payload["markdown"]["content"]
    assert content.count("\n- [") <= 10
    assert len(content.encode()) <= 4096


def test_markdown_in_a_title_cannot_forge_a_link(cast):
    channel = wecom(cast.community)
    payload = alerts.compose(
        channel,
        heading="h",
        lines=[("[点我](https://evil.example)", "https://x/1")],
        page="https://x/",
        community=cast.community,
        day=timezone.localdate(),
    )
    assert "](https://evil.example)" not in payload["markdown"]["content"]
