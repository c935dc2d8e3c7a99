"""What the dossier and the home page take from the projects app (elements 4, 5, 6)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from projects import evidence, services
from projects.choices import PlanKind
from safecommunity.evidence import Period, collect_element, element_statuses

from .factories import (
    ActivityFactory,
    ObjectiveFactory,
    PlanFactory,
    PlanTaskFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def figures(result):
    return {f.label: f.value for f in result.figures}


def test_status_names_what_is_missing_for_an_empty_community(cast):
    statuses = {(s.element, s.label): s for s in evidence.status(cast.community)}
    assert statuses[(4, "目标与计划")].count == 0
    assert "尚无创建总体规划" in statuses[(4, "目标与计划")].missing
    assert statuses[(5, "安全促进项目")].missing == ["尚无安全促进项目"]
    assert statuses[(6, "知晓率调查")].missing == ["尚无知晓率调查"]


def test_status_counts_and_flags_stale_projects_and_low_awareness(cast):
    year = timezone.localdate().year
    PlanFactory(community=cast.community)
    PlanFactory(community=cast.community, kind=PlanKind.ANNUAL, start_year=year, end_year=year)
    stale = ProjectFactory(community=cast.community, working_group=cast.group)
    ProjectUpdateFactory(project=stale, date=timezone.localdate() - datetime.timedelta(days=40))
    services.refresh_progress(stale)
    fresh = ProjectFactory(community=cast.community, working_group=cast.group)
    ProjectUpdateFactory(project=fresh, date=timezone.localdate())
    services.refresh_progress(fresh)
    SurveyFactory(community=cast.community, sample_size=6000, aware_count=4200)  # 70 % aware
    statuses = {(s.element, s.label): s for s in evidence.status(cast.community)}
    assert statuses[(4, "目标与计划")].missing == []
    assert statuses[(5, "安全促进项目")].count == 2
    assert statuses[(5, "安全促进项目")].missing == ["1 个实施中项目超过 30 天未更新进展"]
    assert statuses[(5, "近 30 天项目进展更新")].count == 1
    assert statuses[(6, "知晓率调查")].missing == ["最近一次调查知晓率 70%，低于 80%"]
    # The home page composes these through the shared registry.
    assert any(s.label == "安全促进项目" for s in element_statuses(cast.community)[5])


def test_element_4_plans_tasks_and_objectives(cast):
    year = timezone.localdate().year - 1
    period = Period.year(year)
    plan = PlanFactory(community=cast.community, start_year=year, end_year=year + 2)
    PlanTaskFactory(
        plan=plan,
        due_date=datetime.date(year, 3, 1),
        status="done",
        done_on=datetime.date(year, 2, 20),
    )
    PlanTaskFactory(plan=plan, due_date=datetime.date(year, 6, 1))  # overdue by the year's end
    objective = ObjectiveFactory(
        community=cast.community, plan=plan, baseline_year=year - 1, target_year=year + 1
    )  # 40 → 100: the line passes 70
    services.record_objective_value(objective=objective, year=year, value=Decimal("65"))
    result = evidence.collect(cast.community, 4, period)
    values = figures(result)
    assert values["本期到期任务"] == 2
    assert values["任务完成率"] == "50%"
    assert values["逾期未完成任务"] == 1
    assert values["滞后目标"] == 1
    objectives_table = next(t for t in result.tables if t.title == "预防目标完成情况")
    assert objectives_table.rows[0][4:] == [f"65（{year}）", "滞后"]
    assert f"缺少年度计划：{year}年。" in result.gaps
    assert any("进度滞后" in gap for gap in result.gaps)
    assert all(chart.svg.startswith("<svg") for chart in result.charts)


def test_element_5_projects_by_area_status_and_evaluation(cast):
    period = Period.year(timezone.localdate().year)
    start = period.start
    ProjectFactory(
        community=cast.community, working_group=cast.group, start_date=start, budget=Decimal("12.5")
    )
    ProjectFactory(
        community=cast.community,
        working_group=cast.other_group,
        safety_area="fire",
        start_date=start,
        status="completed",
        budget=Decimal("7.5"),
        process_evaluation="按计划完成",
        effect_evaluation="火灾隐患下降",
        indicator_name="隐患数",
        indicator_unit="处",
        indicator_before=Decimal("80"),
        indicator_after=Decimal("12"),
    )
    ProjectFactory(
        community=cast.community,
        working_group=cast.group,
        start_date=start - datetime.timedelta(days=800),
        end_date=start - datetime.timedelta(days=400),
    )  # ended before the period
    result = evidence.collect(cast.community, 5, period)
    values = figures(result)
    assert values["安全促进项目"] == 2
    assert values["覆盖安全领域"] == "2/12"
    assert values["项目预算合计"] == "20"
    listing = next(t for t in result.tables if t.title == "安全促进项目一览")
    assert ["隐患数 80处 → 12处"] == [row[7] for row in listing.rows if row[7]]
    assert any(g.startswith("以下安全领域本期没有项目：") for g in result.gaps)


def test_element_6_activities_reach_and_surveys_against_thresholds(cast):
    period = Period.year(timezone.localdate().year)
    day = period.start + datetime.timedelta(days=10)
    ActivityFactory(
        community=cast.community, date=day, participants=300, elderly_count=100, materials_count=250
    )
    ActivityFactory(
        community=cast.community, date=day, participants=200, kind="training", safety_area="fire"
    )
    SurveyFactory(
        community=cast.community, date=day, population=10000, sample_size=4000, aware_count=3400
    )
    result = evidence.collect(cast.community, 6, period)
    values = figures(result)
    assert values["宣传教育培训活动"] == 2
    assert values["参加人次"] == 500
    assert values["覆盖人次占常住人口"] == "1%"  # 500 of 50,000 residents
    assert values["安全知识知晓率"] == "85%"
    assert values["调查覆盖率"] == "40%"
    assert "“知晓率调查" in " ".join(result.gaps) and "覆盖率 40%，未达到 50%" in " ".join(
        result.gaps
    )
    groups = next(t for t in result.tables if t.title == "重点人群参加人次")
    assert groups.rows[0] == ["老年人", 100]
    assert len(result.charts) == 6


def test_collect_through_the_registry_says_when_nothing_is_held(cast):
    result = collect_element(cast.community, 6, Period.year(2001))
    assert "本期没有宣传教育培训活动记录。" in result.gaps
