"""The daily reminders of the hazards app (called by safecommunity.tasks.daily_reminders)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Community
from committee.selectors import group_leader_users
from committee.services import notify_once, office_users

from .. import selectors
from ..choices import DangerStatus

if TYPE_CHECKING:
    from committee.models import User


def reinspection_wait_days() -> int:
    """Days a rectified danger may wait for its re-inspection before the office is reminded."""
    return getattr(settings, "HAZARDS_REINSPECTION_REMINDER_DAYS", 3)


def send_overdue_reminders(today: datetime.date | None = None) -> int:
    """Remind, once per item per day, about what is late. Returns the notifications sent.

    - hidden dangers past their rectification deadline → leaders of the responsible group + office;
    - rectified dangers waiting for re-inspection → office (the inspectors);
    - corrective/preventive actions past due → leaders of the responsible group + office;
    - high-risk places overdue for inspection → leaders of the place's group + office.
    """
    today = today or timezone.localdate()
    sent = 0
    for community in Community.objects.all():
        sent += _remind_community(community, today)
    return sent


def _remind_community(community: Community, today: datetime.date) -> int:
    office = list(office_users(community))
    overdue = list(selectors.overdue_dangers(community, today))
    waiting_since = today - datetime.timedelta(days=reinspection_wait_days())
    waiting = list(
        selectors.dangers(community).filter(
            status=DangerStatus.RECTIFIED, rectified_on__lte=waiting_since
        )
    )
    late_actions = list(selectors.overdue_actions(community, today))
    late_places = selectors.overdue_places(community, today)
    group_ids = {
        item.working_group_id for item in [*overdue, *late_actions] if item.working_group_id
    }
    group_ids |= {row.place.working_group_id for row in late_places if row.place.working_group_id}
    leaders = group_leader_users(group_ids)

    def recipients(group_id: int | None) -> list[User]:
        return [*office, *leaders.get(group_id, [])]

    sent = 0
    for danger in overdue:
        days = (today - danger.deadline).days
        sent += len(
            notify_once(
                recipients(danger.working_group_id),
                key=f"hz-danger-overdue-{danger.pk}",
                title=_("隐患整改逾期：%(title)s") % {"title": danger.title},
                body=_("整改期限 %(deadline)s，已逾期 %(days)d 天。责任人：%(person)s。")
                % {
                    "deadline": danger.deadline,
                    "days": days,
                    "person": danger.responsible_person or danger.responsible_department or "—",
                },
                url=danger.get_absolute_url(),
                community=community,
            )
        )
    for danger in waiting:
        sent += len(
            notify_once(
                office,
                key=f"hz-danger-reinspect-{danger.pk}",
                title=_("隐患待复查：%(title)s") % {"title": danger.title},
                body=_("整改已于 %(date)s 完成，请安排复查。") % {"date": danger.rectified_on},
                url=danger.get_absolute_url(),
                community=community,
            )
        )
    for action in late_actions:
        sent += len(
            notify_once(
                recipients(action.working_group_id),
                key=f"hz-action-overdue-{action.pk}",
                title=_("措施逾期未落实：%(title)s") % {"title": action.title},
                body=_("完成期限 %(due)s。责任人：%(person)s。")
                % {"due": action.due_date, "person": action.responsible_person or "—"},
                url=action.get_absolute_url(),
                community=community,
            )
        )
    for row in late_places:
        sent += len(
            notify_once(
                recipients(row.place.working_group_id),
                key=f"hz-place-overdue-{row.place.pk}",
                title=_("重点场所逾期未检查：%(name)s") % {"name": row.place.name},
                body=_("应于 %(due)s 前检查，已逾期 %(days)d 天。")
                % {"due": row.next_due, "days": row.overdue_days},
                url=row.place.get_absolute_url(),
                community=community,
            )
        )
    return sent
