from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class HazardsConfig(AppConfig):
    name = "hazards"
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(3, 10, _("风险辨识与评价"), "hazards:hazard_list"),
        MenuEntry(3, 20, _("场所与单位"), "hazards:place_list"),
        MenuEntry(3, 30, _("风险四色分布图"), "hazards:map"),
        MenuEntry(8, 10, _("安全检查"), "hazards:inspection_list"),
        MenuEntry(8, 12, _("检查日历"), "hazards:schedule_calendar"),
        MenuEntry(8, 14, _("检查排程"), "hazards:schedule_list"),
        MenuEntry(8, 16, _("检查表模板"), "hazards:checklist_list"),
        MenuEntry(8, 20, _("重点场所监测"), "hazards:monitoring"),
        MenuEntry(11, 10, _("隐患整改"), "hazards:danger_list"),
        MenuEntry(11, 20, _("纠正与预防措施"), "hazards:action_list"),
    )
