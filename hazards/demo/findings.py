"""Inspections, findings and actions of the hazards demo data (see hazards.demo)."""

import datetime

from django.contrib.contenttypes.models import ContentType

from committee.choices import Role
from safecommunity.elements import TargetGroup

from .. import escalation as policy
from ..choices import (
    DEFAULT_CHECKLIST,
    ActionKind,
    ActionSource,
    ActionStatus,
    CheckResult,
    DangerAction,
    DangerGrade,
    DangerSource,
    DangerStatus,
    EscalationLevel,
    InspectionMethod,
    InspectionType,
)
from ..models import (
    CorrectiveAction,
    DangerEvent,
    HiddenDanger,
    Inspection,
    InspectionItem,
)
from .data import (
    BATCH,
    CONTACTS,
    DANGER_TEMPLATES,
    INSPECTORS,
    at,
    by_kind,
    date_between,
    pick_group,
    place_for,
)


def inspections_for(community, rng, groups, users, places, plans, count, start, today):
    office = users.get(Role.OFFICE)
    watched = [p for p in places if p.is_key_place or p.risk_level in ("red", "orange")]
    inspections = []
    for _index in range(count):
        plan = rng.choice(plans) if plans and rng.random() < 0.4 else None
        inspections.append(
            Inspection(
                community=community,
                plan=plan,
                date=date_between(rng, start, today),
                inspection_type=plan.inspection_type if plan else rng.choice(InspectionType.values),
                method=plan.method if plan else rng.choice(InspectionMethod.values),
                target_groups=rng.sample(TargetGroup.values, k=rng.randint(0, 2)),
                inspectors=rng.choice(INSPECTORS),
                working_group=rng.choice(groups) if groups and rng.random() < 0.8 else None,
                summary="检查制度落实、重点部位控制及人员安全行为，现场反馈问题。",
                recorded_by=office,
            )
        )
    Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    links, items = [], []
    for inspection in inspections:
        pool = watched if watched and rng.random() < 0.6 else places
        for place in rng.sample(pool, k=min(len(pool), rng.randint(1, 2))):
            links.append(Inspection.places.through(inspection_id=inspection.pk, place_id=place.pk))
        for position, text in enumerate(DEFAULT_CHECKLIST, start=1):
            failed = rng.random() < 0.08
            items.append(
                InspectionItem(
                    inspection=inspection,
                    item=str(text),
                    result=CheckResult.FAIL if failed else CheckResult.PASS,
                    note="发现问题，已现场告知责任单位" if failed else "",
                    position=position,
                )
            )
    Inspection.places.through.objects.bulk_create(links, batch_size=BATCH)
    InspectionItem.objects.bulk_create(items, batch_size=BATCH)
    return inspections


