"""Cross-app periodic tasks: the daily reminders.

Each domain app registers its reminder services in its own ``tasks.py``::

    reminder("hazards.services.send_overdue_reminders", order=10)

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


def reminder(path, *, order):
    """Register the service function at ``path`` ("module.function") as a daily reminder."""
    if path in REMINDERS:
        raise ImproperlyConfigured(f"Reminder {path} is registered twice.")
    REMINDERS[path] = order


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
