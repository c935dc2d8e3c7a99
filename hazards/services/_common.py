"""Helpers shared by the hazards services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DangerEvent, HiddenDanger

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model

    from committee.models import User


def require_status(obj: Model, allowed: Iterable[str], action_label: str) -> None:
    """Raise a ValidationError in plain Chinese unless obj.status is one of ``allowed``."""
    if obj.status not in allowed:
        raise ValidationError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": obj.get_status_display(), "action": action_label},
            code="invalid_transition",
        )


def require_text(value: str | None, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError(message, code="required")
    return value.strip()


def require_different_user(user: User | None, other: User | None, message: str) -> None:
    """Separation of duties: the person who did the work does not verify it."""
    if user is not None and other is not None and user.pk == other.pk:
        raise ValidationError(message, code="same_user")


def _event(
    danger: HiddenDanger,
    *,
    action: str,
    from_status: str,
    user: User | None,
    note: str = "",
    photo: UploadedFile | None = None,
    at: datetime.datetime | None = None,
) -> DangerEvent:
    event = DangerEvent(
        community_id=danger.community_id,
        danger=danger,
        action=action,
        from_status=from_status,
        to_status=danger.status,
        user=user,
        at=at or timezone.now(),
        note=note,
    )
    if photo:
        event.photo = photo
        event.full_clean(exclude=["danger", "community", "user"])
    event.save()
    return event


def _locked(danger: HiddenDanger) -> HiddenDanger:
    return HiddenDanger.objects.select_for_update().get(pk=danger.pk)
