"""What the dossier and the periodic reports take from this app: elements 4, 5 and 6.

``status`` is cheap (a few COUNT queries) for the community home page; ``collect`` gives the
figures, tables and charts of one element for a period. Nothing here is personal data.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.evidence import (
    Chart,
    ElementEvidence,
    ElementStatus,
    Figure,
    Table,
    year_label,
)

from .. import charts, selectors
from ..choices import (
    STALE_AFTER_DAYS,
    PlanKind,
    Progress,
    TaskStatus,
)
from ..indicators import IndicatorSource, evaluate
from ..models import Activity, AwarenessSurvey, Objective, Plan, PlanTask, Project, ProjectUpdate
from .projects import judged_on, percent_text, plain, projects_evidence, training_evidence
from .todo import todo  # noqa: F401 - the evidence protocol's to-do lists

ELEMENTS = (4, 5, 6)

# Record kinds whose presence shows an element is covered (region rankings count them in bulk).
COVERAGE = {
    4: ("projects.Plan", "projects.Objective"),
    5: ("projects.Project",),
    6: ("projects.Activity", "projects.AwarenessSurvey"),
}
MAX_OBJECTIVE_CHARTS = 6


# Home page ---------------------------------------------------------------------------------


def status(community):
    today = timezone.localdate()
    plans = Plan.objects.filter(community=community)
    plan_missing = []
    if not plans.filter(kind=PlanKind.OVERALL).exists():
        plan_missing.append(_("尚无创建总体规划"))
    if not plans.filter(kind=PlanKind.ANNUAL, start_year=today.year).exists():
        plan_missing.append(_("尚无%(year)d年度计划") % {"year": today.year})
    objective_count = Objective.objects.filter(community=community).count()

    projects = Project.objects.filter(community=community)
    project_count = projects.count()
    stale = selectors.stale_projects(today, community).count()
    project_missing = [] if project_count else [_("尚无安全促进项目")]
    if stale:
        project_missing.append(
            _("%(n)d 个实施中项目超过 %(days)d 天未更新进展")
            % {"n": stale, "days": STALE_AFTER_DAYS}
        )
    recent_updates = ProjectUpdate.objects.filter(
        community=community, date__gt=today - datetime.timedelta(days=STALE_AFTER_DAYS)
    ).count()

    activity_count = Activity.objects.filter(community=community).count()
    latest_survey = AwarenessSurvey.objects.filter(community=community).order_by("-date").first()
    survey_missing = []
    if latest_survey is None:
        survey_missing.append(_("尚无知晓率调查"))
    else:
        if not latest_survey.meets_awareness:
            survey_missing.append(
                _("最近一次调查知晓率 %(rate)s，低于 %(target)d%%")
                % {
                    "rate": percent_text(latest_survey.awareness_rate),
                    "target": latest_survey.awareness_threshold,
                }
            )
        if not latest_survey.meets_coverage:
            survey_missing.append(
                _("最近一次调查覆盖率 %(rate)s，低于 %(target)d%%")
                % {
                    "rate": percent_text(latest_survey.coverage),
                    "target": latest_survey.coverage_threshold,
                }
            )
    return [
        ElementStatus(4, _("目标与计划"), plans.count(), "projects:plan_list", plan_missing),
        ElementStatus(
            4,
            _("预防目标"),
            objective_count,
            "projects:objective_list",
            [] if objective_count else [_("尚无可量化的预防目标")],
        ),
        ElementStatus(
            5, _("安全促进项目"), project_count, "projects:project_list", project_missing
        ),
        ElementStatus(
            5,
            _("近 %(days)d 天项目进展更新") % {"days": STALE_AFTER_DAYS},
            recent_updates,
            "projects:project_list",
        ),
        ElementStatus(
            6,
            _("宣传教育培训活动"),
            activity_count,
            "projects:activity_list",
            [] if activity_count else [_("尚无宣传教育培训活动记录")],
        ),
        ElementStatus(
            6,
            _("知晓率调查"),
            AwarenessSurvey.objects.filter(community=community).count(),
            "projects:survey_list",
            survey_missing,
        ),
    ]


def collect(community, element, period):
    builders = {4: _objectives_and_plans, 5: projects_evidence, 6: training_evidence}
    if element not in builders:
        return ElementEvidence(element=element)
    return builders[element](community, period)


# Element 4 ---------------------------------------------------------------------------------


def _objectives_and_plans(community, period):
    evidence = ElementEvidence(element=4)
    plans = list(
        selectors.plans(community).filter(
            start_year__lte=period.end.year, end_year__gte=period.start.year
        )
    )
    tasks = PlanTask.objects.filter(
        community=community, due_date__gte=period.start, due_date__lte=period.end
    ).select_related("plan", "working_group")
    tasks = list(tasks)
    today = judged_on(period)
    done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
    overdue = [t for t in tasks if t.is_overdue(today)]
    objectives = list(
        selectors.objectives(community).filter(
            baseline_year__lte=period.end.year, target_year__gte=period.start.year
        )
    )
    source = IndicatorSource(community, today=today)
    evaluations = [evaluate(objective, source) for objective in objectives]
    by_progress = dict.fromkeys(Progress, 0)
    for evaluation in evaluations:
        by_progress[Progress(evaluation.progress)] += 1

    evidence.summary = _(
        "本期有效计划 %(plans)d 项，到期任务 %(tasks)d 项、已完成 %(done)d 项；"
        "预防目标 %(objectives)d 项，其中已达标 %(achieved)d 项、按计划推进 %(on_track)d 项、"
        "滞后 %(behind)d 项。"
    ) % {
        "plans": len(plans),
        "tasks": len(tasks),
        "done": done,
        "objectives": len(objectives),
        "achieved": by_progress[Progress.ACHIEVED],
        "on_track": by_progress[Progress.ON_TRACK],
        "behind": by_progress[Progress.BEHIND],
    }
    evidence.figures = [
        Figure(_("有效计划"), len(plans), _("项")),
        Figure(_("本期到期任务"), len(tasks), _("项")),
        Figure(_("任务完成率"), percent_text(round(done * 100 / len(tasks), 1)) if tasks else "—"),
        Figure(_("逾期未完成任务"), len(overdue), _("项")),
        Figure(_("预防目标"), len(objectives), _("项")),
        Figure(_("已达标目标"), by_progress[Progress.ACHIEVED], _("项")),
        Figure(_("滞后目标"), by_progress[Progress.BEHIND], _("项")),
    ]
    evidence.tables.append(
        Table(
            _("创建规划与年度计划"),
            [_("计划"), _("类型"), _("期限"), _("状态"), _("批准"), _("任务完成")],
            [
                [
                    p.title,
                    p.get_kind_display(),
                    p.period_label,
                    p.get_status_display(),
                    " ".join(filter(None, [str(p.approved_on or ""), p.approved_by])),
                    f"{p.tasks_done}/{p.task_count}",
                ]
                for p in plans
            ],
        )
    )
    if tasks:
        evidence.tables.append(
            Table(
                _("本期到期任务"),
                [_("任务"), _("计划"), _("责任"), _("完成时限"), _("状态")],
                [
                    [
                        t.title,
                        t.plan.title,
                        t.owner or (t.working_group.name if t.working_group else ""),
                        t.due_date.isoformat(),
                        _("逾期") if t in overdue else t.get_status_display(),
                    ]
                    for t in tasks
                ],
            )
        )
    evidence.tables.append(
        Table(
            _("预防目标完成情况"),
            [_("目标"), _("指标"), _("基线"), _("目标值"), _("最新实际值"), _("评价")],
            [
                [
                    e.objective.title,
                    f"{e.objective.indicator}（{e.objective.unit}）"
                    if e.objective.unit
                    else e.objective.indicator,
                    f"{plain(e.objective.baseline_value)}（{e.objective.baseline_year}）",
                    f"{plain(e.objective.target_value)}（{e.objective.target_year}）",
                    f"{plain(e.latest.value)}（{e.latest.year}）" if e.latest else "—",
                    e.progress_label,
                ]
                for e in evaluations
            ],
            note=_(
                "伤害发生率按完整年度评价；评价以基线到目标的线性轨迹为准，伤害发生率越低越好。"
            ),
        )
    )
    if evaluations:
        evidence.charts.append(
            Chart(
                _("预防目标评价"),
                charts.charts.donut_chart(
                    [p.label for p in Progress], [by_progress[p] for p in Progress]
                ),
            )
        )
    for evaluation in [e for e in evaluations if e.latest][:MAX_OBJECTIVE_CHARTS]:
        evidence.charts.append(
            Chart(evaluation.objective.title, charts.objective_chart(evaluation))
        )
    if not any(p.kind == PlanKind.OVERALL for p in plans):
        evidence.gaps.append(_("本期没有有效的创建总体规划。"))
    missing_years = [
        year
        for year in range(period.start.year, period.end.year + 1)
        if not any(p.kind == PlanKind.ANNUAL and p.start_year == year for p in plans)
    ]
    if missing_years:
        evidence.gaps.append(
            _("缺少年度计划：%(years)s。")
            % {"years": "、".join(year_label(y) for y in missing_years)}
        )
    if not objectives:
        evidence.gaps.append(_("尚未制定可量化的预防目标。"))
    for evaluation in evaluations:
        if evaluation.progress == Progress.BEHIND:
            evidence.gaps.append(
                _("目标“%(title)s”进度滞后。") % {"title": evaluation.objective.title}
            )
    return evidence
