from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("委员会与工作组")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
