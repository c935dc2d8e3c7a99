"""Writes for emergency resources: recording a routine check of a supply or a shelter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    import datetime

    from ..models.resources import Shelter, Supply


@transaction.atomic
def record_check(
    resource: Supply | Shelter,
    *,
    checked_on: datetime.date | None = None,
    quantity: int | None = None,
) -> Supply | Shelter:
    """Record that a supply or shelter was checked (today by default); the next check date
    follows from the cycle. For a supply the counted quantity may be updated at the same time."""
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise ValidationError(_("检查日期不能晚于今天。"))
    if resource.last_checked_on and checked_on < resource.last_checked_on:
        raise ValidationError(_("检查日期不能早于上次检查日期。"))
    resource.last_checked_on = checked_on
    fields = ["last_checked_on"]
    if quantity is not None and hasattr(resource, "quantity"):
        resource.quantity = quantity
        fields.append("quantity")
    resource.save(update_fields=fields)
    return resource
