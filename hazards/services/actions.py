"""Writes for preventive and corrective actions (element 11).

Other apps create actions through ``create_corrective_action`` (emergency drills, management
reviews); the workflow is open → in progress → done → verified, or closed when withdrawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import OPEN_ACTION_STATUSES, ActionKind, ActionStatus
from ..models import CorrectiveAction
from ._common import require_different_user, require_status, require_text

if TYPE_CHECKING:
    import datetime

    from django.db.models import Model

    from committee.models import Community, User, WorkingGroup


@transaction.atomic
def create_corrective_action(
    *,
    community: Community,
    title: str,
    source_kind: str,
    source: Model | None = None,
    description: str = "",
    due_date: datetime.date | None = None,
    responsible_unit: str = "",
    responsible_person: str = "",
    kind: str = ActionKind.CORRECTIVE,
    user: User | None = None,
    working_group: WorkingGroup | None = None,
    cause: str = "",
) -> CorrectiveAction:
    """Create a corrective or preventive action, optionally linked to any record as its source.

    The source must belong to the same community when it has a ``community`` field.
    """
    action = CorrectiveAction(
        community=community,
        title=title,
        description=description,
        cause=cause,
        kind=kind,
        source_kind=source_kind,
        due_date=due_date,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        working_group=working_group,
        created_by=user,
    )
    if source is not None:
        if source.pk is None:
            raise ValidationError(_("来源记录尚未保存。"))
        action.source_content_type = ContentType.objects.get_for_model(source)
        action.source_object_id = source.pk
    action.full_clean()
    action.save()
    return action


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def start_action(action: CorrectiveAction, *, user: User | None = None) -> CorrectiveAction:
    action = _locked(action)
    require_status(action, [ActionStatus.OPEN], _("开始落实"))
    action.status = ActionStatus.IN_PROGRESS
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def complete_action(
    action: CorrectiveAction,
    *,
    note: str,
    user: User | None = None,
    completed_at: datetime.date | None = None,
) -> CorrectiveAction:
    """Record that the action was carried out, with what was done."""
    action = _locked(action)
    require_status(action, OPEN_ACTION_STATUSES, _("登记完成"))
    action.completion_note = require_text(note, _("请填写落实情况。"))
    action.completed_at = completed_at or timezone.localdate()
    action.completed_by = user
    action.status = ActionStatus.DONE
    action.save(update_fields=["completion_note", "completed_at", "completed_by", "status"])
    return action


@transaction.atomic
def verify_action(
    action: CorrectiveAction, *, user: User, passed: bool, note: str = ""
) -> CorrectiveAction:
    """Check the effect of a completed action; a failed check sends it back to in progress."""
    action = _locked(action)
    require_status(action, [ActionStatus.DONE], _("验证"))
    require_different_user(user, action.completed_by, _("落实填报人不能验证自己落实的措施。"))
    action.verification_note = note.strip()
    if passed:
        action.status = ActionStatus.VERIFIED
        action.verified_by = user
        action.verified_at = timezone.localdate()
    else:
        action.verification_note = require_text(note, _("验证不通过时请说明原因。"))
        action.status = ActionStatus.IN_PROGRESS
        action.completed_at = None
    action.save(
        update_fields=["verification_note", "status", "verified_by", "verified_at", "completed_at"]
    )
    return action


@transaction.atomic
def close_action(action: CorrectiveAction, *, user: User, note: str = "") -> CorrectiveAction:
    """Close an action: after verification, or withdrawn (with a reason) while still open."""
    action = _locked(action)
    require_status(action, [*OPEN_ACTION_STATUSES, ActionStatus.VERIFIED], _("关闭"))
    if action.status != ActionStatus.VERIFIED:
        note = require_text(note, _("未经验证关闭措施时须说明原因。"))
    if note:
        action.verification_note = "\n".join(filter(None, [action.verification_note, note]))
    action.status = ActionStatus.CLOSED
    action.save(update_fields=["status", "verification_note"])
    return action
