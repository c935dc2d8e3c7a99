from django.apps import AppConfig


class SafecommunityConfig(AppConfig):
    name = "safecommunity"
