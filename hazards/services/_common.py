"""Helpers shared by the hazards services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
