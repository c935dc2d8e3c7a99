"""Writes for drills: participants, problems found and their corrective actions, photos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from hazards.services import create_corrective_action
from safecommunity.files import make_thumbnail, validate_image

from ..models import Drill, DrillPhoto, DrillProblem

if TYPE_CHECKING:
    import datetime

    from django.core.files.uploadedfile import UploadedFile

    from committee.models import User
    from hazards.models.actions import CorrectiveAction

THUMBNAIL_SIZE = (640, 480)


def refresh_participants(drill: Drill) -> int:
    """Store the drill's total participants (the sum over its participant groups)."""
    total = drill.participant_groups.aggregate(n=Sum("count"))["n"] or 0
    Drill.objects.filter(pk=drill.pk).update(participants=total)
    drill.participants = total
    return total


@transaction.atomic
def add_problem(
    *,
    drill: Drill,
    user: User,
    description: str,
    category: str,
    cause: str = "",
    suggestion: str = "",
    responsible_unit: str = "",
    due_date: datetime.date | None = None,
    raise_action: bool = True,
) -> DrillProblem:
    """Record a problem the drill's evaluation found and (by default) open a corrective action
    for it, so it is tracked to closure with the other actions of element 11."""
    if not drill.is_held:
        raise ValidationError(_("演练尚未实施，不能登记发现的问题。"))
    problem = DrillProblem(
        community=drill.community,
        drill=drill,
        description=(description or "").strip(),
        category=category,
        cause=(cause or "").strip(),
        suggestion=(suggestion or "").strip(),
        responsible_unit=(responsible_unit or "").strip(),
        due_date=due_date,
        created_by=user,
    )
    problem.full_clean()
    problem.save()
    if raise_action:
        problem.action = open_action(problem, user=user)
    return problem


def _action_description(problem: DrillProblem) -> str:
    drill = problem.drill
    lines = [
        _("演练：%(drill)s") % {"drill": drill},
        _("发现的问题：%(text)s") % {"text": problem.description},
    ]
    if problem.cause:
        lines.append(_("原因分析：%(text)s") % {"text": problem.cause})
    if problem.suggestion:
        lines.append(_("改进建议：%(text)s") % {"text": problem.suggestion})
    return "\n".join(lines)


@transaction.atomic
def open_action(problem: DrillProblem, *, user: User) -> CorrectiveAction:
    """Turn a drill problem into a corrective action (once)."""
    problem = DrillProblem.objects.select_for_update().select_related("drill").get(pk=problem.pk)
    if problem.action_id:
        raise ValidationError(_("该问题已转为纠正措施。"))
    title = problem.description.strip().splitlines()[0][:150]
    action = create_corrective_action(
        community=problem.community,
        title=title,
        source_kind="drill",
        source=problem,
        description=_action_description(problem),
        due_date=problem.due_date,
        responsible_unit=problem.responsible_unit,
        kind="corrective",
        user=user,
    )
    problem.action = action
    problem.save(update_fields=["action"])
    return action


@transaction.atomic
def delete_problem(problem: DrillProblem) -> None:
    """A problem already tracked as a corrective action stays: close the action instead."""
    if problem.action_id:
        raise ValidationError(_("该问题已转为纠正措施，不能删除；如属误报，请在纠正措施中关闭。"))
    problem.delete()


@transaction.atomic
def add_photo(*, drill: Drill, user: User, image: UploadedFile, caption: str = "") -> DrillPhoto:
    """Attach a photo to a drill (checked by content) with a thumbnail for pages and the dossier."""
    validate_image(image)
    photo = DrillPhoto(drill=drill, image=image, caption=(caption or "").strip(), uploaded_by=user)
    thumbnail = make_thumbnail(image, THUMBNAIL_SIZE)
    image.seek(0)
    if thumbnail:
        photo.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
    photo.save()
    return photo


def delete_photo(photo: DrillPhoto) -> None:
    for stored in (photo.image, photo.thumbnail):
        if stored:
            stored.delete(save=False)
    photo.delete()
