"""Validation rules of the projects models, with the messages users see."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects.choices import IndicatorKind, PlanKind, PlanStatus
from projects.models import Activity, AwarenessSurvey, Objective, Plan, ProjectUpdate

from .factories import ActivityFactory, PlanFactory, ProjectFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def messages_of(exc_info):
    return [m for msgs in exc_info.value.message_dict.values() for m in msgs]


def test_annual_plan_must_cover_one_year_inside_its_overall_plan(cast):
    overall = PlanFactory(community=cast.community, start_year=2025, end_year=2027)
    plan = Plan(
        community=cast.community,
        kind=PlanKind.ANNUAL,
        title="2028年度计划",
        start_year=2028,
        end_year=2029,
        parent=overall,
        goals="目标",
    )
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "年度计划的起始年度和截止年度应为同一年。" in messages_of(exc)
    plan.end_year = 2028
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "年度计划的年份应在总体规划的期限（2025–2027年）之内。" in messages_of(exc)
    plan.start_year = plan.end_year = 2026
    plan.full_clean()


def test_active_plan_needs_approval_date(cast):
    plan = PlanFactory.build(community=cast.community, status=PlanStatus.ACTIVE)
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "计划进入实施前须填写批准日期。" in messages_of(exc)


def test_plan_years_are_a_database_constraint(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(community=cast.community, start_year=2027, end_year=2025)


def objective(**fields):
    values = {
        "title": "跌倒伤害下降",
        "indicator": "跌倒伤害发生率",
        "baseline_value": Decimal("9.2"),
        "baseline_year": 2025,
        "target_value": Decimal("7.2"),
        "target_year": 2027,
    }
    values.update(fields)
    return Objective(**values)


def test_injury_rate_objective_is_lower_is_better_with_per_mille_unit(cast):
    item = objective(
        community=cast.community,
        indicator_kind=IndicatorKind.INJURY_RATE,
        direction="higher",
        unit="人",
    )
    item.full_clean()
    assert item.direction == "lower"
    assert item.unit == "‰"


def test_target_must_improve_on_baseline_in_the_indicators_direction(cast):
    item = objective(
        community=cast.community,
        indicator_kind=IndicatorKind.INJURY_RATE,
        target_value=Decimal("10"),
    )
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "该指标越低越好，目标值应低于基线值。" in messages_of(exc)
    item = objective(
        community=cast.community,
        indicator_kind=IndicatorKind.AWARENESS_RATE,
        baseline_value=Decimal("62"),
        target_value=Decimal("50"),
    )
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "该指标越高越好，目标值应高于基线值。" in messages_of(exc)


def test_age_group_only_for_injury_rates(cast):
    item = objective(
        community=cast.community,
        indicator_kind=IndicatorKind.MANUAL,
        direction="lower",
        age_group="65+",
    )
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "年龄组和伤害原因只适用于伤害发生率指标。" in messages_of(exc)


def test_target_year_after_baseline_year(cast):
    item = objective(community=cast.community, target_year=2025, direction="lower")
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "目标年度必须晚于基线年度。" in messages_of(exc)


def test_project_end_before_start_and_completion_needs_evaluation(cast):
    project = ProjectFactory.build(
        community=cast.community,
        working_group=cast.group,
        status="completed",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as exc:
        project.full_clean()
    assert "结束日期不能早于开始日期。" in messages_of(exc)
    assert "项目完成前须填写过程评估和效果评估。" in messages_of(exc)


def test_project_rejects_unknown_target_group(cast):
    project = ProjectFactory.build(
        community=cast.community, working_group=cast.group, target_groups=["elderly", "aliens"]
    )
    with pytest.raises(ValidationError) as exc:
        project.full_clean()
    assert "未知的目标人群：aliens" in messages_of(exc)


def test_project_effect_change_is_direction_aware(cast):
    project = ProjectFactory.build(
        indicator_before=Decimal("80"), indicator_after=Decimal("20"), indicator_direction="lower"
    )
    assert project.effect_change == -75.0
    assert project.effect_improved is True
    project.indicator_direction = "higher"
    assert project.effect_improved is False


def test_update_percent_and_date_rules(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    update = ProjectUpdate(
        community=cast.community,
        project=project,
        date=project.start_date - datetime.timedelta(1),
        done="x",
        percent=120,
    )
    with pytest.raises(ValidationError) as exc:
        update.full_clean()
    messages = messages_of(exc)
    assert "完成进度不能超过 100%。" in messages
    assert any(m.startswith("进展日期不能早于项目开始日期") for m in messages)
    update.percent, update.date = 50, timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        update.full_clean()
    assert "进展日期不能晚于今天。" in messages_of(exc)


def test_activity_groups_may_not_exceed_total(cast):
    activity = ActivityFactory.build(
        community=cast.community, participants=50, elderly_count=30, children_count=25
    )
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "各人群人数之和（55）超过参加人数（50）。" in messages_of(exc)
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


def test_activity_under_a_project_takes_the_projects_group(cast):
    project = ProjectFactory(community=cast.community, working_group=cast.group)
    activity = ActivityFactory(community=cast.community, project=project, working_group=None)
    assert activity.working_group == cast.group


def test_survey_rates_and_thresholds(cast):
    survey = SurveyFactory(
        community=cast.community, population=8000, sample_size=3000, aware_count=2500
    )
    assert survey.coverage == Decimal("37.5")
    assert survey.awareness_rate == Decimal("83.3")
    assert (survey.coverage_threshold, survey.awareness_threshold) == (50, 80)
    assert survey.meets_awareness and not survey.meets_coverage


def test_survey_counts_must_nest(cast):
    survey = AwarenessSurvey(
        community=cast.community,
        title="调查",
        date=timezone.localdate(),
        population=100,
        sample_size=120,
        aware_count=130,
    )
    with pytest.raises(ValidationError) as exc:
        survey.full_clean()
    messages = messages_of(exc)
    assert "调查人数不能超过调查对象总人数。" in messages
    assert "知晓人数不能超过调查人数。" in messages


def test_activity_in_the_future_is_refused(cast):
    activity = Activity(
        community=cast.community,
        title="明天的讲座",
        kind="lecture",
        date=timezone.localdate() + datetime.timedelta(days=1),
        place="会议室",
        safety_area="fire",
        participants=10,
    )
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "活动日期不能晚于今天；计划中的活动请列入年度计划。" in messages_of(exc)
