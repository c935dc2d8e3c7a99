"""Sending one message to a 企业微信 or 钉钉 group robot, or through the SMS backend.

Each ``send_*`` returns an ``Outcome``: delivered, or failed and whether another attempt may
succeed (connection errors, HTTP 5xx/429 and the robots' "busy / too fast" codes are transient;
a wrong key, a bad signature or a missing keyword are not, and retrying them only spams logs).

The base URLs come from settings so tests (and an intranet proxy) can point them elsewhere:
``ALERTS_WECOM_URL`` (default https://qyapi.weixin.qq.com/cgi-bin/webhook/send) and
``ALERTS_DINGTALK_URL`` (default https://oapi.dingtalk.com/robot/send).
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from ..choices import ChannelType
from .outcome import TIMEOUT, Outcome, _excerpt

WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
DINGTALK_URL = "https://oapi.dingtalk.com/robot/send"

# errcodes that mean "try again later": -1 system busy (both), 45009 (企业微信) and
# 130101 / 410100 (钉钉) sending too fast (robots take 20 messages a minute).
TRANSIENT_ERRCODES = {-1, 45009, 130101, 410100}


def post_json(url, payload):
    """POST ``payload`` as JSON; (HTTP status or None, response text)."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "SafeCommunity"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        text = exc.read(1024).decode("utf-8", "replace") if exc.fp else ""
        return exc.code, f"HTTP {exc.code} {exc.reason} {text}".strip()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def robot_outcome(status, text):
    """Both robots answer HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}`` on success."""
    if status is None:
        return Outcome(False, _excerpt(text), transient=True)
    if status >= 500 or status == 429:
        return Outcome(False, _excerpt(text), transient=True)
    if status >= 300:
        return Outcome(False, _excerpt(text), transient=False)
    try:
        errcode = int(json.loads(text).get("errcode", -1))
    except (ValueError, AttributeError, TypeError):
        return Outcome(False, _excerpt(text), transient=True)
    if errcode == 0:
        return Outcome(True, _excerpt(text))
    return Outcome(False, _excerpt(text), transient=errcode in TRANSIENT_ERRCODES)


def wecom_url(key):
    base = getattr(settings, "ALERTS_WECOM_URL", WECOM_URL)
    return f"{base}?{urllib.parse.urlencode({'key': key})}"


def dingtalk_sign(secret, timestamp_ms):
    """钉钉's 加签: urlencode(base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")))."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()  # urlencode() below quotes it


def dingtalk_url(token, secret="", *, now=None):
    base = getattr(settings, "ALERTS_DINGTALK_URL", DINGTALK_URL)
    query = {"access_token": token}
    if secret:
        timestamp = int((now if now is not None else time.time()) * 1000)
        query["timestamp"] = str(timestamp)
        query["sign"] = dingtalk_sign(secret, timestamp)
    return f"{base}?{urllib.parse.urlencode(query)}"


def send(channel, payload):
    """Send one stored payload to the channel; an ``Outcome``."""
    if channel.channel_type == ChannelType.WECOM:
        return robot_outcome(*post_json(wecom_url(channel.key), payload))
    if channel.channel_type == ChannelType.DINGTALK:
        return robot_outcome(*post_json(dingtalk_url(channel.key, channel.secret), payload))
    if channel.channel_type == ChannelType.SMS:
        from .sms import get_backend

        return get_backend().send(payload["phones"], payload["content"])
    return Outcome(False, f"unknown channel type {channel.channel_type}")
