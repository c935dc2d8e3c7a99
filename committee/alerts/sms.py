"""SMS gateways, pluggable like Django's EMAIL_BACKEND.

``ALERTS_SMS_BACKEND`` names the class (default: the console backend, which prints). A backend
has ``send(phones, content) -> Outcome``. Shipped:

- ``committee.alerts.sms.ConsoleBackend``: writes the message to stdout (development);
- ``committee.alerts.sms.LocmemBackend``: keeps messages in ``committee.alerts.sms.outbox``;
- ``committee.alerts.sms.HttpJsonBackend``: a generic HTTP gateway. POSTs
  ``{"phones": [...], "content": "...", "sign": ALERTS_SMS_SIGN}`` to ``ALERTS_SMS_URL`` with
  ``Authorization: Bearer ALERTS_SMS_TOKEN`` when a token is set. Success is HTTP 2xx whose
  JSON, if it has a ``code`` or ``errcode``, has it 0 / "0" / "OK". Most provincial government
  SMS platforms and commercial gateways sit behind such an adapter; a provider with its own
  signature scheme gets its own small backend class.
"""

import json
import sys
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

from .outcome import TIMEOUT, Outcome, _excerpt

outbox = []  # LocmemBackend's messages: dicts with phones and content


def get_backend():
    path = getattr(settings, "ALERTS_SMS_BACKEND", "committee.alerts.sms.ConsoleBackend")
    return import_string(path)()


class ConsoleBackend:
    def send(self, phones, content):
        sys.stdout.write(f"SMS to {', '.join(phones)}: {content}\n")
        return Outcome(True, "console")


class LocmemBackend:
    def send(self, phones, content):
        outbox.append({"phones": list(phones), "content": content})
        return Outcome(True, "locmem")


class HttpJsonBackend:
    def send(self, phones, content):
        url = getattr(settings, "ALERTS_SMS_URL", "")
        if not url:
            return Outcome(False, "ALERTS_SMS_URL is not set")
        payload = {
            "phones": list(phones),
            "content": content,
            "sign": getattr(settings, "ALERTS_SMS_SIGN", ""),
        }
        headers = {"Content-Type": "application/json; charset=utf-8"}
        token = getattr(settings, "ALERTS_SMS_TOKEN", "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            url, data=json.dumps(payload, ensure_ascii=False).encode(), headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                status, text = response.status, response.read(4096).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return Outcome(False, _excerpt(f"HTTP {exc.code} {exc.reason}"), exc.code >= 500)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Outcome(False, _excerpt(f"{type(exc).__name__}: {exc}"), transient=True)
        try:
            answer = json.loads(text) if text.strip() else {}
        except ValueError:
            answer = {}
        code = answer.get("code", answer.get("errcode", 0)) if isinstance(answer, dict) else 0
        if 200 <= status < 300 and str(code).upper() in {"0", "OK"}:
            return Outcome(True, _excerpt(text))
        return Outcome(False, _excerpt(text or f"HTTP {status}"), transient=False)
