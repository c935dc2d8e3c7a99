"""The 50 second-level indicators of the national sheet, judged from the records.

One rule per indicator code, registered in ``RULES``. A rule is a pure function of the facts
snapshot (``archive.indicator_facts``) returning its three parts (有无, 痕迹, 效果), each a
proposed grade a/b/c/d with the reason in Chinese, or ``None`` where no record can answer (the
part stays manual). ``propose(facts)`` runs them all; the office confirms or overrides each
proposal on the self-assessment page (``services.judgements``).

Thresholds are written in each rule so the docs table (docs/indicators.md) can quote them.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARTS = ("presence", "trace", "effect")
GRADE_ORDER = "abcd"


@dataclass(frozen=True)
class Part:
    grade: str | None  # None: manual
    reason: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Proposal:
    code: str
    parts: dict  # part name -> Part
    links: list = field(default_factory=list)
    todo: str = ""
    fix_url: str = ""

    @property
    def manual(self):
        return all(p.grade is None for p in self.parts.values())

    @property
    def complete(self):
        return all(p.grade is not None for p in self.parts.values())

    def grades(self):
        return {name: part.grade for name, part in self.parts.items()}


@dataclass(frozen=True)
class Rule:
    code: str
    judge: object  # facts -> (Part, Part, Part)
    todo: object
    fix: str
    links: tuple


RULES = {}

# The pages a rule links to (a page may serve several rules), by URL name: one label each.
PAGES = {
    "committee:member_list": gettext_lazy("委员会成员"),
    "committee:partner_list": gettext_lazy("合作单位"),
    "committee:group_list": gettext_lazy("工作组"),
    "committee:meeting_list": gettext_lazy("会议"),
    "projects:plan_list": gettext_lazy("规划与计划"),
    "projects:project_list": gettext_lazy("安全促进项目"),
    "emergency:team_list": gettext_lazy("应急队伍"),
    "projects:activity_list": gettext_lazy("宣传教育活动"),
    "hazards:danger_list": gettext_lazy("隐患"),
    "committee:volunteer_list": gettext_lazy("志愿者"),
    "committee:participation_list": gettext_lazy("参与记录"),
    "hazards:hazard_list": gettext_lazy("风险台账"),
    "hazards:plan_list": gettext_lazy("检查计划"),
    "projects:survey_list": gettext_lazy("知晓率调查"),
    "archive:document_list": gettext_lazy("档案资料"),
    "projects:objective_list": gettext_lazy("预防目标"),
    "injuries:stats": gettext_lazy("伤害统计"),
    "archive:review_list": gettext_lazy("管理评审"),
    "projects:activity_stats": gettext_lazy("活动统计"),
    "emergency:plan_list": gettext_lazy("应急预案"),
    "emergency:supply_list": gettext_lazy("应急物资"),
    "emergency:shelter_list": gettext_lazy("避难场所"),
    "emergency:drill_list": gettext_lazy("应急演练"),
    "hazards:inspection_list": gettext_lazy("检查记录"),
    "archive:report_list": gettext_lazy("评估报告"),
    "hazards:place_list": gettext_lazy("场所与单位"),
    "injuries:unit_list": gettext_lazy("报告单位"),
    "injuries:card_list": gettext_lazy("伤害监测卡"),
    "injuries:accident_list": gettext_lazy("事故"),
    "archive:catalogue": gettext_lazy("按要素编目"),
    "archive:dossier": gettext_lazy("创建档案册"),
    "hazards:action_list": gettext_lazy("纠正与预防措施"),
}


def rule(code, *, todo, fix, links=()):
    """Register a rule; ``links`` are URL names of ``PAGES`` (the rule's label, URL name pairs)."""

    def register(judge):
        RULES[code] = Rule(code, judge, todo, fix, tuple((PAGES[name], name) for name in links))
        return judge

    return register


def tier(value, a, b, c=1):
    """a at ``a`` or more, b at ``b`` or more, c at ``c`` or more, else d."""
    if value >= a:
        return "a"
    if value >= b:
        return "b"
    if value >= c:
        return "c"
    return "d"


def count(label, value, a, b, c=1, unit=""):
    return Part(
        tier(value, a, b, c),
        _("%(label)s：%(value)s%(unit)s（a 档 ≥%(a)s，b 档 ≥%(b)s）")
        % {"label": label, "value": value, "unit": unit, "a": a, "b": b},
    )


def share(label, f, part, whole, a=90, b=60):
    if not f[whole]:
        return Part("d", _("%(label)s：尚无记录") % {"label": label})
    percent = f.share(part, whole)
    return Part(
        tier(percent, a, b, 1),
        _("%(label)s：%(percent)s%%（%(part)s/%(whole)s；a 档 ≥%(a)s%%，b 档 ≥%(b)s%%）")
        % {"label": label, "percent": percent, "part": f[part], "whole": f[whole], "a": a, "b": b},
    )


def either(label, strong, weak, *, strong_text, weak_text, none_text):
    """a when the strong evidence is held, b with only the weak one, d with neither."""
    if strong:
        return Part("a", f"{label}：{strong_text}")
    if weak:
        return Part("b", f"{label}：{weak_text}")
    return Part("d", f"{label}：{none_text}")


def manual(reason):
    return Part(None, reason)


def weaker(*parts):
    """One part from several measures of it: the lowest grade, with every measure's reason."""
    worst = max(parts, key=lambda part: GRADE_ORDER.index(part.grade))
    return Part(worst.grade, "；".join(part.reason for part in parts))


def document(f, element, word):
    return f[f"doc_{element}_{word}"]


# ---- 1 安全社区创建机构与职责 -------------------------------------------------------------


@rule(
    "1.1",
    todo=gettext_lazy("补全促进委员会成员（主任、办公室）并吸收更多部门和单位"),
    fix="committee:member_list",
    links=("committee:member_list", "committee:partner_list"),
)
def committee_body(f):
    led = f["members_directors"] and f["members_office"]
    return (
        either(
            _("委员会组成"),
            led and f["members_n"] >= 5,
            f["members_n"],
            strong_text=_("有主任和办公室，成员 %(n)s 人") % {"n": f["members_n"]},
            weak_text=_("成员 %(n)s 人，但主任或办公室未落实") % {"n": f["members_n"]},
            none_text=_("未登记委员会成员"),
        ),
        count(_("成员所在部门和单位"), f["members_units"], 6, 3, unit=_("个")),
        count(_("近12个月委员会会议"), f["meetings_committee"], 2, 1, unit=_("次")),
    )


@rule(
    "1.2",
    todo=gettext_lazy("按安全促进领域设立工作组，配齐组员并定期开组会"),
    fix="committee:group_list",
    links=("committee:group_list",),
)
def working_groups(f):
    return (
        count(_("项目工作组"), f["groups_project"], 6, 3, unit=_("个")),
        share(_("已配备成员的工作组"), f, "groups_staffed", "groups_n"),
        count(
            _("近12个月工作组会议和非项目组种类"),
            f["meetings_group"] + f["groups_support_kinds"],
            4,
            2,
        ),
    )


@rule(
    "1.3",
    todo=gettext_lazy("为成员和工作组写明职责，归档会议、督查等工作制度"),
    fix="committee:member_list",
    links=("committee:member_list", "committee:meeting_list"),
)
def duties_and_rules(f):
    return (
        share(_("写明职责的成员"), f, "members_with_duties", "members_n"),
        count(
            _("要素1、2归档的制度文件"),
            document(f, 1, "rule") + document(f, 2, "rule"),
            2,
            1,
            c=0,
            unit=_("份"),
        )
        if document(f, 1, "rule") + document(f, 2, "rule")
        else Part(
            "c" if f["groups_with_duties"] else "d",
            _("未归档标题含“制度”的工作制度；工作组职责成文 %(n)s 个")
            % {"n": f["groups_with_duties"]},
        ),
        count(_("近12个月形成决定事项的会议"), f["meetings_decisions"], 4, 2, unit=_("次")),
    )


@rule(
    "1.4",
    todo=gettext_lazy("制定总体规划和本年度工作计划，分解任务并按期完成"),
    fix="projects:plan_list",
    links=("projects:plan_list",),
)
def plans(f):
    return (
        either(
            _("创建规划"),
            f["plans_overall"],
            f["plans_annual_now"],
            strong_text=_("有总体规划及目标"),
            weak_text=_("仅有年度计划，缺总体规划"),
            none_text=_("未登记规划"),
        ),
        either(
            _("本年度工作计划"),
            f["plans_annual_now"],
            f["plans_overall"],
            strong_text=_("已制定"),
            weak_text=_("未制定本年度计划"),
            none_text=_("未制定"),
        ),
        share(_("到期任务按期完成"), f, "tasks_due_done", "tasks_due", a=90, b=70),
    )


@rule(
    "1.5",
    todo=gettext_lazy("配齐办公室专兼职人员，为项目列出经费并归档经费使用记录"),
    fix="projects:project_list",
    links=("projects:project_list", "emergency:team_list"),
)
def resources(f):
    return (
        count(_("办公室专兼职人员"), f["members_office"], 2, 1, unit=_("人")),
        share(_("列有经费的项目"), f, "projects_budgeted", "projects_n", a=80, b=50),
        either(
            _("经费使用记录"),
            document(f, 1, "funds"),
            f["projects_budgeted"],
            strong_text=_("已归档经费使用资料"),
            weak_text=_("项目列有预算，未归档经费使用记录"),
            none_text=_("无经费记录"),
        ),
    )


# ---- 2 信息交流和全员参与 -----------------------------------------------------------------


@rule(
    "2.1",
    todo=gettext_lazy("定期召开委员会、工作组和联席会议，记录纪要和议定事项"),
    fix="committee:meeting_create",
    links=("committee:meeting_list",),
)
def consultation(f):
    kinds = bool(f["meetings_committee"]) + bool(f["meetings_group"])
    return (
        count(_("近12个月召开的委员会、工作组会议种类"), kinds, 2, 1, unit=_("类")),
        share(_("有纪要的会议"), f, "meetings_minutes", "meetings_n"),
        share(_("有议定事项的会议"), f, "meetings_decisions", "meetings_n", a=70, b=40),
    )


@rule(
    "2.2",
    todo=gettext_lazy("开展宣传并召开居民会议，登记居民反映的隐患并回应"),
    fix="hazards:danger_list",
    links=("projects:activity_list", "hazards:danger_list"),
)
def channels(f):
    return (
        count(_("近12个月宣传活动"), f["activities_publicity"], 6, 2, unit=_("次")),
        count(
            _("居民会议与居民反映的隐患"),
            f["meetings_residents"] + f["dangers_reported_by_residents"],
            3,
            1,
            unit=_("项"),
        ),
        share(
            _("居民反映的隐患已处理"),
            f,
            "dangers_residents_closed",
            "dangers_reported_by_residents",
            a=80,
            b=50,
        ),
    )


@rule(
    "2.3",
    todo=gettext_lazy("登记志愿者和社会组织，记录其参与的每次活动"),
    fix="committee:participation_create",
    links=("committee:volunteer_list", "committee:participation_list"),
)
def volunteers(f):
    return (
        count(_("志愿者与合作单位"), f["volunteers_n"] + f["partners_n"], 8, 3, unit=_("个")),
        count(
            _("近12个月志愿者和社会组织参与记录"), f["participation_organised"], 6, 2, unit=_("次")
        ),
        count(_("近12个月有参与记录的月份"), f["participation_months"], 9, 4, unit=_("个月")),
    )


@rule(
    "2.4",
    todo=gettext_lazy("面向更多人群组织活动，记录参加国内外安全社区网络交流的情况"),
    fix="projects:activity_list",
    links=("projects:activity_list", "committee:meeting_list"),
)
def participation(f):
    reach = round(f["activities_people"] * 100 / f["population"]) if f["population"] else 0
    return (
        count(_("近12个月活动参与人次占常住人口"), reach, 10, 5, unit="%"),
        count(_("活动覆盖的重点人群"), f["activities_groups"], 5, 3, unit=_("类")),
        Part(
            "b" if f["meetings_seminar"] else None,
            _("近12个月交流研讨会 %(n)s 次；参加国内外安全社区网络交流需人工确认")
            % {"n": f["meetings_seminar"]},
        ),
    )


# ---- 3 事故与伤害风险辨识及其评价 ---------------------------------------------------------


@rule(
    "3.1",
    todo=gettext_lazy("归档风险辨识评价制度，对每项风险按 LEC 或风险矩阵评价并每年复评"),
    fix="hazards:hazard_list",
    links=("hazards:hazard_list", "hazards:plan_list"),
)
def risk_method(f):
    return (
        either(
            _("辨识评价制度"),
            document(f, 3, "rule"),
            f["inspection_plans_n"] or f["hazards_assessed"],
            strong_text=_("已归档制度"),
            weak_text=_("有检查计划和评价记录，未归档成文制度"),
            none_text=_("无制度和评价记录"),
        ),
        share(_("已评价的在管风险"), f, "hazards_assessed", "hazards_n"),
        share(_("近12个月复评的在管风险"), f, "hazards_assessed_12m", "hazards_n", a=80, b=50),
    )


@rule(
    "3.2",
    todo=gettext_lazy("开展覆盖半数以上居民的安全现状调查并归档社区诊断报告"),
    fix="projects:survey_list",
    links=("projects:survey_list", "archive:document_list"),
)
def diagnosis(f):
    threshold = f["survey_coverage_threshold"] or 50
    age = (f.today - f["survey_date"]).days if f["survey_date"] else None
    if age is None:
        fresh = Part("d", _("诊断更新：未开展调查"))
    else:
        fresh = Part(
            "a" if age <= 365 else "b" if age <= 730 else "c",
            _("诊断更新：最近一次调查在 %(days)s 天前") % {"days": age},
        )
    return (
        either(
            _("现状调查与诊断报告"),
            f["surveys_n"] and document(f, 3, "diagnosis"),
            f["surveys_n"] or document(f, 3, "diagnosis"),
            strong_text=_("有调查和诊断报告"),
            weak_text=_("只有调查或只有诊断报告"),
            none_text=_("无调查和诊断报告"),
        ),
        count(_("最近一次调查覆盖率"), f["survey_coverage"], threshold, threshold // 2, unit="%"),
        fresh,
    )


@rule(
    "3.3",
    todo=gettext_lazy("把风险登记入台账并四色分级，落实管控责任，持续排查隐患"),
    fix="hazards:hazard_create",
    links=("hazards:hazard_list", "hazards:danger_list"),
)
def register(f):
    return (
        count(_("在管风险"), f["hazards_n"], 20, 5, unit=_("项")),
        count(_("近12个月排查登记的隐患"), f["dangers_found_12m"], 12, 4, unit=_("项")),
        share(_("已分级并落实责任的风险"), f, "hazards_owned", "hazards_n"),
    )


@rule(
    "3.4",
    todo=gettext_lazy("在风险台账中标注暴露人群，并面向重点人群组织活动和项目"),
    fix="hazards:hazard_list",
    links=("hazards:hazard_list", "projects:project_list"),
)
def vulnerable(f):
    return (
        count(_("标注暴露人群的风险"), f["hazards_exposed"], 10, 3, unit=_("项")),
        share(_("标注暴露人群的在管风险"), f, "hazards_exposed", "hazards_n", a=80, b=50),
        count(_("活动覆盖的重点人群"), f["activities_groups"], 5, 3, unit=_("类")),
    )


@rule(
    "3.5",
    todo=gettext_lazy("让项目针对台账中的风险，红橙风险都有项目或预案"),
    fix="projects:project_list",
    links=("projects:project_list", "hazards:hazard_list"),
)
def risk_use(f):
    return (
        count(_("针对台账风险的项目"), f["projects_linked"], 3, 1, unit=_("个")),
        share(_("针对台账风险的项目"), f, "projects_linked", "projects_n", a=60, b=30),
        share(_("有项目针对的红橙风险"), f, "hazards_high_projects", "hazards_high", a=80, b=40),
    )


# ---- 4 事故与伤害预防目标及计划 -----------------------------------------------------------


@rule(
    "4.1",
    todo=gettext_lazy("在总体规划下按领域制定量化目标（基线值和目标值）"),
    fix="projects:objective_create",
    links=("projects:objective_list",),
)
def objectives(f):
    return (
        either(
            _("总体目标"),
            f["plans_overall"] and f["objectives_n"],
            f["objectives_n"] or f["plans_overall"],
            strong_text=_("有总体规划和分项目标"),
            weak_text=_("规划或分项目标缺一"),
            none_text=_("无目标"),
        ),
        count(_("目标覆盖的安全领域"), f["objectives_areas"], 6, 3, unit=_("个")),
        share(_("有基线值和目标值的目标"), f, "objectives_quantified", "objectives_n"),
    )


@rule(
    "4.2",
    todo=gettext_lazy("设置伤害发生率、知晓率等可测量指标并逐年填报实际值"),
    fix="projects:objective_list",
    links=("projects:objective_list", "injuries:stats"),
)
def measures(f):
    now, before = f["cards_n12"], f["cards_prev12"]
    if not now and not before:
        trend = Part("d", _("伤害趋势：无伤害监测数据"))
    elif not before:
        trend = Part("c", _("伤害趋势：缺上一年度数据，无法比较（近12个月 %(n)s 例）") % {"n": now})
    else:
        change = round((now - before) * 100 / before)
        trend = Part(
            "a" if change < 0 else "b" if change <= 5 else "c",
            _("伤害趋势：近12个月 %(now)s 例，上一年 %(before)s 例（%(change)+d%%）")
            % {"now": now, "before": before, "change": change},
        )
    return (
        count(_("量化的预防指标"), f["objectives_quantified"], 3, 1, unit=_("项")),
        share(_("有实际值来源的指标"), f, "objectives_measured", "objectives_n"),
        trend,
    )


@rule(
    "4.3",
    todo=gettext_lazy("把计划分解为任务，写明责任组和完成时限"),
    fix="projects:plan_list",
    links=("projects:plan_list",),
)
def plan_content(f):
    overdue = f["tasks_overdue"]
    return (
        count(_("计划任务"), f["tasks_n"], 10, 3, unit=_("项")),
        share(_("有责任人和时限的任务"), f, "tasks_assigned", "tasks_n"),
        Part(
            ("a" if overdue == 0 else "b" if overdue <= 2 else "c") if f["tasks_n"] else "d",
            _("逾期未完成的任务：%(n)s 项") % {"n": overdue},
        ),
    )


@rule(
    "4.4",
    todo=gettext_lazy("让目标和项目覆盖不同人群和环境，尤其是脆弱群体"),
    fix="projects:objective_list",
    links=("projects:objective_list", "projects:project_list"),
)
def plan_coverage(f):
    return (
        count(_("面向特定人群的目标"), f["objectives_targeted"], 3, 1, unit=_("项")),
        count(_("项目覆盖的安全领域"), f["projects_areas"], 10, 6, unit=_("个")),
        share(_("面向重点人群的项目"), f, "projects_targeted", "projects_n", a=60, b=30),
    )


# ---- 5 安全促进项目 -----------------------------------------------------------------------


@rule(
    "5.1",
    todo=gettext_lazy("为尚未覆盖的安全领域立项并推进实施"),
    fix="projects:project_create",
    links=("projects:project_list",),
)
def project_areas(f):
    return (
        count(_("安全促进项目"), f["projects_n"], 6, 3, unit=_("个")),
        count(_("项目覆盖的安全领域"), f["projects_areas"], 10, 6, unit=_("个")),
        share(_("已实施的项目"), f, "projects_active", "projects_n", a=80, b=50),
    )


@rule(
    "5.2",
    todo=gettext_lazy("针对老人、儿童等重点人群立项，开展专门活动并评估效果"),
    fix="projects:project_list",
    links=("projects:project_list", "projects:activity_list"),
)
def targeted_projects(f):
    return (
        count(_("面向重点人群的项目"), f["projects_targeted"], 3, 1, unit=_("个")),
        count(_("近12个月面向重点人群的活动"), f["activities_targeted"], 10, 3, unit=_("次")),
        share(
            _("已评估效果的重点人群项目"),
            f,
            "projects_targeted_evaluated",
            "projects_targeted",
            a=50,
            b=25,
        ),
    )


@rule(
    "5.3",
    todo=gettext_lazy("为每个项目写明背景、目标、干预措施、责任组、经费、起止时间和评估指标"),
    fix="projects:project_list",
    links=("projects:project_list",),
)
def project_design(f):
    return (
        share(_("背景、目标、措施、责任组齐全的项目"), f, "projects_designed", "projects_n"),
        share(_("有经费和起止时间的项目"), f, "projects_resourced", "projects_n"),
        share(_("设有评估指标的项目"), f, "projects_measurable", "projects_n", a=80, b=50),
    )


@rule(
    "5.4",
    todo=gettext_lazy("每月登记项目进展，实施中项目 30 天内须有更新"),
    fix="projects:project_list",
    links=("projects:project_list",),
)
def project_process(f):
    return (
        share(_("有进展记录的项目"), f, "projects_updated", "projects_n"),
        share(_("30天内有更新的实施中项目"), f, "projects_fresh", "projects_running", a=80, b=50),
        share(
            _("写有过程评估的项目"), f, "projects_process_evaluated", "projects_active", a=60, b=30
        ),
    )


@rule(
    "5.5",
    todo=gettext_lazy("用干预前后的指标值评估项目效果"),
    fix="projects:project_list",
    links=("projects:project_list",),
)
def project_effect(f):
    return (
        share(_("写有效果评估的项目"), f, "projects_evaluated", "projects_active", a=60, b=30),
        share(
            _("有干预前后指标值的项目"), f, "projects_before_after", "projects_active", a=60, b=30
        ),
        share(_("指标改善的项目"), f, "projects_improved", "projects_before_after", a=70, b=40),
    )


@rule(
    "5.6",
    todo=gettext_lazy("在项目进展中写明下一步改进，评审决定转为措施并落实"),
    fix="archive:review_list",
    links=("projects:project_list", "archive:review_list"),
)
def project_improvement(f):
    return (
        count(
            _("近12个月写有下一步计划的项目进展"), f["updates_planned_next"], 12, 4, unit=_("条")
        ),
        count(_("已评估效果的项目"), f["projects_evaluated"], 3, 1, unit=_("个")),
        share(
            _("评审转出的措施已完成"),
            f,
            "actions_from_reviews_done",
            "actions_from_reviews",
            a=80,
            b=50,
        ),
    )


# ---- 6 宣传教育与培训 ---------------------------------------------------------------------


@rule(
    "6.1",
    todo=gettext_lazy("归档宣传教育培训制度和年度计划，并每月开展活动"),
    fix="archive:document_create",
    links=("archive:document_list", "projects:activity_list"),
)
def education_rules(f):
    return (
        either(
            _("宣教培训制度和计划"),
            document(f, 6, "rule") or document(f, 6, "plan"),
            f["activities_n"],
            strong_text=_("已归档"),
            weak_text=_("有活动记录，未归档制度或计划"),
            none_text=_("无制度、计划和活动"),
        ),
        count(_("近12个月有活动的月份"), f["activities_months"], 10, 6, unit=_("个月")),
        count(_("近12个月培训和讲座"), f["activities_training"], 12, 4, unit=_("次")),
    )


@rule(
    "6.2",
    todo=gettext_lazy("登记宣传材料和宣教资源，归档宣教基地和师资资料"),
    fix="projects:activity_list",
    links=("projects:activity_list",),
)
def education_resources(f):
    return (
        either(
            _("宣教设施与资源"),
            f["doc_6_n"],
            f["activities_with_materials"],
            strong_text=_("已归档宣教资源资料 %(n)s 份") % {"n": f["doc_6_n"]},
            weak_text=_("活动登记了材料，未归档设施和师资资料"),
            none_text=_("无资料"),
        ),
        count(_("近12个月发放宣传材料"), f["activities_materials"], 1000, 200, unit=_("份")),
        manual(_("宣教基地、师资和教材的使用效果无系统记录，请人工评定")),
    )


@rule(
    "6.3",
    todo=gettext_lazy("面向更多人群开展宣传培训，为活动上传照片"),
    fix="projects:activity_create",
    links=("projects:activity_list", "projects:activity_stats"),
)
def education_reach(f):
    per_thousand = round(f["activities_people"] * 1000 / f["population"]) if f["population"] else 0
    return (
        count(_("活动覆盖的人群类别"), f["activities_groups"], 5, 3, unit=_("类")),
        count(
            _("近12个月活动及照片记录"),
            f["activities_n"] + f["documents_activity_photos"],
            24,
            8,
            unit=_("条"),
        ),
        count(_("每千人参与人次"), per_thousand, 100, 30, unit=""),
    )


@rule(
    "6.4",
    todo=gettext_lazy("每年开展知晓率调查，知晓率达到 80%"),
    fix="projects:survey_create",
    links=("projects:survey_list",),
)
def education_effect(f):
    recent = f["survey_date"] and (f.today - f["survey_date"]).days <= 365
    return (
        either(
            _("知晓率调查"),
            recent,
            f["surveys_n"],
            strong_text=_("近12个月开展过"),
            weak_text=_("超过一年未调查"),
            none_text=_("未开展"),
        ),
        count(_("调查次数"), f["surveys_n"], 2, 1, unit=_("次")),
        count(_("最近一次知晓率"), f["survey_awareness"], 80, 70, c=50, unit="%")
        if f["surveys_n"]
        else Part("d", _("最近一次知晓率：未调查")),
    )


# ---- 7 应急预案和响应 ---------------------------------------------------------------------


@rule(
    "7.1",
    todo=gettext_lazy("针对自然灾害、事故灾难、公共卫生、社会安全各类风险编制预案并关联风险"),
    fix="emergency:plan_list",
    links=("emergency:plan_list",),
)
def emergency_risks(f):
    return (
        count(_("现行预案覆盖的突发事件类别"), f["eplans_categories"], 4, 2, unit=_("类")),
        share(_("关联风险的现行预案"), f, "eplans_linked", "eplans_n", a=60, b=30),
        share(_("有现行预案覆盖的红橙风险"), f, "hazards_high_plans", "hazards_high", a=80, b=40),
    )


@rule(
    "7.2",
    todo=gettext_lazy("在综合预案中明确总指挥和各处置组职责，组建应急队伍"),
    fix="emergency:plan_list",
    links=("emergency:plan_list", "emergency:team_list"),
)
def emergency_organisation(f):
    return (
        either(
            _("应急指挥"),
            f["eplans_comprehensive_led"],
            f["eplans_commanded"],
            strong_text=_("综合预案明确了总指挥"),
            weak_text=_("只有专项预案写明指挥"),
            none_text=_("未明确"),
        ),
        count(_("现行预案中的处置组"), f["plan_groups_n"], 5, 1, unit=_("个")),
        count(_("在役应急队伍"), f["teams_n"], 3, 1, unit=_("支")),
    )


@rule(
    "7.3",
    todo=gettext_lazy("补齐综合、专项预案和现场处置方案，按期评审修订"),
    fix="emergency:plan_create",
    links=("emergency:plan_list",),
)
def plan_system(f):
    overdue = f["eplans_review_overdue"]
    return (
        count(_("现行预案层级（综合/专项/现场）"), f["eplans_levels"], 3, 2, unit=_("级")),
        share(_("已批准的现行预案"), f, "eplans_approved", "eplans_n"),
        Part(
            ("a" if overdue == 0 else "b" if overdue * 5 <= f["eplans_n"] else "c")
            if f["eplans_n"]
            else "d",
            _("逾期未评审的现行预案：%(n)s / %(total)s") % {"n": overdue, "total": f["eplans_n"]},
        ),
    )


@rule(
    "7.4",
    todo=gettext_lazy("登记队伍、物资和避难场所，按期检查，补足过期或不足的物资"),
    fix="emergency:supply_list",
    links=("emergency:supply_list", "emergency:shelter_list", "emergency:team_list"),
)
def emergency_resources(f):
    held = bool(f["teams_n"]) + bool(f["supplies_n"]) + bool(f["shelters_n"])
    return (
        count(_("已登记的队伍、物资、避难场所类别"), held, 3, 2, unit=_("类")),
        share(_("按期检查的物资"), f, "supplies_checked", "supplies_n", a=90, b=60),
        share(_("未过期且数量足额的物资"), f, "supplies_sound", "supplies_n", a=95, b=80),
    )


@rule(
    "7.5",
    todo=gettext_lazy("按计划开展桌面和实战演练，演练后评估并登记问题"),
    fix="emergency:drill_create",
    links=("emergency:drill_list",),
)
def drills(f):
    return (
        count(_("近12个月计划或实施的演练"), f["drills_n"], 2, 1, unit=_("次")),
        count(
            _("近12个月实施的演练（含实战）"),
            f["drills_held"] + f["drills_field"],
            6,
            2,
            unit=_("次"),
        ),
        share(_("有评估的演练"), f, "drills_evaluated", "drills_held"),
    )


# ---- 8 监测与监督 -------------------------------------------------------------------------


@rule(
    "8.1",
    todo=gettext_lazy("制定检查计划并按计划检查，每次检查写明结论"),
    fix="hazards:plan_list",
    links=("hazards:plan_list", "hazards:inspection_list"),
)
def monitoring_rules(f):
    return (
        either(
            _("监测与监督制度"),
            document(f, 8, "rule") and f["inspection_plans_n"],
            f["inspection_plans_n"] or document(f, 8, "rule"),
            strong_text=_("有制度和检查计划"),
            weak_text=_("有检查计划，未归档成文制度"),
            none_text=_("无"),
        ),
        count(_("近12个月检查"), f["inspections_n"], 24, 6, unit=_("次")),
        weaker(
            share(_("写有结论的检查"), f, "inspections_summarised", "inspections_n"),
            # Only where the community schedules its inspections (检查排程): done on their day.
            *(
                (share(_("按时完成的排程检查"), f, "scheduled_on_time", "scheduled_due"),)
                if f["scheduled_due"]
                else ()
            ),
        ),
    )


@rule(
    "8.2",
    todo=gettext_lazy("生成月度、季度和年度评估报告，通报目标完成情况"),
    fix="archive:report_create",
    links=("archive:report_list", "projects:objective_list"),
)
def target_monitoring(f):
    return (
        share(_("有实际值来源的目标"), f, "objectives_measured", "objectives_n"),
        count(_("近12个月的评估报告"), f["reports_recent"], 4, 1, unit=_("份")),
        either(
            _("年度报告"),
            f["reports_annual"],
            f["reports_recent"],
            strong_text=_("近一年有年度评估报告"),
            weak_text=_("只有月度或季度报告"),
            none_text=_("无报告"),
        ),
    )


@rule(
    "8.3",
    todo=gettext_lazy("标注重点场所并每年至少检查一次，对项目开展过程和完工检查"),
    fix="hazards:inspection_create",
    links=("hazards:place_list", "hazards:inspection_list"),
)
def key_places(f):
    return (
        count(_("登记的重点场所"), f["key_places_n"], 5, 1, unit=_("处")),
        share(_("近12个月检查过的重点场所"), f, "inspections_key_places", "key_places_n"),
        count(_("近12个月项目检查"), f["inspections_projects"], 4, 1, unit=_("次")),
    )


@rule(
    "8.4",
    todo=gettext_lazy("与公安、消防等部门开展联合检查，登记居民和媒体的监督意见"),
    fix="hazards:inspection_list",
    links=("hazards:inspection_list", "committee:partner_list"),
)
def supervision(f):
    return (
        count(_("合作的政府部门和单位类别"), f["partners_kinds"], 5, 2, unit=_("类")),
        count(_("近12个月联合检查"), f["inspections_joint"], 4, 1, unit=_("次")),
        manual(_("媒体和居民监督意见的处理没有专门记录，请人工评定")),
    )


# ---- 9 事故与伤害记录 ---------------------------------------------------------------------


@rule(
    "9.1",
    todo=gettext_lazy("登记报告单位并每月报送伤害监测卡，归档记录报告制度"),
    fix="injuries:unit_list",
    links=("injuries:unit_list", "injuries:card_list"),
)
def injury_rules(f):
    return (
        either(
            _("记录报告制度"),
            document(f, 9, "rule") and f["units_n"],
            f["units_n"],
            strong_text=_("有制度和报告单位"),
            weak_text=_("有报告单位，未归档成文制度"),
            none_text=_("无报告单位"),
        ),
        count(_("近12个月有报卡的月份"), min(f["cards_months"], 12), 10, 6, unit=_("个月")),
        share(_("注明报告单位的报卡"), f, "cards_with_unit", "cards_n12", a=95, b=80),
    )


@rule(
    "9.2",
    todo=gettext_lazy("把医院、派出所、学校、企业等登记为报告单位并按时报卡"),
    fix="injuries:unit_create",
    links=("injuries:unit_list", "injuries:accident_list"),
)
def injury_sources(f):
    return (
        count(_("报告单位类别"), f["units_kinds"], 4, 2, unit=_("类")),
        count(_("近12个月有报卡的单位"), f["cards_units12"], 4, 2, unit=_("个")),
        count(_("近12个月登记的事故"), f["accidents_12m"], 2, 1, unit=_("起")),
    )


@rule(
    "9.3",
    todo=gettext_lazy("持续录入伤害监测卡，系统自动按原因、年龄、性别、地点统计"),
    fix="injuries:stats",
    links=("injuries:stats", "archive:report_list"),
)
def injury_statistics(f):
    return (
        count(_("近12个月伤害病例（可统计分析）"), f["cards_n12"], 30, 1, unit=_("例")),
        count(_("近12个月含统计分析的评估报告"), f["reports_recent"], 4, 1, unit=_("份")),
        Part(
            "a" if f["cards_n12"] and f["cards_prev12"] else "c" if f["cards_n12"] else "d",
            _("同比比较：近12个月 %(now)s 例，上一年 %(before)s 例")
            % {"now": f["cards_n12"], "before": f["cards_prev12"]},
        ),
    )


@rule(
    "9.4",
    todo=gettext_lazy("用伤害数据设定目标、识别风险，使伤害数下降"),
    fix="projects:objective_list",
    links=("projects:objective_list", "injuries:stats"),
)
def injury_use(f):
    return (
        count(_("以伤害发生率为指标的目标"), f["objectives_injury"], 2, 1, unit=_("项")),
        count(_("依据伤害数据识别的风险"), f["hazards_from_injuries"], 3, 1, unit=_("项")),
        measures(f)[2],
    )


# ---- 10 安全社区创建档案 ------------------------------------------------------------------


@rule(
    "10.1",
    todo=gettext_lazy("归档档案管理制度，明确办公室专人管理并持续归档"),
    fix="archive:document_create",
    links=("archive:document_list",),
)
def archive_rules(f):
    return (
        either(
            _("档案管理制度"),
            document(f, 10, "rule"),
            f["documents_n"],
            strong_text=_("已归档"),
            weak_text=_("有档案，未归档管理制度"),
            none_text=_("无档案"),
        ),
        count(_("近12个月归档资料"), f["documents_recent"], 20, 5, unit=_("份")),
        count(_("办公室管理人员"), f["members_office"], 1, 1, c=1, unit=_("人")),
    )


@rule(
    "10.2",
    todo=gettext_lazy("为每个要素归档文件和照片，缺少资料的要素优先补齐"),
    fix="archive:catalogue",
    links=("archive:catalogue",),
)
def archive_content(f):
    return (
        count(_("有归档资料的要素"), f["doc_elements"], 12, 8, unit=_("个")),
        count(
            _("照片和图片资料"), f["documents_images"] + f["drill_photos_n"], 10, 3, unit=_("份")
        ),
        count(_("近12个月有新资料的要素"), f["doc_elements_12m"], 10, 6, unit=_("个")),
    )


@rule(
    "10.3",
    todo=gettext_lazy("为每份资料标注要素，把资料挂到对应记录上，并生成档案册"),
    fix="archive:dossier",
    links=("archive:catalogue", "archive:dossier"),
)
def archive_catalogue(f):
    return (
        share(_("标注了要素的资料"), f, "documents_tagged", "documents_n", a=100, b=80),
        Part(
            "a" if f["documents_linked"] else "b" if f["documents_n"] else "d",
            _("挂在业务记录上的资料：%(n)s 份") % {"n": f["documents_linked"]},
        ),
        either(
            _("档案册"),
            f["dossiers_done"],
            f["documents_n"],
            strong_text=_("已生成档案册"),
            weak_text=_("可按要素查阅，尚未生成档案册"),
            none_text=_("无档案"),
        ),
    )


# ---- 11 预防与纠正措施 --------------------------------------------------------------------


@rule(
    "11.1",
    todo=gettext_lazy("把检查、演练、评审发现的问题转为纠正措施，写明原因分析并验证"),
    fix="hazards:action_list",
    links=("hazards:action_list",),
)
def corrective_rules(f):
    return (
        count(_("纠正措施的问题来源类别"), f["actions_sources"], 3, 2, unit=_("类")),
        share(_("写有原因分析的措施"), f, "actions_with_cause", "actions_n", a=80, b=30),
        share(_("已验证的完成措施"), f, "actions_verified", "actions_done", a=80, b=50),
    )


@rule(
    "11.2",
    todo=gettext_lazy("为每项隐患落实责任部门和期限，重大隐患制定治理方案，按期整改"),
    fix="hazards:danger_list",
    links=("hazards:danger_list",),
)
def rectification(f):
    major = (
        share(_("有治理方案的重大隐患"), f, "dangers_major_planned", "dangers_major", a=100, b=60)
        if f["dangers_major"]
        else Part("a" if f["dangers_n"] else "d", _("重大隐患：无"))
    )
    return (
        share(_("落实责任和期限的隐患"), f, "dangers_assigned", "dangers_n"),
        major,
        share(_("到期隐患按期整改"), f, "dangers_on_time", "dangers_due", a=90, b=70),
    )


@rule(
    "11.3",
    todo=gettext_lazy("整改后及时复查销号，复查不合格的退回重改"),
    fix="hazards:danger_list",
    links=("hazards:danger_list",),
)
def verification(f):
    overdue = f["dangers_overdue"]
    return (
        count(_("复查验收的隐患"), f["dangers_verified"], 5, 1, unit=_("项")),
        share(_("整改后已复查的隐患"), f, "dangers_verified", "dangers_rectified"),
        Part(
            ("a" if overdue == 0 else "b" if overdue <= 2 else "c") if f["dangers_n"] else "d",
            _("逾期未整改的隐患：%(n)s 项；一次复查通过销号 %(first)s 项")
            % {"n": overdue, "first": f["dangers_closed_first_time"]},
        ),
    )


# ---- 12 评审与持续改进 --------------------------------------------------------------------


@rule(
    "12.1",
    todo=gettext_lazy("归档评审制度，每年至少开展一次管理评审并写明结论"),
    fix="archive:review_create",
    links=("archive:review_list",),
)
def review_rules(f):
    if f["reviews_recent"]:
        recent = Part("a", _("近12个月开展管理评审 %(n)s 次") % {"n": f["reviews_recent"]})
    elif f["reviews_recent2"]:
        recent = Part("b", _("管理评审已超过一年"))
    else:
        recent = Part("c" if f["reviews_n"] else "d", _("近两年未开展管理评审"))
    return (
        either(
            _("评审制度"),
            document(f, 12, "rule"),
            f["reviews_n"],
            strong_text=_("已归档"),
            weak_text=_("开展过评审，未归档成文制度"),
            none_text=_("无"),
        ),
        recent,
        share(_("写明结论的评审"), f, "reviews_concluded", "reviews_n"),
    )


@rule(
    "12.2",
    todo=gettext_lazy("生成年度评估报告，开展管理评审和年度自评"),
    fix="archive:report_create",
    links=("archive:report_list", "archive:review_list"),
)
def evaluation_reports(f):
    return (
        either(
            _("评估报告"),
            f["reports_annual"],
            f["reports_n"],
            strong_text=_("近一年有年度评估报告"),
            weak_text=_("只有月度或季度报告"),
            none_text=_("无报告"),
        ),
        count(_("近12个月评估报告"), f["reports_recent"], 4, 1, unit=_("份")),
        count(_("近12个月的自评"), f["assessments_12m"], 1, 1, unit=_("次")),
    )


@rule(
    "12.3",
    todo=gettext_lazy("把评审决定转为措施，纳入下一周期计划并跟踪完成"),
    fix="archive:review_list",
    links=("archive:review_list", "hazards:action_list"),
)
def improvement(f):
    return (
        count(_("评审的改进决定"), f["decisions_n"], 3, 1, unit=_("项")),
        share(_("转为措施的改进决定"), f, "decisions_linked", "decisions_n", a=80, b=50),
        share(
            _("评审转出的措施已完成"),
            f,
            "actions_from_reviews_done",
            "actions_from_reviews",
            a=80,
            b=50,
        ),
    )


def propose_one(code, facts):
    """The proposal for one indicator code; a manual placeholder for codes without a rule."""
    found = RULES.get(code)
    if found is None:
        reason = _("没有对应的规则，请人工评定")
        return Proposal(code, {name: manual(reason) for name in PARTS})
    parts = dict(zip(PARTS, found.judge(facts), strict=True))
    return Proposal(
        code,
        parts,
        links=[Link(str(label), facts.url(name)) for label, name in found.links if facts.url(name)],
        todo=str(found.todo),
        fix_url=facts.url(found.fix),
    )


def propose(facts):
    """{indicator code: Proposal} for every registered rule."""
    return {code: propose_one(code, facts) for code in RULES}
