"""The hidden-danger workflow: every transition checks the state, records who and when.

reported → ordered → rectified → verified → closed; a failed re-inspection returns to ordered.
Views decide *who* may call what (office orders and closes; the responsible group's leader may
record the rectification; ``may_reinspect`` says who re-inspects); these functions enforce the
order of steps, the content each step needs, and that nobody re-inspects their own
rectification while someone else could (``reinspection_right``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import Role
from committee.models import Membership
from safecommunity.tenancy import get_membership, leads_group

from ..choices import ActionKind, DangerAction, DangerGrade, DangerStatus
from ..models import CorrectiveAction, HiddenDanger
from ..models.dangers import PLAN_PARTS
from ..selectors import REINSPECT_ROLES
from ._common import _event, _locked, require_different_user, require_status, require_text

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping
    from decimal import Decimal
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from committee.models import Community, User


def missing_plan_parts(grade: str, plan: Mapping[str, Any]) -> dict[str, str]:
    """{part: message} for the 治理方案 parts a 重大隐患 lacks (none for a 一般隐患)."""
    if grade != DangerGrade.MAJOR:
        return {}
    return {
        name: _("重大隐患的治理方案须填写“%(part)s”。")
        % {"part": HiddenDanger._meta.get_field(name).verbose_name}
        for name in PLAN_PARTS
        if not (plan.get(name) or "").strip()
    }


@transaction.atomic
def report_danger(*, community: Community, user: User | None = None, **fields: Any) -> HiddenDanger:
    """Register a finding (from an inspection or a report). Returns the saved danger."""
    danger = HiddenDanger(community=community, recorded_by=user, **fields)
    danger.status = DangerStatus.REPORTED
    danger.full_clean()
    danger.save()
    _event(danger, action=DangerAction.REPORT, from_status="", user=user, note=danger.description)
    from .escalation import report_if_major

    report_if_major(danger, user=user)  # a 重大隐患 is reported upward at once
    danger.refresh_from_db()
    return danger


@transaction.atomic
def order_rectification(
    danger: HiddenDanger,
    *,
    user: User,
    deadline: datetime.date,
    measures_required: str,
    responsible_person: str = "",
    responsible_department: str = "",
    unit_notified: str = "",
    target: str = "",
    funds: Decimal | None = None,
    note: str = "",
    reinspector: User | None = None,
    **plan: Any,
) -> HiddenDanger:
    """Issue the rectification notice: measures, who is responsible, and by when.

    ``plan`` takes the six parts of the 治理方案 (``PLAN_PARTS``); a 重大隐患 needs all six, from
    this call or already on the record.
    """
    unknown = set(plan) - set(PLAN_PARTS)
    if unknown:
        raise TypeError(f"unexpected arguments: {', '.join(sorted(unknown))}")
    danger = _locked(danger)
    require_status(danger, [DangerStatus.REPORTED], _("下达整改通知"))
    errors = {}
    if deadline is None:
        errors["deadline"] = _("请填写整改期限。")
    elif deadline < danger.found_on:
        errors["deadline"] = _("整改期限不能早于发现日期。")
    if not (measures_required or "").strip():
        errors["measures_required"] = _("请填写整改措施要求。")
    if not (responsible_person or "").strip() and not (responsible_department or "").strip():
        errors["responsible_person"] = _("请填写责任部门或责任人。")
    plan = {name: (plan.get(name) or "").strip() or getattr(danger, name) for name in PLAN_PARTS}
    errors.update(missing_plan_parts(danger.grade, plan))
    if errors:
        raise ValidationError(errors)
    previous = danger.status
    danger.deadline = deadline
    danger.measures_required = measures_required.strip()
    danger.responsible_person = responsible_person.strip()
    danger.responsible_department = responsible_department.strip()
    danger.unit_notified = unit_notified.strip() or danger.unit_notified
    danger.target = target.strip() or danger.target
    for name, text in plan.items():
        setattr(danger, name, text)
    danger.funds = funds if funds is not None else danger.funds
    danger.reinspector = reinspector or danger.reinspector
    danger.ordered_on = timezone.localdate()
    danger.status = DangerStatus.ORDERED
    danger.save()
    _event(danger, action=DangerAction.ORDER, from_status=previous, user=user, note=note)
    return danger


@transaction.atomic
def record_rectification(
    danger: HiddenDanger,
    *,
    user: User,
    note: str,
    photo: UploadedFile | None = None,
    rectified_on: datetime.date | None = None,
) -> HiddenDanger:
    """The responsible unit reports what it did, with evidence (a note, optionally a photo)."""
    danger = _locked(danger)
    require_status(danger, [DangerStatus.ORDERED], _("提交整改情况"))
    note = require_text(note, _("请填写整改情况。"))
    rectified_on = rectified_on or timezone.localdate()
    if rectified_on < danger.found_on:
        raise ValidationError({"rectified_on": _("整改完成日期不能早于发现日期。")})
    previous = danger.status
    danger.rectification_note = note
    danger.rectified_on = rectified_on
    danger.rectified_by = user
    danger.status = DangerStatus.RECTIFIED
    danger.save()
    _event(
        danger, action=DangerAction.RECTIFY, from_status=previous, user=user, note=note, photo=photo
    )
    return danger


# reinspection_right() answers
MAY = "may"  # may re-inspect
SOLE = "sole"  # did the rectification, but nobody else may re-inspect: allowed, and noted
OWN = "own"  # did the rectification and someone else may re-inspect: four eyes
NOT_ALLOWED = "no"

SOLE_NOTE = gettext_lazy("无其他复查人")
SOLE_CLOSE_NOTE = gettext_lazy("无其他办公室人员销号")


def may_reinspect(danger: HiddenDanger, user: User, membership: Membership | None) -> bool:
    """Is the user, by role or designation, one who re-inspects this danger (four eyes aside)?"""
    if membership is None or not user.is_active or membership.role == Role.REVIEWER:
        return False
    if danger.reinspector_id is not None and danger.reinspector_id == user.pk:
        return True
    if membership.role in REINSPECT_ROLES:
        return True
    return membership.role == Role.LEADER and leads_group(user, danger.working_group)


def reinspectors(danger: HiddenDanger) -> list[User]:
    """The community's users who may re-inspect the danger (by role or designation)."""
    memberships = (
        Membership.objects.filter(community_id=danger.community_id, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return [m.user for m in memberships if may_reinspect(danger, m.user, m)]


def reinspection_right(
    danger: HiddenDanger, user: User, membership: Membership | None = None
) -> str:
    """MAY, SOLE, OWN or NOT_ALLOWED for this user and danger.

    Four eyes: the person who recorded the rectification does not check it, as long as anyone
    else may. In a community where nobody else may (a one-person office), the rectifier may, and
    the record says so (``SOLE_NOTE``) rather than leaving the danger open for ever.
    """
    if membership is None:
        membership = get_membership(user, danger.community)
    if not may_reinspect(danger, user, membership):
        return NOT_ALLOWED
    if danger.rectified_by_id != user.pk:
        return MAY
    others = [other for other in reinspectors(danger) if other.pk != user.pk]
    return OWN if others else SOLE


@transaction.atomic
def reinspect(
    danger: HiddenDanger,
    *,
    user: User,
    passed: bool,
    note: str = "",
    photo: UploadedFile | None = None,
    new_deadline: datetime.date | None = None,
) -> HiddenDanger:
    """The inspector checks the rectification: pass → verified; fail → back to the unit."""
    danger = _locked(danger)
    require_status(danger, [DangerStatus.RECTIFIED], _("复查"))
    right = reinspection_right(danger, user)
    if right == NOT_ALLOWED:
        raise ValidationError(
            _("只有办公室、委员会成员、责任工作组组长或指定复查人可以复查。"),
            code="not_reinspector",
        )
    if right == OWN:
        require_different_user(user, danger.rectified_by, _("整改填报人不能复查自己的整改。"))
    previous = danger.status
    if passed:
        danger.status = DangerStatus.VERIFIED
        danger.verified_on = timezone.localdate()
        danger.verified_by = user
        action = DangerAction.REINSPECT_PASS
    else:
        note = require_text(note, _("复查不合格时请说明问题。"))
        if new_deadline is not None:
            if new_deadline < timezone.localdate():
                raise ValidationError({"new_deadline": _("新的整改期限不能早于今天。")})
            danger.deadline = new_deadline
        danger.status = DangerStatus.ORDERED
        danger.sent_back_count += 1
        action = DangerAction.REINSPECT_FAIL
    if right == SOLE:
        note = f"{SOLE_NOTE}。{note}" if note else f"{SOLE_NOTE}。"
    danger.save()
    _event(danger, action=action, from_status=previous, user=user, note=note, photo=photo)
    return danger


def has_preventive_action(danger: HiddenDanger) -> bool:
    return CorrectiveAction.objects.filter(
        source_content_type=ContentType.objects.get_for_model(HiddenDanger),
        source_object_id=danger.pk,
        kind=ActionKind.PREVENTIVE,
    ).exists()


def other_office_users(danger: HiddenDanger, user: User) -> QuerySet[Membership]:
    """Active office users of the danger's community other than ``user``."""
    return Membership.objects.filter(
        community_id=danger.community_id, role=Role.OFFICE, user__is_active=True
    ).exclude(user=user)


@transaction.atomic
def close_danger(danger: HiddenDanger, *, user: User, note: str = "") -> HiddenDanger:
    """Close (销号) a verified danger. A general problem first needs a preventive action."""
    danger = _locked(danger)
    require_status(danger, [DangerStatus.VERIFIED], _("销号"))
    sole = (
        user is not None
        and danger.rectified_by_id == user.pk
        and not other_office_users(danger, user).exists()
    )
    if not sole:
        require_different_user(user, danger.rectified_by, _("整改填报人不能为自己的整改销号。"))
    if danger.is_listed:
        raise ValidationError(_("该隐患在挂牌督办中：督办单位验收摘牌后方可销号。"), code="listed")
    if danger.is_general and not has_preventive_action(danger):
        raise ValidationError(
            _("该隐患为普遍性问题，销号前须登记防止再次发生的预防措施。"), code="needs_preventive"
        )
    previous = danger.status
    if sole:
        note = f"{SOLE_CLOSE_NOTE}。{note}" if note else f"{SOLE_CLOSE_NOTE}。"
    danger.status = DangerStatus.CLOSED
    danger.closed_on = timezone.localdate()
    danger.save()
    _event(danger, action=DangerAction.CLOSE, from_status=previous, user=user, note=note)
    return danger
