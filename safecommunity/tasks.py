"""Cross-app periodic tasks. Each domain app registers its reminder function in REMINDERS."""

from importlib import import_module

from celery import shared_task

# Each entry is "module.function" taking no arguments and returning the number of reminders sent.
REMINDERS = (
    "hazards.services.send_overdue_reminders",
    "hazards.services.run_escalation",
    "projects.services.send_stale_project_reminders",
    "emergency.services.send_emergency_reminders",
    "injuries.services.send_silent_unit_reminders",
)


@shared_task(
    name="safecommunity.tasks.daily_reminders",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def daily_reminders():
    sent = {}
    for path in REMINDERS:
        module_name, func_name = path.rsplit(".", 1)
        try:
            func = getattr(import_module(module_name), func_name)
        except (ModuleNotFoundError, AttributeError):
            continue
        sent[path] = func()
    return sent
