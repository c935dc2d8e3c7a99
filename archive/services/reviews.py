"""Management reviews: their improvement decisions become tracked corrective actions (hazards app)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Model

    from committee.models import User

    from ..models.reviews import ManagementReview, ReviewDecision


def _corrective_action_service() -> Callable[..., Model]:
    """hazards.services.create_corrective_action, looked up at call time (hazards owns the workflow)."""
    try:
        return import_module("hazards.services").create_corrective_action
    except (ModuleNotFoundError, AttributeError) as exc:
        raise ImproperlyConfigured(_("隐患整改模块尚未提供纠正措施服务。")) from exc


@transaction.atomic
def create_corrective_action(decision: ReviewDecision, *, user: User | None = None) -> Model:
    """Turn one review decision into a corrective action; a decision that has one keeps it."""
    if decision.action_id is not None:
        return decision.action
    create = _corrective_action_service()
    review = decision.review
    description = decision.description or ""
    source_note = _("来源：%(review)s（%(date)s）管理评审决定。") % {
        "review": review.title,
        "date": review.date,
    }
    action = create(
        community=decision.community,
        title=decision.title,
        source_kind="review",
        source=decision,
        description=f"{description}\n{source_note}".strip(),
        due_date=decision.due_date,
        responsible_unit=decision.responsible_unit,
        responsible_person=decision.responsible_person,
        kind="corrective",
        user=user,
    )
    decision.action_type = ContentType.objects.get_for_model(action)
    decision.action_id = action.pk
    decision.save(update_fields=["action_type", "action_id"])
    return action


def create_corrective_actions(review: ManagementReview, *, user: User | None = None) -> list[Model]:
    """Every decision of the review without an action gets one. Returns how many were created."""
    created = 0
    for decision in review.decisions.filter(action_id__isnull=True).select_related("review"):
        create_corrective_action(decision, user=user)
        created += 1
    return created
