"""Writes for emergency plans: saving a version with its organisation, revising, deleting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecommunity.files import validate_document

from ..choices import PlanStatus
from ..models import EmergencyPlan, PlanGroup

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile

    from committee.models import User
    from hazards.models.hazards import Hazard

# Fields a revision copies from its predecessor unless the revision changes them.
COPIED_FIELDS = (
    "title",
    "code",
    "category",
    "emergency_type",
    "level",
    "scope",
    "owner_unit",
    "working_group",
    "approved_on",
    "approved_by",
    "next_review",
    "commander",
    "commander_phone",
    "deputy_commander",
    "command_post",
    "hotline",
    "document",
    "document_name",
)
GROUP_FIELDS = ("name", "duties", "leader", "phone", "members", "order")


def remember_document_name(plan: EmergencyPlan, upload: UploadedFile | None) -> None:
    """Keep the uploaded file's own name for the download, checked by content first."""
    if upload is not None and hasattr(upload, "content_type"):
        validate_document(upload)
        plan.document_name = upload.name[-200:]


def replace_groups(plan: EmergencyPlan, groups: Iterable[Mapping[str, Any]]) -> list[PlanGroup]:
    """Set the plan's response organisation to ``groups`` (a list of dicts of GROUP_FIELDS)."""
    plan.groups.all().delete()
    rows = []
    for index, data in enumerate(groups):
        row = PlanGroup(plan=plan, **{k: data.get(k, "") for k in GROUP_FIELDS if k != "order"})
        row.order = data.get("order") or index + 1
        row.full_clean()
        rows.append(row)
    for row in rows:
        row.save()
    return rows


@transaction.atomic
def revise_plan(
    plan: EmergencyPlan,
    *,
    user: User,
    change_summary: str,
    change_reason: str,
    changes: Mapping[str, Any] | None = None,
    hazards: Iterable[Hazard] | None = None,
    groups: Iterable[Mapping[str, Any]] | None = None,
) -> EmergencyPlan:
    """Issue a new version of a plan; the old one is kept as history.

    ``changes`` are field values of the new version (anything not given is copied), ``hazards``
    the hazards it covers (default: the same as before), ``groups`` its response organisation
    as dicts (default: copied). What changed and why must be said. Returns the new version.
    """
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError(_("该版本已被修订，只能修订最新版本。"))
    errors = {}
    if not (change_summary or "").strip():
        errors["change_summary"] = _("请说明修订了哪些内容。")
    if not (change_reason or "").strip():
        errors["change_reason"] = _("请说明修订原因。")
    if errors:
        raise ValidationError(errors)

    revision = EmergencyPlan(
        community=plan.community,
        lineage=plan.lineage,
        version_no=plan.version_no + 1,
        predecessor=plan,
        status=PlanStatus.IN_FORCE,
        change_summary=change_summary.strip(),
        change_reason=change_reason.strip(),
        created_by=user,
    )
    for name in COPIED_FIELDS:
        setattr(revision, name, getattr(plan, name))
    upload = None
    for name, value in (changes or {}).items():
        if name == "document":
            if value:
                upload = value
                revision.document = value
            elif value is False:  # "clear" ticked on the form
                revision.document = ""
                revision.document_name = ""
            continue
        setattr(revision, name, value)
    if revision.status == PlanStatus.SUPERSEDED:
        revision.status = PlanStatus.IN_FORCE
    remember_document_name(revision, upload)
    revision.full_clean(exclude=["lineage", "version_no", "predecessor"])

    # The old version steps down first: only one live version may exist at any time.
    plan.status = PlanStatus.SUPERSEDED
    plan.save(update_fields=["status"])
    revision.save()
    revision.hazards.set(plan.hazards.all() if hazards is None else hazards)
    if groups is None:
        groups = [{k: getattr(g, k) for k in GROUP_FIELDS} for g in plan.groups.all()]
    replace_groups(revision, groups)
    return revision


@transaction.atomic
def delete_plan(plan: EmergencyPlan) -> EmergencyPlan | None:
    """Delete a plan version. Only the latest version may go, and only while no drill refers to
    it; deleting a revision makes its predecessor the live version again."""
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    if EmergencyPlan.objects.filter(predecessor=plan).exists():
        raise ValidationError(_("该版本已被修订，历史版本不能删除。"))
    if plan.drills.exists():
        raise ValidationError(_("已有演练记录引用该预案，不能删除；可将其状态改为“已废止”。"))
    predecessor = plan.predecessor
    plan.delete()
    if predecessor is not None:
        predecessor.status = PlanStatus.IN_FORCE
        predecessor.save(update_fields=["status"])
    return predecessor
