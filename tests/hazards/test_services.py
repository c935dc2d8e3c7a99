"""Services: evaluations keep history; the hidden-danger and action workflows enforce their order."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hazards import services
from hazards.choices import (
    ActionKind,
    ActionSource,
    ActionStatus,
    DangerAction,
    DangerGrade,
    DangerStatus,
    RiskLevel,
)
from hazards.models import Assessment, DangerEvent

from .factories import CorrectiveActionFactory, HazardFactory, HiddenDangerFactory

TODAY = datetime.date.today()


@pytest.fixture
def hazard(cast):
    return HazardFactory(community=cast.community, working_group=cast.group)


def test_assessment_sets_level_and_keeps_history(hazard, cast):
    first = services.assess_hazard(
        hazard,
        method="matrix",
        likelihood=4,
        severity=5,
        assessor="王丽华",
        assessed_on=TODAY - datetime.timedelta(days=20),
        user=cast.users["office"],
    )
    assert (first.score, first.level) == (20, RiskLevel.RED)
    second = services.assess_hazard(
        hazard,
        method="lec",
        lec_l=Decimal("3"),
        lec_e=Decimal("6"),
        lec_c=Decimal("7"),
        assessor="孙海涛",
        assessed_on=TODAY,
    )
    hazard.refresh_from_db()
    assert second.score == Decimal("126")
    assert hazard.level == RiskLevel.YELLOW
    assert hazard.score == Decimal("126")
    assert hazard.last_assessed_on == TODAY
    # An LEC evaluation has no place on the matrix.
    assert hazard.likelihood is None and hazard.severity is None
    assert list(hazard.assessments.values_list("level", flat=True)) == ["yellow", "red"]


def test_backdated_assessment_joins_history_without_overriding_newer(hazard):
    services.assess_hazard(
        hazard, method="matrix", likelihood=1, severity=2, assessor="甲", assessed_on=TODAY
    )
    services.assess_hazard(
        hazard,
        method="matrix",
        likelihood=5,
        severity=5,
        assessor="乙",
        assessed_on=TODAY - datetime.timedelta(days=300),
    )
    hazard.refresh_from_db()
    assert hazard.level == RiskLevel.BLUE
    assert (hazard.likelihood, hazard.severity) == (1, 2)
    assert hazard.assessments.count() == 2


def test_matrix_assessment_needs_both_inputs(hazard):
    with pytest.raises(ValidationError) as info:
        services.assess_hazard(hazard, method="matrix", likelihood=3, assessor="甲")
    assert "风险矩阵法须填写可能性和严重程度。" in info.value.message_dict["severity"]
    assert not Assessment.objects.exists()


def test_database_refuses_lec_assessment_without_inputs(hazard):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            community=hazard.community,
            hazard=hazard,
            method="lec",
            score=1,
            level="blue",
            assessed_on=TODAY,
            assessor="甲",
        )


# Hidden dangers ----------------------------------------------------------------------------


@pytest.fixture
def danger(cast):
    return services.report_danger(
        community=cast.community,
        user=cast.users["office"],
        title="楼道电动车充电",
        description="一楼楼道飞线充电",
        safety_area="fire",
        found_on=TODAY - datetime.timedelta(days=5),
        working_group=cast.group,
    )


def order(danger, user, **extra):
    kwargs = {
        "deadline": TODAY + datetime.timedelta(days=7),
        "measures_required": "清理楼道，设置集中充电点",
        "responsible_person": "张伟",
    }
    kwargs.update(extra)
    return services.order_rectification(danger, user=user, **kwargs)


def test_full_rectification_workflow_records_each_step(danger, cast):
    office, leader = cast.users["office"], cast.users["leader"]
    danger = order(danger, office)
    assert danger.status == DangerStatus.ORDERED
    assert danger.ordered_on == TODAY
    danger = services.record_rectification(danger, user=leader, note="已拆除飞线，设置充电桩")
    assert (danger.status, danger.rectified_by) == (DangerStatus.RECTIFIED, leader)
    danger = services.reinspect(danger, user=office, passed=True, note="现场复查合格")
    assert (danger.status, danger.verified_by, danger.verified_on) == (
        DangerStatus.VERIFIED,
        office,
        TODAY,
    )
    danger = services.close_danger(danger, user=office)
    assert danger.status == DangerStatus.CLOSED
    assert danger.closed_on == TODAY
    assert danger.days_to_close == 5
    events = list(
        DangerEvent.objects.filter(danger=danger).values_list(
            "action", "from_status", "to_status", "user"
        )
    )
    assert events == [
        (DangerAction.REPORT, "", DangerStatus.REPORTED, office.pk),
        (DangerAction.ORDER, DangerStatus.REPORTED, DangerStatus.ORDERED, office.pk),
        (DangerAction.RECTIFY, DangerStatus.ORDERED, DangerStatus.RECTIFIED, leader.pk),
        (DangerAction.REINSPECT_PASS, DangerStatus.RECTIFIED, DangerStatus.VERIFIED, office.pk),
        (DangerAction.CLOSE, DangerStatus.VERIFIED, DangerStatus.CLOSED, office.pk),
    ]


def test_skipping_a_step_is_refused_in_chinese_and_changes_nothing(danger, cast):
    with pytest.raises(ValidationError) as info:
        services.close_danger(danger, user=cast.users["office"])
    assert info.value.messages == ["当前状态为“已登记”，不能销号。"]
    danger.refresh_from_db()
    assert danger.status == DangerStatus.REPORTED
    assert danger.events.count() == 1


def test_order_needs_deadline_measures_and_responsible(danger, cast):
    with pytest.raises(ValidationError) as info:
        services.order_rectification(
            danger, user=cast.users["office"], deadline=None, measures_required=" "
        )
    errors = info.value.message_dict
    assert errors["deadline"] == ["请填写整改期限。"]
    assert errors["measures_required"] == ["请填写整改措施要求。"]
    assert errors["responsible_person"] == ["请填写责任部门或责任人。"]


def test_major_danger_needs_every_part_of_its_treatment_plan(cast):
    major = HiddenDangerFactory(community=cast.community, grade=DangerGrade.MAJOR)
    parts = {
        "plan_objectives": "消除隐患",
        "plan_methods": "停用并更换",
        "plan_funds_materials": "专项资金 5 万元",
        "plan_organisation": "产权单位，张伟",
        "plan_timeline": "30 日内完成",
    }
    with pytest.raises(ValidationError) as info:
        order(major, cast.users["office"], **parts)
    assert info.value.message_dict == {
        "plan_safety_measures": ["重大隐患的治理方案须填写“安全措施和应急预案”。"]
    }
    major.refresh_from_db()
    assert major.status == DangerStatus.REPORTED and major.plan_objectives == ""
    major = order(major, cast.users["office"], **parts, plan_safety_measures="警戒区，应急预案")
    assert major.status == DangerStatus.ORDERED
    assert [text for _label, text in major.plan_parts] == [*parts.values(), "警戒区，应急预案"]


def test_general_danger_is_ordered_without_a_treatment_plan(danger, cast):
    assert order(danger, cast.users["office"]).status == DangerStatus.ORDERED


def test_rectifier_cannot_reinspect_own_rectification(danger, cast):
    office = cast.users["office"]
    danger = order(danger, office)
    danger = services.record_rectification(danger, user=office, note="已整改")
    with pytest.raises(ValidationError) as info:
        services.reinspect(danger, user=office, passed=True)
    assert info.value.messages == ["整改填报人不能复查自己的整改。"]
    danger.refresh_from_db()
    assert danger.status == DangerStatus.RECTIFIED


def test_failed_reinspection_sends_back_with_new_deadline(danger, cast):
    danger = order(danger, cast.users["office"])
    danger = services.record_rectification(danger, user=cast.users["leader"], note="已整改")
    with pytest.raises(ValidationError):
        services.reinspect(danger, user=cast.users["office"], passed=False, note="")
    new_deadline = TODAY + datetime.timedelta(days=3)
    danger = services.reinspect(
        danger,
        user=cast.users["office"],
        passed=False,
        note="充电桩未通电",
        new_deadline=new_deadline,
    )
    assert danger.status == DangerStatus.ORDERED
    assert danger.sent_back_count == 1
    assert danger.deadline == new_deadline
    assert danger.events.last().action == DangerAction.REINSPECT_FAIL


def test_general_problem_needs_preventive_action_before_closing(danger, cast):
    office = cast.users["office"]
    danger.is_general = True
    danger.save()
    danger = order(danger, office)
    danger = services.record_rectification(danger, user=cast.users["leader"], note="已整改")
    danger = services.reinspect(danger, user=office, passed=True)
    with pytest.raises(ValidationError) as info:
        services.close_danger(danger, user=office)
    assert "预防措施" in info.value.messages[0]
    services.create_corrective_action(
        community=cast.community,
        title="辖区统一建设充电棚",
        source_kind=ActionSource.HIDDEN_DANGER,
        source=danger,
        kind=ActionKind.PREVENTIVE,
    )
    assert services.close_danger(danger, user=office).status == DangerStatus.CLOSED


def test_overdue_only_while_the_unit_is_expected_to_act(danger, cast):
    danger = order(danger, cast.users["office"], deadline=TODAY - datetime.timedelta(days=1))
    assert danger.is_overdue(TODAY)
    danger = services.record_rectification(danger, user=cast.users["leader"], note="已整改")
    assert not danger.is_overdue(TODAY)


# Corrective actions ------------------------------------------------------------------------


def test_create_corrective_action_links_any_source(cast):
    danger = HiddenDangerFactory(community=cast.community)
    action = services.create_corrective_action(
        community=cast.community,
        title="更换灭火器",
        source_kind="hidden_danger",
        source=danger,
        due_date=TODAY,
        responsible_unit="物业",
        user=cast.users["office"],
    )
    assert action.source == danger
    assert action.source_url == danger.get_absolute_url()
    assert action.status == ActionStatus.OPEN
    assert action.created_by == cast.users["office"]


def test_create_corrective_action_refuses_a_source_of_another_community(cast):
    foreign = HiddenDangerFactory(community=cast.other)
    with pytest.raises(ValidationError) as info:
        services.create_corrective_action(
            community=cast.community, title="x", source_kind="hidden_danger", source=foreign
        )
    assert "来源记录必须属于本社区。" in info.value.messages


def test_create_corrective_action_refuses_unknown_source_kind(cast):
    with pytest.raises(ValidationError) as info:
        services.create_corrective_action(
            community=cast.community, title="x", source_kind="nonsense"
        )
    assert "source_kind" in info.value.message_dict


def test_action_workflow_and_separation_of_duties(cast):
    leader, office = cast.users["leader"], cast.users["office"]
    action = CorrectiveActionFactory(community=cast.community, working_group=cast.group)
    action = services.start_action(action, user=leader)
    assert action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.complete_action(action, user=leader, note="")
    action = services.complete_action(action, user=leader, note="已加装扶手")
    assert (action.status, action.completed_at) == (ActionStatus.DONE, TODAY)
    with pytest.raises(ValidationError) as info:
        services.verify_action(action, user=leader, passed=True)
    assert info.value.messages == ["落实填报人不能验证自己落实的措施。"]
    action = services.verify_action(action, user=office, passed=False, note="扶手松动")
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.completed_at is None
    action = services.complete_action(action, user=leader, note="已加固")
    action = services.verify_action(action, user=office, passed=True, note="有效")
    assert (action.status, action.verified_by) == (ActionStatus.VERIFIED, office)
    action = services.close_action(action, user=office)
    assert action.status == ActionStatus.CLOSED


def test_withdrawing_an_open_action_needs_a_reason(cast):
    action = CorrectiveActionFactory(community=cast.community)
    with pytest.raises(ValidationError) as info:
        services.close_action(action, user=cast.users["office"])
    assert info.value.messages == ["未经验证关闭措施时须说明原因。"]
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    closed = services.close_action(action, user=cast.users["office"], note="已由区级项目统一实施")
    assert closed.status == ActionStatus.CLOSED
    assert "区级项目" in closed.verification_note