def dangers_for(community, rng, groups, users, places, inspections, count, start, today):
    office = users.get(Role.OFFICE)
    fixer = users.get(Role.LEADER) or users.get(Role.GROUP_MEMBER) or office
    places_by_kind = by_kind(places)
    dangers, steps = [], []
    listed_one = False
    for index in range(count):
        title, area, description = DANGER_TEMPLATES[index % len(DANGER_TEMPLATES)]
        inspection = rng.choice(inspections) if inspections and rng.random() < 0.75 else None
        found = inspection.date if inspection else date_between(rng, start, today)
        place = place_for(rng, places_by_kind, area)
        major = rng.random() < 0.07
        danger = HiddenDanger(
            community=community,
            title=f"{place.name}{title}" if place else title,
            description=description,
            grade=DangerGrade.MAJOR if major else DangerGrade.GENERAL,
            safety_area=area,
            place=place,
            source=DangerSource.INSPECTION
            if inspection
            else rng.choice([DangerSource.REPORT, DangerSource.MONITORING]),
            inspection=inspection,
            found_on=found,
            found_by=inspection.inspectors[:60] if inspection else rng.choice(CONTACTS),
            is_general=rng.random() < 0.1,
            working_group=inspection.working_group if inspection else pick_group(rng, groups, area),
            recorded_by=office,
        )
        history = [(DangerAction.REPORT, "", DangerStatus.REPORTED, found, office, description)]
        ordered = found + datetime.timedelta(days=rng.randint(0, 3))
        if ordered <= today and rng.random() < 0.95:
            danger.status = DangerStatus.ORDERED
            danger.ordered_on = ordered
            danger.unit_notified = place.name if place else "责任单位"
            danger.measures_required = "立即整改，整改完成后报社区复查"
            danger.responsible_department = place.name if place else "街道安监办"
            danger.responsible_person = rng.choice(CONTACTS)
            danger.deadline = ordered + datetime.timedelta(days=rng.choice([3, 7, 15, 30]))
            danger.target = "消除隐患，符合相关规范要求"
            if major:
                for name, text in MAJOR_PLAN.items():
                    setattr(danger, name, text)
                danger.funds = rng.randint(5, 200) * 1000
            history.append(
                (
                    DangerAction.ORDER,
                    DangerStatus.REPORTED,
                    DangerStatus.ORDERED,
                    ordered,
                    office,
                    "",
                )
            )
            late = rng.random() < 0.12
            rectified = ordered + datetime.timedelta(
                days=rng.randint(1, max((danger.deadline - ordered).days, 1))
                + (rng.randint(5, 40) if late else 0)
            )
            if rectified <= today and rng.random() < 0.93:
                danger.status = DangerStatus.RECTIFIED
                danger.rectified_on = rectified
                danger.rectified_by = fixer
                danger.rectification_note = "已按要求整改完毕，附整改后照片。"
                history.append(
                    (
                        DangerAction.RECTIFY,
                        DangerStatus.ORDERED,
                        DangerStatus.RECTIFIED,
                        rectified,
                        fixer,
                        danger.rectification_note,
                    )
                )
                verified = rectified + datetime.timedelta(days=rng.randint(1, 10))
                if verified <= today:
                    danger.status = DangerStatus.VERIFIED
                    danger.verified_on = verified
                    danger.verified_by = office
                    history.append(
                        (
                            DangerAction.REINSPECT_PASS,
                            DangerStatus.RECTIFIED,
                            DangerStatus.VERIFIED,
                            verified,
                            office,
                            "复查合格",
                        )
                    )
                    closed = verified + datetime.timedelta(days=rng.randint(0, 3))
                    if closed <= today and not danger.is_general:
                        danger.status = DangerStatus.CLOSED
                        danger.closed_on = closed
                        history.append(
                            (
                                DangerAction.CLOSE,
                                DangerStatus.VERIFIED,
                                DangerStatus.CLOSED,
                                closed,
                                office,
                                "",
                            )
                        )
        history += escalation_history(danger, today, office, listed=major and not listed_one)
        listed_one = listed_one or danger.listed_on is not None
        history.sort(key=lambda step: step[3])
        dangers.append(danger)
        steps.append(history)
    HiddenDanger.objects.bulk_create(dangers, batch_size=BATCH)
    events = [
        DangerEvent(
            community=community,
            danger=danger,
            action=action,
            from_status=before,
            to_status=after,
            user=user,
            at=at(day, 9 + position),
            note=note,
        )
        for danger, history in zip(dangers, steps, strict=True)
        for position, (action, before, after, day, user, note) in enumerate(history)
    ]
    DangerEvent.objects.bulk_create(events, batch_size=BATCH)
    return dangers


MAJOR_PLAN = {
    "plan_objectives": "消除隐患，恢复设施安全使用功能，整改期间不发生事故。",
    "plan_methods": "停用隐患部位，委托有资质单位检测，制定施工方案后整改。",
    "plan_funds_materials": "整改资金由产权单位承担，街道安全专项资金补助；材料由施工单位采购。",
    "plan_organisation": "产权单位负责人牵头，街道安监办督促，社区网格员日常巡查。",
    "plan_timeline": "按整改通知期限完成，每周报告进度，完成后申请复查验收。",
    "plan_safety_measures": "设置警戒区和警示标志，专人值守；制定现场处置方案，配备应急物资。",
}


