"""The office's alert settings page (committee:alerts): who may open and change it, channels of
another community out of sight, write-only keys, the kind × channel matrix, the test button,
the delivery log, and a query count that does not grow with channels or deliveries."""

import pytest
from django.urls import reverse

from committee.alerts.models import AlertChannel, AlertDelivery
from committee.choices import AlertKind, AlertStatus, ChannelType, Role

from .test_alerts import WECOM_KEY, Robot, dingtalk, wecom

pytestmark = pytest.mark.django_db

WHO = [*[r.value for r in Role], "outsider", "county_reviewer", "region_outsider"]

# (URL name, takes a channel pk, method): the office of the community only.
ALERT_PAGES = [
    ("committee:alerts", False, "get"),
    ("committee:alerts", False, "post"),
    ("committee:alert_channel_create", False, "post"),
    ("committee:alert_channel_update", True, "get"),
    ("committee:alert_channel_update", True, "post"),
    ("committee:alert_channel_toggle", True, "post"),
    ("committee:alert_channel_test", True, "post"),
    ("committee:alert_channel_delete", True, "post"),
]
ALERT_URL_NAMES = {name for name, _pk, _method in ALERT_PAGES}


@pytest.fixture
def robot(settings):
    server = Robot()
    settings.ALERTS_WECOM_URL = f"{server.base}/cgi-bin/webhook/send"
    settings.ALERTS_DINGTALK_URL = f"{server.base}/robot/send"
    yield server
    server.close()


def url(name, community, channel=None):
    kwargs = {"community": community.slug}
    if channel is not None:
        kwargs["pk"] = channel.pk
    return reverse(name, kwargs=kwargs)


def expected(who, method):
    if who in ("outsider", "region_outsider"):
        return 404  # not a member: the community is not confirmed to exist
    if who != Role.OFFICE:
        return 403
    return 302 if method == "post" else 200


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "takes_pk", "method"), ALERT_PAGES)
def test_only_the_office_of_the_community_may_open_or_change_it(
    cast, robot, django_capture_on_commit_callbacks, who, name, takes_pk, method
):
    channel = wecom(cast.community)
    client = cast.client_for(who)
    target = url(name, cast.community, channel if takes_pk else None)
    with django_capture_on_commit_callbacks(execute=True):
        if method == "post":
            data = {"channel_type": "wecom", "name": "新群", "key": "k" * 20}
            response = client.post(target, data)
        else:
            response = client.get(target)
    assert response.status_code == expected(who, method), f"{who} {method} {target}"
    if who != Role.OFFICE:
        channel.refresh_from_db()  # still there, unchanged
        assert channel.is_active and channel.name == "安委办企业微信群"
        assert not robot.requests


@pytest.mark.parametrize(("name", "takes_pk", "method"), [p for p in ALERT_PAGES if p[1]])
def test_another_communitys_channel_answers_404(cast, robot, name, takes_pk, method):
    theirs = wecom(cast.other, name="平安镇工作群")
    client = cast.client_for(Role.OFFICE)
    target = url(name, cast.community, theirs)
    response = client.post(target, {}) if method == "post" else client.get(target)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and not robot.requests


def test_the_page_lists_only_this_communitys_channels_and_deliveries(cast):
    wecom(cast.community)
    theirs = wecom(cast.other, name="平安镇工作群")
    AlertDelivery.objects.create(
        community=cast.other, channel=theirs, kind=AlertKind.ESCALATION, response="平安镇的响应"
    )
    page = cast.client_for(Role.OFFICE).get(url("committee:alerts", cast.community)).text
    assert "安委办企业微信群" in page
    assert "平安镇工作群" not in page and "平安镇的响应" not in page


def test_menu_entry_only_for_the_office(cast):
    entry = url("committee:alerts", cast.community)
    home = url("committee:profile", cast.community)
    assert entry in cast.client_for(Role.OFFICE).get(home).text
    for role in (Role.MEMBER, Role.LEADER, Role.REVIEWER):
        assert entry not in cast.client_for(role).get(home).text


def test_a_pasted_webhook_address_keeps_only_the_key_and_never_shows_it(cast):
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:alert_channel_create", cast.community),
        {
            "channel_type": ChannelType.WECOM,
            "name": "安委办企业微信群",
            "key": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}",
            "message_format": "markdown",
        },
        follow=True,
    )
    channel = AlertChannel.objects.get(community=cast.community)
    assert channel.key == WECOM_KEY
    assert channel.kinds == list(AlertKind.values)
    assert WECOM_KEY not in response.text and "••••5aaa" in response.text
    edit = client.get(url("committee:alert_channel_update", cast.community, channel)).text
    assert WECOM_KEY not in edit and "••••5aaa" in edit


