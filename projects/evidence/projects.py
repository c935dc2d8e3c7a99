"""Evidence of elements 5 (safety promotion projects) and 6 (publicity, education, training)
for a period; ``projects.evidence`` composes these with element 4 and the home-page status."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.elements import SafetyArea
from safecommunity.evidence import Chart, ElementEvidence, Figure, Table

from .. import charts, selectors, statistics
from ..choices import DEFAULT_AWARENESS_THRESHOLD, DEFAULT_COVERAGE_THRESHOLD, ProjectStatus

MAX_UPDATE_ROWS = 60


def plain(value):
    """A Decimal or float written plainly (12, 12.5), or "—"."""
    if value is None:
        return "—"
    return f"{float(value):g}"


def percent_text(value):
    return "—" if value is None else f"{float(value):g}%"


def judged_on(period):
    """The day the period is judged on: its end, or today while it is still running."""
    return min(period.end, timezone.localdate())


# Element 5 ---------------------------------------------------------------------------------


def projects_evidence(community, period):
    evidence = ElementEvidence(element=5)
    today = judged_on(period)
    projects = list(
        selectors.projects(community)
        .filter(start_date__lte=period.end, end_date__gte=period.start)
        .order_by("safety_area", "start_date")
    )
    updates = list(
        selectors.updates(community)
        .filter(date__gte=period.start, date__lte=period.end)
        .order_by("-date", "-pk")
    )
    stale = [p for p in projects if p.is_stale(today)]
    areas = {p.safety_area for p in projects}
    budget = sum((p.budget or 0) for p in projects)
    counts = {s: sum(1 for p in projects if p.status == s) for s in ProjectStatus}

    evidence.summary = _(
        "本期开展安全促进项目 %(n)d 个，覆盖 %(areas)d 个安全领域；实施中 %(running)d 个，"
        "已完成 %(completed)d 个；本期进展更新 %(updates)d 次。"
    ) % {
        "n": len(projects),
        "areas": len(areas),
        "running": counts[ProjectStatus.RUNNING],
        "completed": counts[ProjectStatus.COMPLETED],
        "updates": len(updates),
    }
    evidence.figures = [
        Figure(_("安全促进项目"), len(projects), _("个")),
        Figure(_("覆盖安全领域"), f"{len(areas)}/{len(SafetyArea)}"),
        Figure(_("实施中项目"), counts[ProjectStatus.RUNNING], _("个")),
        Figure(_("已完成项目"), counts[ProjectStatus.COMPLETED], _("个")),
        Figure(_("项目预算合计"), plain(budget), _("万元")),
        Figure(_("本期进展更新"), len(updates), _("次")),
        Figure(_("超过30天未更新的实施中项目"), len(stale), _("个")),
    ]
    area_labels = dict(SafetyArea.choices)
    area_rows = []
    for area in SafetyArea:
        in_area = [p for p in projects if p.safety_area == area]
        if in_area:
            area_rows.append(
                [
                    str(area_labels[area]),
                    len(in_area),
                    sum(1 for p in in_area if p.status == ProjectStatus.RUNNING),
                    sum(1 for p in in_area if p.status == ProjectStatus.COMPLETED),
                    f"{round(sum(p.progress for p in in_area) / len(in_area))}%",
                ]
            )
    evidence.tables.append(
        Table(
            _("各安全领域项目"),
            [_("安全领域"), _("项目数"), _("实施中"), _("已完成"), _("平均进度")],
            area_rows,
        )
    )
    evidence.tables.append(
        Table(
            _("安全促进项目一览"),
            [
                _("项目"),
                _("安全领域"),
                _("责任工作组"),
                _("目标人群"),
                _("干预策略"),
                _("状态"),
                _("进度"),
                _("效果评估"),
            ],
            [
                [
                    p.title,
                    p.get_safety_area_display(),
                    p.working_group.name,
                    p.target_groups_display,
                    p.interventions_display,
                    p.get_status_display(),
                    f"{p.progress}%",
                    _effect_text(p),
                ]
                for p in projects
            ],
        )
    )
    if updates:
        evidence.tables.append(
            Table(
                _("本期项目进展"),
                [_("日期"), _("项目"), _("进度"), _("完成的工作")],
                [
                    [u.date.isoformat(), u.project.title, f"{u.percent}%", u.done[:120]]
                    for u in updates[:MAX_UPDATE_ROWS]
                ],
                note=_("共 %(n)d 条，列出最近 %(shown)d 条。")
                % {"n": len(updates), "shown": min(len(updates), MAX_UPDATE_ROWS)}
                if len(updates) > MAX_UPDATE_ROWS
                else "",
            )
        )
    if projects:
        rows = {}
        for p in projects:
            key = (p.safety_area, p.status)
            rows[key] = rows.get(key, 0) + 1
        evidence.charts.append(
            Chart(
                _("各安全领域项目数（按状态）"),
                charts.projects_by_area_and_status(
                    [{"safety_area": a, "status": s, "n": n} for (a, s), n in rows.items()]
                ),
            )
        )
    if not projects:
        evidence.gaps.append(_("本期没有安全促进项目。"))
    else:
        uncovered = [str(area.label) for area in SafetyArea if area not in areas]
        if uncovered:
            evidence.gaps.append(
                _("以下安全领域本期没有项目：%(areas)s。") % {"areas": "、".join(uncovered)}
            )
    for p in projects:
        if p.status == ProjectStatus.COMPLETED and p.indicator_after is None:
            evidence.gaps.append(_("项目“%(title)s”已完成但缺少效果指标。") % {"title": p.title})
    if stale:
        evidence.gaps.append(
            _("%(n)d 个实施中项目超过 30 天未更新进展：%(titles)s。")
            % {"n": len(stale), "titles": "、".join(p.title for p in stale[:10])}
        )
    return evidence


def _effect_text(project):
    if project.indicator_before is None or project.indicator_after is None:
        return ""
    unit = project.indicator_unit
    return f"{project.indicator_name} {plain(project.indicator_before)}{unit} → {plain(project.indicator_after)}{unit}"


# Element 6 ---------------------------------------------------------------------------------


def training_evidence(community, period):
    evidence = ElementEvidence(element=6)
    stats = statistics.activity_stats(community, period)
    surveys = statistics.surveys_in(community, period)
    coverage, awareness = statistics.pooled_survey_result(surveys)
    evidence.summary = _(
        "本期开展宣传教育培训活动 %(n)d 场，参加 %(people)d 人次，相当于常住人口的 %(share)s；"
        "发放资料 %(materials)d 份；开展知晓率调查 %(surveys)d 次。"
    ) % {
        "n": stats.count,
        "people": stats.participants,
        "share": percent_text(stats.reach_share),
        "materials": stats.materials,
        "surveys": len(surveys),
    }
    evidence.figures = [
        Figure(_("宣传教育培训活动"), stats.count, _("场")),
        Figure(_("参加人次"), stats.participants, _("人次")),
        Figure(_("覆盖人次占常住人口"), percent_text(stats.reach_share)),
        Figure(_("发放资料"), stats.materials, _("份")),
        Figure(_("知晓率调查"), len(surveys), _("次")),
    ]
    if surveys:
        evidence.figures += [
            Figure(_("安全知识知晓率"), percent_text(awareness)),
            Figure(_("调查覆盖率"), percent_text(coverage)),
        ]
    evidence.tables += [
        Table(
            _("各月活动"),
            [_("月份"), _("场次"), _("参加人次")],
            [[label, n, p] for label, n, p in stats.months],
        ),
        Table(
            _("按活动类型"), [_("类型"), _("场次"), _("参加人次")], [list(r) for r in stats.by_kind]
        ),
        Table(
            _("按安全领域"),
            [_("安全领域"), _("场次"), _("参加人次")],
            [list(r) for r in stats.by_area],
        ),
        Table(
            _("重点人群参加人次"),
            [_("人群"), _("人次")],
            [[str(label), n] for label, n in stats.by_group],
        ),
    ]
    evidence.tables.append(
        Table(
            _("知晓率调查结果"),
            [_("日期"), _("调查"), _("调查人数/对象总数"), _("覆盖率"), _("知晓率"), _("是否达标")],
            [
                [
                    s.date.isoformat(),
                    s.title,
                    f"{s.sample_size}/{s.population}",
                    f"{percent_text(s.coverage)}（≥{s.coverage_threshold}%）",
                    f"{percent_text(s.awareness_rate)}（≥{s.awareness_threshold}%）",
                    _("达标") if s.meets_coverage and s.meets_awareness else _("未达标"),
                ]
                for s in surveys
            ],
            note=_("达标要求默认取调查受众面 ≥ %(c)d%%、知晓率 ≥ %(a)d%%。")
            % {"c": DEFAULT_COVERAGE_THRESHOLD, "a": DEFAULT_AWARENESS_THRESHOLD},
        )
    )
    if stats.count:
        evidence.charts += [
            Chart(_("各月活动场次"), charts.activities_by_month(stats)),
            Chart(_("各月参加人次"), charts.participants_by_month(stats)),
            Chart(_("各安全领域参加人次"), charts.activities_by_area(stats)),
            Chart(_("活动类型构成"), charts.activities_by_kind(stats)),
            Chart(_("累计覆盖人次占常住人口比例"), charts.reach_over_time(stats)),
        ]
    if surveys:
        evidence.charts.append(Chart(_("知晓率与覆盖率"), charts.survey_results(surveys)))
    if not stats.count:
        evidence.gaps.append(_("本期没有宣传教育培训活动记录。"))
    if not surveys:
        evidence.gaps.append(_("本期没有开展知晓率调查。"))
    for s in surveys:
        if not s.meets_awareness:
            evidence.gaps.append(
                _("“%(title)s”知晓率 %(rate)s，未达到 %(target)d%%。")
                % {
                    "title": s.title,
                    "rate": percent_text(s.awareness_rate),
                    "target": s.awareness_threshold,
                }
            )
        if not s.meets_coverage:
            evidence.gaps.append(
                _("“%(title)s”覆盖率 %(rate)s，未达到 %(target)d%%。")
                % {
                    "title": s.title,
                    "rate": percent_text(s.coverage),
                    "target": s.coverage_threshold,
                }
            )
    return evidence
