from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class ArchiveConfig(AppConfig):
    name = "archive"
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(10, 10, _("档案资料"), "archive:document_list"),
        MenuEntry(12, 10, _("评估报告"), "archive:report_list"),
        MenuEntry(12, 20, _("管理评审"), "archive:review_list"),
        MenuEntry(12, 30, _("自评"), "archive:assessment"),
        MenuEntry(12, 40, _("申报材料"), "archive:dossier"),
    )

    def ready(self):
        from safecommunity.attachments import register_store

        from .services.documents import store_attachments

        register_store(store_attachments)
