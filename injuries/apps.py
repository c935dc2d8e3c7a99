from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class InjuriesConfig(AppConfig):
    name = "injuries"
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(9, 10, _("伤害监测报告卡"), "injuries:card_list", for_reporters=True),
        MenuEntry(9, 20, _("伤害统计分析"), "injuries:stats"),
        MenuEntry(9, 30, _("事故"), "injuries:accident_list"),
        MenuEntry(9, 40, _("报告单位"), "injuries:unit_list"),
    )