def escalation_history(danger, today, office, listed=False):
    """Set the escalation a demo danger went through and return its history steps.

    A 重大隐患 is reported upward on the day it was found (the first open one is also listed for
    supervision); a 一般隐患 left past its deadline went to the office, then to the leadership,
    on the days the policy names (hazards.escalation).
    """
    steps = []
    if danger.grade == DangerGrade.MAJOR:
        danger.reported_upward_on = danger.found_on
        danger.reported_to = policy.reported_to(danger.community)
        danger.escalation_level = EscalationLevel.REPORTED
        danger.escalated_on = danger.found_on
        note = f"重大隐患已于 {danger.found_on} 上报{danger.reported_to}。"
        reported = (
            DangerAction.REPORT_UPWARD,
            "",
            DangerStatus.REPORTED,
            danger.found_on,
            office,
            note,
        )
        steps.append(reported)
        if listed and danger.status in (DangerStatus.REPORTED, DangerStatus.ORDERED):
            listed_on = min(danger.found_on + datetime.timedelta(days=3), today)
            danger.listed_on = listed_on
            danger.supervised_by = "区安全生产委员会办公室"
            danger.supervision_deadline = listed_on + datetime.timedelta(days=60)
            danger.escalation_level = EscalationLevel.LISTED
            danger.escalated_on = listed_on
            note = f"{danger.supervised_by} 挂牌督办，督办期限 {danger.supervision_deadline}。"
            status = DangerStatus.ORDERED if danger.deadline else DangerStatus.REPORTED
            steps.append((DangerAction.LIST_SUPERVISION, "", status, listed_on, office, note))
        return steps
    if danger.deadline is None:
        return steps
    # The deadline ran until the unit reported its rectification (or still runs).
    end = danger.rectified_on or today
    office_on = policy.office_due_on(danger)
    if office_on > end:
        return steps
    days = (office_on - danger.deadline).days
    danger.escalation_level, danger.escalated_on = EscalationLevel.OFFICE, office_on
    note = f"整改期限 {danger.deadline} 已过 {days} 天，升级至委员会办公室督促。"
    steps.append((DangerAction.ESCALATE_OFFICE, "", DangerStatus.ORDERED, office_on, None, note))
    leadership_on = policy.leadership_due_on(office_on)
    if leadership_on <= end:
        days = (leadership_on - danger.deadline).days
        danger.escalation_level, danger.escalated_on = EscalationLevel.LEADERSHIP, leadership_on
        note = (
            f"整改期限 {danger.deadline} 已过 {days} 天，办公室督促后仍未整改，报委员会领导督办。"
        )
        steps.append(
            (DangerAction.ESCALATE_LEADERSHIP, "", DangerStatus.ORDERED, leadership_on, None, note)
        )
    return steps


def actions_for(community, rng, groups, users, dangers, count, today):
    office = users.get(Role.OFFICE)
    doer = users.get(Role.LEADER) or office
    danger_type = ContentType.objects.get_for_model(HiddenDanger)
    general = [d for d in dangers if d.is_general]
    texts = {
        ActionSource.DRILL: ("完善疏散演练中发现的广播通知流程", "演练中部分楼层未听到疏散广播"),
        ActionSource.REVIEW: ("建立隐患整改月度通报制度", "管理评审指出整改进度跟踪不足"),
        ActionSource.INJURY: ("老年人跌倒干预：楼道加装扶手", "伤害监测显示老年人跌倒占比上升"),
        ActionSource.MONITORING: ("增加河道汛期巡查频次", "监测发现汛期巡查记录不全"),
        ActionSource.INSPECTION: ("统一更换辖区过期灭火器", "多次检查发现灭火器过期"),
    }
    actions = []
    for index in range(count):
        source = general[index] if index < len(general) else None
        if source is not None:
            kind, source_kind = ActionKind.PREVENTIVE, ActionSource.HIDDEN_DANGER
            title, cause = f"防止再次发生：{source.title}", "同类问题在多处存在"
            created = source.found_on + datetime.timedelta(days=2)
            group = source.working_group
        else:
            source_kind = rng.choice(list(texts))
            title, cause = texts[source_kind]
            kind = rng.choice([ActionKind.CORRECTIVE, ActionKind.PREVENTIVE])
            created = today - datetime.timedelta(days=rng.randint(5, 400))
            group = rng.choice(groups) if groups else None
        due = created + datetime.timedelta(days=rng.choice([15, 30, 60]))
        action = CorrectiveAction(
            community=community,
            title=title[:150],
            description="明确责任单位和完成时限，落实后报委员会办公室验证。",
            cause=cause,
            kind=kind,
            source_kind=source_kind,
            source_content_type=danger_type if source else None,
            source_object_id=source.pk if source else None,
            responsible_unit=group.lead_unit if group and group.lead_unit else "街道安监办",
            responsible_person=rng.choice(CONTACTS),
            due_date=due,
            working_group=group,
            created_by=office,
        )
        finished = created + datetime.timedelta(days=rng.randint(3, 70))
        if finished <= today and rng.random() < 0.8:
            action.status = ActionStatus.DONE
            action.completed_at = finished
            action.completed_by = doer
            action.completion_note = "已按计划落实。"
            if finished + datetime.timedelta(days=7) <= today and rng.random() < 0.8:
                action.status = ActionStatus.VERIFIED
                action.verified_at = finished + datetime.timedelta(days=7)
                action.verified_by = office
                action.verification_note = "现场核实有效。"
        elif rng.random() < 0.5:
            action.status = ActionStatus.IN_PROGRESS
        action.created_at = at(created)
        actions.append(action)
    CorrectiveAction.objects.bulk_create(actions, batch_size=BATCH)
    # auto_now_add ignores the value given on insert: set the real dates afterwards.
    CorrectiveAction.objects.bulk_update(actions, ["created_at"], batch_size=BATCH)
