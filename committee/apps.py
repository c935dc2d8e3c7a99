from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("委员会与工作组")
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(1, 10, _("委员会成员"), "committee:member_list"),
        MenuEntry(1, 20, _("工作组"), "committee:group_list"),
        MenuEntry(1, 30, _("社区概况与创建阶段"), "committee:profile"),
        MenuEntry(2, 10, _("会议与纪要"), "committee:meeting_list"),
        MenuEntry(2, 20, _("合作单位"), "committee:partner_list"),
        MenuEntry(2, 30, _("志愿者"), "committee:volunteer_list"),
        MenuEntry(2, 40, _("参与记录"), "committee:participation_list"),
    )

    def ready(self):
        from . import personal, signals  # noqa: F401 - connect the receivers
