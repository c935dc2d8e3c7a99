from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SafecommunityConfig(AppConfig):
    name = "safecommunity"

    def ready(self):
        from . import auth, display, signals, tasks

        # Every app's tasks.py registers its reminders (and its Celery tasks) on import.
        autodiscover_modules("tasks")
        tasks.check_reminders()
        signals.connect()
        auth.connect()
        display.install()
