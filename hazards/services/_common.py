"""Helpers shared by the hazards services."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DangerEvent, HiddenDanger


def require_status(obj, allowed, action_label):
    """Raise a ValidationError in plain Chinese unless obj.status is one of ``allowed``."""
    if obj.status not in allowed:
        raise ValidationError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": obj.get_status_display(), "action": action_label},
            code="invalid_transition",
        )


def require_text(value, message):
    if not (value or "").strip():
        raise ValidationError(message, code="required")
    return value.strip()


def require_different_user(user, other, message):
    """Separation of duties: the person who did the work does not verify it."""
    if user is not None and other is not None and user.pk == other.pk:
        raise ValidationError(message, code="same_user")


def _event(danger, *, action, from_status, user, note="", photo=None, at=None):
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


def _locked(danger):
    return HiddenDanger.objects.select_for_update().get(pk=danger.pk)
