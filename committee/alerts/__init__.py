"""Alerts to the office's 企业微信 / 钉钉 group robots and SMS (see ``services`` for the flow)."""


def enqueue(task, *args):
    """Queue ``task``; in eager mode (tests) its retries ran inline and the delivery row holds
    the outcome, so the caller (a request, a reminder run) must not fail on Celery's Retry."""
    from celery.exceptions import Retry

    from safecommunity import jobs

    try:
        return jobs.enqueue(task, *args)  # broker down: logged, rows stay pending
    except Retry:
        return None
