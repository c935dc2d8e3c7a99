"""Cross-app periodic tasks: the daily reminders.

Each domain app registers its reminder services in its own ``tasks.py``::

    reminder(
        "hazards.services.send_overdue_reminders",
        order=10,
        alerts={"hz-danger-overdue-": AlertKind.OVERDUE_RECTIFICATION, ...},
    )

``alerts`` names, by the prefix of the notification keys the reminder writes, the alert kind each
belongs to, so that the community's group robots and SMS (``committee.alerts``) take them: a new
reminder declares its alert kinds where it is registered, and a key no reminder declares is sent
in-app and by e-mail only.

Django imports every app's ``tasks.py`` when it starts (``SafecommunityConfig.ready``) and then
resolves every registered path, so a renamed or missing function stops the start with an error
instead of being skipped at six in the morning.
"""

from importlib import import_module

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured

# "module.function" -> order. Each function takes no arguments and returns the number of reminders
# sent; the daily task calls them by ascending order.
REMINDERS = {}
# Notification key prefix -> alert kind (a ``committee.choices.AlertKind`` value), from the
# reminders' ``alerts``.
ALERT_KINDS = {}


def reminder(path, *, order, alerts=None):
    """Register the service function at ``path`` ("module.function") as a daily reminder, and the
    alert kind of each prefix of the notification keys it writes (``alerts``)."""
    if path in REMINDERS:
        raise ImproperlyConfigured(f"Reminder {path} is registered twice.")
    for prefix, kind in (alerts or {}).items():
        if ALERT_KINDS.get(prefix, kind) != kind:
            raise ImproperlyConfigured(
                f"Reminder {path} declares key prefix {prefix!r} as {kind!r}; "
                f"it is {ALERT_KINDS[prefix]!r} already."
            )
    REMINDERS[path] = order
    ALERT_KINDS.update(alerts or {})


def alert_kind(key):
    """The alert kind a notification key belongs to (its longest registered prefix), or None."""
    matches = [prefix for prefix in ALERT_KINDS if key.startswith(prefix)]
    return ALERT_KINDS[max(matches, key=len)] if matches else None


def resolve(path):
    """The function a registered reminder path names; ImproperlyConfigured if there is none."""
    module_name, _dot, func_name = path.rpartition(".")
    try:
        func = getattr(import_module(module_name), func_name)
    except (ImportError, AttributeError) as exc:
        raise ImproperlyConfigured(f"Reminder {path} names no function: {exc}") from exc
    if not callable(func):
        raise ImproperlyConfigured(f"Reminder {path} is not a function.")
    return func


def check_reminders():
    """Resolve every registered reminder (at start-up): fail now, not in tomorrow's run."""
    for path in REMINDERS:
        resolve(path)


@shared_task(
    name="safecommunity.tasks.daily_reminders",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def daily_reminders():
    sent = {}
    for path in sorted(REMINDERS, key=REMINDERS.__getitem__):
        sent[path] = resolve(path)()
    return sent