def test_an_edit_with_blank_key_and_secret_keeps_them(cast):
    channel = dingtalk(cast.community)
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        url("committee:alert_channel_update", cast.community, channel),
        {"name": "值班群（改名）", "key": "", "secret": "", "message_format": "markdown"},
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "值班群（改名）"
    assert (channel.key, channel.secret) == ("c0ffee0123456789abcdef", "SEC1234567890abcdefsecret")
    assert channel.channel_type == ChannelType.DINGTALK  # the type cannot be changed
    client.post(
        url("committee:alert_channel_update", cast.community, channel),
        {
            "name": "值班群",
            "key": "https://oapi.dingtalk.com/robot/send?access_token=newtoken123",
            "secret": "SECnew",
            "message_format": "markdown",
        },
    )
    channel.refresh_from_db()
    assert (channel.key, channel.secret) == ("newtoken123", "SECnew")


def test_robot_needs_a_key_and_sms_needs_valid_phones(cast):
    client = cast.client_for(Role.OFFICE)
    create = url("committee:alert_channel_create", cast.community)
    response = client.post(create, {"channel_type": ChannelType.WECOM, "name": "群"})
    assert response.status_code == 200 and "请填写机器人的 webhook 地址或密钥" in response.text
    response = client.post(
        create, {"channel_type": ChannelType.SMS, "name": "短信", "phones": "13800000001，12345"}
    )
    assert response.status_code == 200 and "手机号格式不正确：12345" in response.text
    response = client.post(
        create,
        {"channel_type": ChannelType.SMS, "name": "短信", "phones": "13800000001，13900000002"},
    )
    assert response.status_code == 302
    assert AlertChannel.objects.get().phone_list == ["13800000001", "13900000002"]


def test_the_matrix_sets_each_channels_kinds_and_ignores_foreign_channels(cast):
    first = wecom(cast.community)
    second = dingtalk(cast.community)
    theirs = wecom(cast.other, name="平安镇工作群")
    response = cast.client_for(Role.OFFICE).post(
        url("committee:alerts", cast.community),
        {
            "route": [
                f"{first.pk}:{AlertKind.OVERDUE_RECTIFICATION}",
                f"{first.pk}:{AlertKind.SILENT_UNIT}",
                f"{second.pk}:{AlertKind.ESCALATION}",
                f"{second.pk}:not-a-kind",
                f"{theirs.pk}:{AlertKind.DRILL_DUE}",
            ]
        },
    )
    assert response.status_code == 302
    for channel in (first, second, theirs):
        channel.refresh_from_db()
    assert first.kinds == [AlertKind.OVERDUE_RECTIFICATION, AlertKind.SILENT_UNIT]
    assert second.kinds == [AlertKind.ESCALATION]
    assert theirs.kinds == list(AlertKind.values)  # untouched


def test_the_test_button_sends_and_logs_the_attempt(
    cast, robot, django_capture_on_commit_callbacks
):
    channel = wecom(cast.community)
    client = cast.client_for(Role.OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("committee:alert_channel_test", cast.community, channel), follow=True
        )
    [request] = robot.requests
    assert "测试消息" in request["json"]["markdown"]["content"]
    # The test transaction runs on_commit after the view answered: the page says "queued"
    # (a request in autocommit mode with an eager Celery already knows the outcome).
    assert "测试消息已排队发送" in response.text
    delivery = AlertDelivery.objects.get()
    assert (delivery.is_test, delivery.status, delivery.attempts) == (True, AlertStatus.SENT, 1)
    page = client.get(url("committee:alerts", cast.community)).text
    assert "已送达" in page and "errcode" in page


def test_a_disabled_channel_is_not_sent_to(cast, robot, django_capture_on_commit_callbacks):
    channel = wecom(cast.community)
    client = cast.client_for(Role.OFFICE)
    client.post(url("committee:alert_channel_toggle", cast.community, channel))
    channel.refresh_from_db()
    assert not channel.is_active
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("committee:alert_channel_test", cast.community, channel))
    assert not robot.requests
    assert AlertDelivery.objects.get().status == AlertStatus.FAILED


@pytest.mark.parametrize("rows", [1, 30])
def test_page_queries_do_not_grow_with_channels_and_deliveries(
    cast, django_assert_max_num_queries, rows
):
    for n in range(rows):
        channel = wecom(cast.community, name=f"群{n}")
        AlertDelivery.objects.create(
            community=cast.community, channel=channel, kind=AlertKind.ESCALATION
        )
    client = cast.client_for(Role.OFFICE)
    target = url("committee:alerts", cast.community)
    client.get(target)
    with django_assert_max_num_queries(10):
        response = client.get(target)
    assert response.status_code == 200
    assert response.text.count('name="route"') == rows * len(AlertKind.values)
