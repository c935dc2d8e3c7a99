"""The first-run setup of a new community: what to enter first, in order, and how far it is.

Each step is the base something else needs: the profile and the population base are the
denominators of every rate; the creation phases place the community on its timeline; the
committee and its office, then the working groups, own every later record.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import CommitteeRole, GroupRole


@dataclass
class SetupStep:
    key: str
    title: str
    why: str
    done: bool
    summary: str
    actions: list = field(default_factory=list)  # (label, url, is_primary)


def setup_steps(community):
    """The five setup steps with their state, in a fixed number of queries."""
    from .models import CreationPhase, Member, PopulationYear, WorkingGroup

    slug = community.slug

    # One small query each: joined into one aggregate, the tables would multiply each other.
    population = PopulationYear.objects.filter(community=community).aggregate(
        cells=Count("pk"), years=Count("year", distinct=True)
    )
    members = Member.objects.filter(community=community).aggregate(
        heads=Count(
            "pk",
            filter=Q(committee_role__in=[CommitteeRole.DIRECTOR, CommitteeRole.OFFICE_HEAD]),
        ),
        committee=Count("pk", filter=~Q(committee_role=CommitteeRole.NONE)),
    )
    groups = WorkingGroup.objects.filter(community=community).aggregate(
        groups=Count("pk", distinct=True),
        led=Count(
            "pk",
            filter=Q(memberships__role__in=[GroupRole.LEADER, GroupRole.DEPUTY]),
            distinct=True,
        ),
    )
    counts = {
        "population_cells": population["cells"],
        "population_years": population["years"],
        "phases": CreationPhase.objects.filter(
            community=community, planned_start__isnull=False
        ).count(),
        "heads": members["heads"],
        "committee": members["committee"],
        "groups": groups["groups"],
        "led_groups": groups["led"],
    }

    def url(name):
        return reverse(name, kwargs={"community": slug})

    profile_done = bool(community.population and community.address and community.area_code)
    return [
        SetupStep(
            "profile",
            _("社区概况"),
            _("名称、行政区划代码、常住人口、户数、面积和地址：评估报告和申报材料的第一页。"),
            profile_done,
            _("已填写") if profile_done else _("还缺常住人口、地址或行政区划代码"),
            [
                (_("填写概况"), url("committee:profile_update"), True),
                (_("从 Excel 导入"), url("committee:profile_import"), False),
            ],
        ),
        SetupStep(
            "population",
            _("人口基数"),
            _("按年份、性别和 WHO 年龄组的人口数：伤害发生率等所有比率的分母。"),
            counts["population_cells"] > 0,
            _("%(years)d 个年份，%(cells)d 个分组")
            % {"years": counts["population_years"], "cells": counts["population_cells"]},
            [
                (_("从 Excel 导入"), url("committee:population_import"), True),
                (_("逐条录入"), url("committee:population_create"), False),
            ],
        ),
        SetupStep(
            "phases",
            _("创建阶段"),
            _("前期启动、宣传发动、全面推进、申请验收、持续改进五个阶段的计划与实际日期。"),
            counts["phases"] > 0,
            _("已计划 %(n)d / 5 个阶段") % {"n": counts["phases"]},
            [
                (_("从 Excel 导入"), url("committee:phase_import"), True),
                (_("逐个填写"), url("committee:phase_create"), False),
            ],
        ),
        SetupStep(
            "committee",
            _("促进委员会与办公室"),
            _("委员会主任、副主任、委员和办公室人员：要素 1 的组织机构。"),
            counts["heads"] > 0,
            _("委员会成员 %(n)d 人") % {"n": counts["committee"]}
            if counts["heads"]
            else _("还没有委员会主任或办公室主任"),
            [
                (_("从 Excel 导入"), url("committee:member_import"), True),
                (_("逐个添加"), url("committee:member_create"), False),
            ],
        ),
        SetupStep(
            "groups",
            _("工作组"),
            _("各安全促进项目的工作组及其组长；组长的账号可以更新本组的项目。"),
            counts["groups"] > 0 and counts["led_groups"] > 0,
            _("%(groups)d 个工作组，%(led)d 个已有组长")
            % {"groups": counts["groups"], "led": counts["led_groups"]},
            [
                (_("从 Excel 导入"), url("committee:group_import"), True),
                (_("逐个添加"), url("committee:group_create"), False),
                (_("用户与角色"), url("committee:user_list"), False),
            ],
        ),
    ]


def is_new(steps):
    """A community that has not finished setting up gets the guide instead of empty cards."""
    return not all(step.done for step in steps)
