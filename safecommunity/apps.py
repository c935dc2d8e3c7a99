from django.apps import AppConfig


class SafecommunityConfig(AppConfig):
    name = "safecommunity"

    def ready(self):
        from . import display, signals

        signals.connect()
        display.install()
