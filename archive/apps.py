from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"

    def ready(self):
        from safecommunity.attachments import register_store

        from .services.documents import store_attachments

        register_store(store_attachments)
