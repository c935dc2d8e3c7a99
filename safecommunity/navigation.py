"""Navigation by element: each entry is (element, label, namespaced URL name taking the slug).

URL names that an app does not (yet) define are skipped when the menu is built.
"""

from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from committee.choices import Role

from .elements import Element

NAVIGATION = [
    (1, _("委员会成员"), "committee:member_list"),
    (1, _("工作组"), "committee:group_list"),
    (1, _("社区概况与创建阶段"), "committee:profile"),
    (2, _("会议与纪要"), "committee:meeting_list"),
    (2, _("合作单位"), "committee:partner_list"),
    (2, _("志愿者"), "committee:volunteer_list"),
    (2, _("参与记录"), "committee:participation_list"),
    (3, _("风险辨识与评价"), "hazards:hazard_list"),
    (3, _("场所与单位"), "hazards:place_list"),
    (4, _("目标与计划"), "projects:plan_list"),
    (4, _("预防目标"), "projects:objective_list"),
    (5, _("安全促进项目"), "projects:project_list"),
    (6, _("宣传教育培训活动"), "projects:activity_list"),
    (6, _("知晓率调查"), "projects:survey_list"),
    (7, _("应急预案"), "emergency:plan_list"),
    (7, _("应急物资与队伍"), "emergency:supply_list"),
    (7, _("应急演练"), "emergency:drill_list"),
    (7, _("应急响应"), "emergency:response_list"),
    (8, _("安全检查"), "hazards:inspection_list"),
    (8, _("重点场所监测"), "hazards:monitoring"),
    (9, _("伤害监测报告卡"), "injuries:card_list"),
    (9, _("伤害统计分析"), "injuries:stats"),
    (9, _("事故"), "injuries:accident_list"),
    (9, _("报告单位"), "injuries:unit_list"),
    (10, _("档案资料"), "archive:document_list"),
    (11, _("隐患整改"), "hazards:danger_list"),
    (11, _("纠正与预防措施"), "hazards:action_list"),
    (12, _("评估报告"), "archive:report_list"),
    (12, _("管理评审"), "archive:review_list"),
    (12, _("自评"), "archive:assessment"),
    (12, _("申报材料"), "archive:dossier"),
]

# Reporters work in the injury surveillance pages only.
REPORTER_URLS = {"injuries:card_list"}


def build_menu(community, role):
    """[(element number, element label, [(label, url)])] for the sidebar.

    The URLs depend only on the slug, the role and the script prefix, so the menu is built once
    per combination and process (labels stay lazy: they follow the active language).
    """
    return _menu(community.slug, role, get_script_prefix())


@lru_cache(maxsize=512)
def _menu(slug, role, _prefix):
    groups = {}
    for element, label, url_name in NAVIGATION:
        if role == Role.REPORTER and url_name not in REPORTER_URLS:
            continue
        try:
            url = reverse(url_name, kwargs={"community": slug})
        except NoReverseMatch:
            continue
        groups.setdefault(element, []).append((label, url, url_name))
    return [(number, Element(number).label, groups[number]) for number in sorted(groups)]
