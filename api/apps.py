from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from safecommunity.events import happened

        from . import schema  # noqa: F401 - registers the token scheme with drf-spectacular
        from .webhooks import on_event

        happened.connect(on_event, dispatch_uid="api-webhooks")
