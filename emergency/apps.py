from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class EmergencyConfig(AppConfig):
    name = "emergency"
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(7, 10, _("应急预案"), "emergency:plan_list"),
        MenuEntry(7, 20, _("应急物资与队伍"), "emergency:supply_list"),
        MenuEntry(7, 30, _("应急演练"), "emergency:drill_list"),
        MenuEntry(7, 40, _("应急响应"), "emergency:response_list"),
    )
