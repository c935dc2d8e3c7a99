from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from safecommunity.navigation import MenuEntry


class ProjectsConfig(AppConfig):
    name = "projects"
    # The sidebar (safecommunity.navigation): element, order within it, label, URL name.
    menu = (
        MenuEntry(4, 10, _("目标与计划"), "projects:plan_list"),
        MenuEntry(4, 20, _("预防目标"), "projects:objective_list"),
        MenuEntry(5, 10, _("安全促进项目"), "projects:project_list"),
        MenuEntry(6, 10, _("宣传教育培训活动"), "projects:activity_list"),
        MenuEntry(6, 20, _("知晓率调查"), "projects:survey_list"),
    )
