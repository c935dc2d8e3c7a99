"""The six ISCCC International Safe Community indicators, read from the same facts as the
national sheet, and the five-yearly re-designation timeline.

Each indicator lists its evidence (label, value, link) and a status: met when every evidence
line is held, partial when some are, missing when none is. Networking (indicator 6) can only be
partly shown from the records: participation in national and international networks is
confirmed by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from committee.choices import Phase

if TYPE_CHECKING:
    from ..indicator_facts import Facts


@dataclass
class Evidence:
    label: str
    value: object
    held: bool
    url: str = ""


@dataclass
class IscccIndicator:
    number: int
    title: str
    elements: str  # the national elements it maps to
    evidence: list = field(default_factory=list)
    note: str = ""

    @property
    def status(self) -> str:
        held = sum(1 for e in self.evidence if e.held)
        if held == len(self.evidence) and held:
            return "met"
        return "partial" if held else "missing"

    @property
    def status_label(self) -> str:
        return {"met": _("有证据"), "partial": _("部分有证据"), "missing": _("缺少证据")}[
            self.status
        ]


def _e(label: str, value: int | None, f: Facts, url_name: str, threshold: int = 1) -> Evidence:
    return Evidence(label, value, (value or 0) >= threshold, f.url(url_name))


def isccc_indicators(f: Facts) -> list[IscccIndicator]:
    """The six indicators with their evidence from a facts snapshot (no queries)."""
    return [
        IscccIndicator(
            1,
            _("跨部门合作的领导机构（Governance）"),
            _("要素1、2"),
            [
                _e(_("委员会成员所在单位"), f["members_units"], f, "committee:member_list", 3),
                _e(_("合作单位"), f["partners_n"], f, "committee:partner_list"),
                _e(_("近12个月委员会会议"), f["meetings_committee"], f, "committee:meeting_list"),
                _e(_("列有经费的项目"), f["projects_budgeted"], f, "projects:project_list"),
            ],
        ),
        IscccIndicator(
            2,
            _("伤害监测与原因分析（Surveillance）"),
            _("要素3、9"),
            [
                _e(_("报告单位"), f["units_n"], f, "injuries:unit_list"),
                _e(_("近12个月伤害病例"), f["cards_n12"], f, "injuries:stats"),
                _e(_("已评价的风险"), f["hazards_assessed"], f, "hazards:hazard_list"),
                _e(_("近12个月评估报告"), f["reports_recent"], f, "archive:report_list"),
            ],
        ),
        IscccIndicator(
            3,
            _("覆盖各性别、年龄、环境的项目（Comprehensive）"),
            _("要素5"),
            [
                _e(
                    _("项目覆盖的安全领域（共12个）"),
                    f["projects_areas"],
                    f,
                    "projects:project_list",
                    8,
                ),
                _e(_("活动覆盖的人群类别"), f["activities_groups"], f, "projects:activity_list", 3),
            ],
        ),
        IscccIndicator(
            4,
            _("面向脆弱群体和高风险环境的项目（Vulnerable groups）"),
            _("要素3–5"),
            [
                _e(_("面向重点人群的项目"), f["projects_targeted"], f, "projects:project_list"),
                _e(_("标注暴露人群的风险"), f["hazards_exposed"], f, "hazards:hazard_list"),
                _e(_("有项目针对的红橙风险"), f["hazards_high_projects"], f, "hazards:hazard_list"),
            ],
        ),
        IscccIndicator(
            5,
            _("过程、效果评估与持续改进（Evaluation）"),
            _("要素8、11、12"),
            [
                _e(_("写有效果评估的项目"), f["projects_evaluated"], f, "projects:project_list"),
                _e(_("有评估的演练"), f["drills_evaluated"], f, "emergency:drill_list"),
                _e(_("近12个月管理评审"), f["reviews_recent"], f, "archive:review_list"),
                _e(_("已验证的纠正措施"), f["actions_verified"], f, "hazards:action_list"),
            ],
        ),
        IscccIndicator(
            6,
            _("参与国内外安全社区网络（Networking）"),
            _("要素2"),
            [
                _e(_("近12个月交流研讨会"), f["meetings_seminar"], f, "committee:meeting_list"),
                _e(_("合作单位类别"), f["partners_kinds"], f, "committee:partner_list", 3),
            ],
            note=_("参加国内外安全社区网络的情况系统无记录，请在评审时人工确认。"),
        ),
    ]


@dataclass
class Milestone:
    date: datetime.date
    label: str
    past: bool
    url: str = ""


def designation_timeline(f: Facts, years: int = 5) -> list[Milestone]:
    """Designation → annual reports → re-designation after ``years`` years, from the creation
    phases: the designation date is the end of phase 4 (申请验收), planned or actual. Empty when
    the community has no dated phase 4."""
    phase = (f["phases"] or {}).get(Phase.APPLY)
    if phase is None:
        return []
    designated = phase.actual_end or phase.planned_end
    if designated is None:
        return []

    def shift(day: datetime.date, n: int) -> datetime.date:
        try:
            return day.replace(year=day.year + n)
        except ValueError:  # 29 February
            return day.replace(year=day.year + n, day=28)

    today = f.today
    milestones = [
        Milestone(
            designated,
            _("命名（申请验收完成）") if phase.actual_end else _("计划命名（申请验收）"),
            bool(phase.actual_end),
            f.url("committee:profile"),
        )
    ]
    for n in range(1, years):
        day = shift(designated, n)
        milestones.append(
            Milestone(
                day,
                _("第 %(n)s 年度报告") % {"n": n},
                day <= today,
                f.url("archive:report_list"),
            )
        )
    redesignation = shift(designated, years)
    milestones.append(
        Milestone(
            redesignation,
            _("复评与再命名（每 %(n)s 年）") % {"n": years},
            redesignation <= today,
            f.url("archive:assessment"),
        )
    )
    return milestones
