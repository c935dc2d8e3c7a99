"""Escalation of hidden dangers as practised (隐患排查治理), recorded in the danger's history.

- An open 一般隐患 past its deadline goes to the office (办公室督促), then, after a further
  interval, to the committee leadership (委员会领导督办).
- A 重大隐患 is reported upward at once (on registration, or when its grade becomes 重大), with a
  notice to the county reviewers, the committee leadership and the office.
- A 重大隐患 may be put under listed supervision (挂牌督办): listed date, supervising body, deadline,
  and the date the listing is lifted (摘牌) after the rectification has passed re-inspection.

Every step raises ``escalation_level`` (never lowers it) and leaves a ``DangerEvent``. The daily
beat (``safecommunity.tasks.daily_reminders``; ``hazards.tasks`` registers it) calls
``run_escalation``; it is idempotent: a danger is escalated once per level, and notices go out
through ``notify_once``. Intervals and proposed deadlines come from ``hazards.escalation``. Functions take ``today`` so a timeline can be replayed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.choices import CommitteeRole, Role
from committee.models import Community
from committee.selectors import group_leader_users
from committee.services import notify_once, office_users
from safecommunity.events import announce

from .. import escalation as policy
from .. import selectors
from ..choices import (
    DEADLINE_RUNNING_STATUSES,
    OPEN_DANGER_STATUSES,
    DangerAction,
    DangerGrade,
    DangerStatus,
    EscalationLevel,
)
from ._common import _event, _locked, require_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from committee.models import Notification, User

    from ..models.dangers import DangerEvent, HiddenDanger


def _moment(today: datetime.date) -> datetime.datetime:
    """The time of an event recorded for ``today`` (now, or now's clock time on a replayed day)."""
    now = timezone.localtime()
    if today == now.date():
        return now
    return now.replace(year=today.year, month=today.month, day=today.day)


def leadership_users(community: Community) -> QuerySet[User]:
    """Users of the committee's 主任 and 副主任 (active members with a system account)."""
    return (
        get_user_model()
        .objects.filter(
            member_records__community=community,
            member_records__is_active=True,
            member_records__committee_role__in=[CommitteeRole.DIRECTOR, CommitteeRole.DEPUTY],
            is_active=True,
        )
        .distinct()
    )


def county_users(community: Community) -> QuerySet[User]:
    """The county (区县) reviewers attached to the community: who a 重大隐患 is reported to."""
    return get_user_model().objects.filter(
        memberships__community=community, memberships__role=Role.REVIEWER, is_active=True
    )


def _group_leaders(danger: HiddenDanger) -> list[User]:
    if not danger.working_group_id:
        return []
    return group_leader_users([danger.working_group_id]).get(danger.working_group_id, [])


def _raise(danger: HiddenDanger, level: int, today: datetime.date) -> None:
    danger.escalation_level = max(danger.escalation_level, level)
    danger.escalated_on = today


def _notify(
    danger: HiddenDanger, users: Iterable[User], level: int, title: str, body: str
) -> list[Notification]:
    return notify_once(
        list(users),
        key=f"hz-danger-escalation-{danger.pk}-{int(level)}",
        title=title,
        body=body,
        url=danger.get_absolute_url(),
        community=danger.community,
    )


# Overdue 一般隐患 -------------------------------------------------------------------------------


def next_escalation(danger: HiddenDanger, today: datetime.date) -> tuple[int, datetime.date] | None:
    """(level, due date) of the next overdue escalation of a 一般隐患, or None.

    Only open dangers whose deadline still runs (the unit is expected to act) escalate.
    """
    if danger.grade != DangerGrade.GENERAL or danger.status not in DEADLINE_RUNNING_STATUSES:
        return None
    if danger.escalation_level == EscalationLevel.NONE:
        due = policy.office_due_on(danger)
        return (EscalationLevel.OFFICE, due) if due else None
    if danger.escalation_level == EscalationLevel.OFFICE and danger.escalated_on:
        return EscalationLevel.LEADERSHIP, policy.leadership_due_on(danger.escalated_on)
    return None


@transaction.atomic
def escalate_overdue(
    danger: HiddenDanger, *, today: datetime.date | None = None
) -> list[Notification]:
    """Take an overdue 一般隐患 one step up if that step is due. Returns the notices sent."""
    today = today or timezone.localdate()
    danger = _locked(danger)
    step = next_escalation(danger, today)
    if step is None or step[1] > today:
        return []
    level = step[0]
    days = (today - danger.deadline).days
    _raise(danger, level, today)
    danger.save(update_fields=["escalation_level", "escalated_on"])
    office = list(office_users(danger.community))
    if level == EscalationLevel.OFFICE:
        after = policy.config()["leadership_after_days"]
        note = _("整改期限 %(deadline)s 已过 %(days)d 天，升级至委员会办公室督促。") % {
            "deadline": danger.deadline,
            "days": days,
        }
        users = [*office, *_group_leaders(danger)]
        title = _("隐患逾期升级：%(title)s") % {"title": danger.title}
        body = note + _("%(after)d 天后仍未整改的，报委员会领导督办。") % {"after": after}
        action = DangerAction.ESCALATE_OFFICE
    else:
        note = _(
            "整改期限 %(deadline)s 已过 %(days)d 天，办公室督促后仍未整改，报委员会领导督办。"
        ) % {
            "deadline": danger.deadline,
            "days": days,
        }
        users = [*leadership_users(danger.community), *office, *_group_leaders(danger)]
        title = _("隐患督办：%(title)s") % {"title": danger.title}
        body = note
        action = DangerAction.ESCALATE_LEADERSHIP
    _event(
        danger,
        action=action,
        from_status="",  # the workflow state does not change
        user=None,
        note=note,
        at=_moment(today),
    )
    announce(danger.community, "rectification.overdue", danger, overdue_days=days)
    return _notify(danger, users, level, title, body)


# 重大隐患: reported upward at once ---------------------------------------------------------------


@transaction.atomic
def report_upward(
    danger: HiddenDanger, *, user: User | None = None, today: datetime.date | None = None
) -> list[Notification]:
    """Report a 重大隐患 to the county at once. Returns the notices sent; a second call sends none."""
    today = today or timezone.localdate()
    danger = _locked(danger)
    if danger.grade != DangerGrade.MAJOR:
        raise ValidationError(_("只有重大隐患需要上报。"), code="not_major")
    if danger.reported_upward_on is not None:
        return []
    danger.reported_upward_on = today
    danger.reported_to = policy.reported_to(danger.community)
    _raise(danger, EscalationLevel.REPORTED, today)
    danger.save(
        update_fields=["reported_upward_on", "reported_to", "escalation_level", "escalated_on"]
    )
    announce(danger.community, "hidden_danger.major", danger)
    note = _("重大隐患已于 %(date)s 上报%(to)s。") % {"date": today, "to": danger.reported_to}
    _event(
        danger,
        action=DangerAction.REPORT_UPWARD,
        from_status="",  # the workflow state does not change
        user=user,
        note=note,
        at=_moment(today),
    )
    community = danger.community
    users = [*county_users(community), *leadership_users(community), *office_users(community)]
    title = _("重大隐患上报：%(title)s") % {"title": danger.title}
    body = _("%(community)s %(found)s 发现重大隐患（%(place)s），已上报%(to)s。") % {
        "community": community.name,
        "found": danger.found_on,
        "place": danger.place or danger.location or danger.get_safety_area_display(),
        "to": danger.reported_to,
    }
    return _notify(danger, users, EscalationLevel.REPORTED, title, body)


def report_if_major(
    danger: HiddenDanger, *, user: User | None = None, today: datetime.date | None = None
) -> list[Notification]:
    """Report a danger upward if it is (or has just become) an open 重大隐患 not yet reported."""
    if (
        danger.grade == DangerGrade.MAJOR
        and danger.reported_upward_on is None
        and danger.status in OPEN_DANGER_STATUSES
    ):
        return report_upward(danger, user=user, today=today)
    return []


# 挂牌督办 ---------------------------------------------------------------------------------------


@transaction.atomic
def list_for_supervision(
    danger: HiddenDanger,
    *,
    user: User,
    supervised_by: str,
    supervision_deadline: datetime.date,
    listed_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> HiddenDanger:
    """Put an open 重大隐患 under listed supervision (挂牌督办) with its own deadline."""
    today = today or timezone.localdate()
    listed_on = listed_on or today
    danger = _locked(danger)
    if danger.grade != DangerGrade.MAJOR:
        raise ValidationError(_("只有重大隐患可以挂牌督办。"), code="not_major")
    if danger.status not in OPEN_DANGER_STATUSES:
        raise ValidationError(_("已复查合格或已销号的隐患不能挂牌督办。"), code="not_open")
    if danger.is_listed:
        raise ValidationError(_("该隐患已在挂牌督办中。"), code="already_listed")
    errors = {}
    supervised_by = (supervised_by or "").strip()
    if not supervised_by:
        errors["supervised_by"] = _("请填写督办单位。")
    if listed_on < danger.found_on:
        errors["listed_on"] = _("挂牌日期不能早于发现日期。")
    elif listed_on > today:
        errors["listed_on"] = _("挂牌日期不能晚于今天。")
    if supervision_deadline is None:
        errors["supervision_deadline"] = _("请填写督办期限。")
    elif supervision_deadline < listed_on:
        errors["supervision_deadline"] = _("督办期限不能早于挂牌日期。")
    if errors:
        raise ValidationError(errors)
    report_if_major(danger, user=user, today=listed_on)  # listing implies a report
    danger.refresh_from_db()
    danger.listed_on = listed_on
    danger.supervised_by = supervised_by
    danger.supervision_deadline = supervision_deadline
    danger.lifted_on = None
    _raise(danger, EscalationLevel.LISTED, listed_on)
    danger.save(
        update_fields=[
            "listed_on",
            "supervised_by",
            "supervision_deadline",
            "lifted_on",
            "escalation_level",
            "escalated_on",
        ]
    )
    text = _("%(by)s 挂牌督办，督办期限 %(deadline)s。") % {
        "by": supervised_by,
        "deadline": supervision_deadline,
    }
    if note.strip():
        text = f"{text}\n{note.strip()}"
    _event(
        danger,
        action=DangerAction.LIST_SUPERVISION,
        from_status="",  # the workflow state does not change
        user=user,
        note=text,
        at=_moment(listed_on),
    )
    community = danger.community
    users = [
        *leadership_users(community),
        *office_users(community),
        *county_users(community),
        *_group_leaders(danger),
    ]
    title = _("重大隐患挂牌督办：%(title)s") % {"title": danger.title}
    _notify(danger, users, EscalationLevel.LISTED, title, text)
    return danger


@transaction.atomic
def lift_supervision(
    danger: HiddenDanger,
    *,
    user: User,
    note: str,
    lifted_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> HiddenDanger:
    """Lift the listing (摘牌) once the rectification has passed re-inspection."""
    today = today or timezone.localdate()
    lifted_on = lifted_on or today
    danger = _locked(danger)
    if not danger.is_listed:
        raise ValidationError(_("该隐患未在挂牌督办中。"), code="not_listed")
    if danger.status not in (DangerStatus.VERIFIED, DangerStatus.CLOSED):
        raise ValidationError(
            _("整改复查合格后方可摘牌（当前状态：%(status)s）。")
            % {"status": danger.get_status_display()},
            code="not_verified",
        )
    note = require_text(note, _("请填写摘牌意见（验收情况）。"))
    if lifted_on < danger.listed_on:
        raise ValidationError({"lifted_on": _("摘牌日期不能早于挂牌日期。")})
    if lifted_on > today:
        raise ValidationError({"lifted_on": _("摘牌日期不能晚于今天。")})
    danger.lifted_on = lifted_on
    danger.save(update_fields=["lifted_on"])
    _event(
        danger,
        action=DangerAction.LIFT_SUPERVISION,
        from_status="",  # the workflow state does not change
        user=user,
        note=note,
        at=_moment(lifted_on),
    )
    return danger


# The daily beat -----------------------------------------------------------------------------


def supervision_overdue_reminders(community: Community, today: datetime.date) -> int:
    """Remind the leadership and office, once a day, of listings past their supervision deadline."""
    sent = 0
    late = selectors.dangers(community).filter(
        listed_on__isnull=False, lifted_on__isnull=True, supervision_deadline__lt=today
    )
    if not late.exists():
        return 0
    users = [*leadership_users(community), *office_users(community)]
    for danger in late:
        sent += len(
            notify_once(
                users,
                key=f"hz-danger-supervision-overdue-{danger.pk}",
                title=_("挂牌督办逾期：%(title)s") % {"title": danger.title},
                body=_("%(by)s 督办期限 %(deadline)s 已过，尚未摘牌。")
                % {"by": danger.supervised_by, "deadline": danger.supervision_deadline},
                url=danger.get_absolute_url(),
                community=community,
            )
        )
    return sent


def mark_major_overdue(
    danger: HiddenDanger, *, today: datetime.date | None = None
) -> DangerEvent | None:
    """Record, once, that a 重大隐患 passed its rectification deadline and tell the receivers
    (the county platform's ``rectification.overdue`` webhook). The daily reminders notify the
    people; this is the event. Returns the history row, or None when it was recorded before."""
    today = today or timezone.localdate()
    with transaction.atomic():
        danger = _locked(danger)
        if danger.events.filter(action=DangerAction.MAJOR_OVERDUE).exists():
            return None
        days = (today - danger.deadline).days
        event = _event(
            danger,
            action=DangerAction.MAJOR_OVERDUE,
            from_status="",  # the workflow state does not change
            user=None,
            note=_("整改期限 %(deadline)s，已逾期 %(days)d 天。")
            % {"deadline": danger.deadline, "days": days},
            at=_moment(today),
        )
        announce(danger.community, "rectification.overdue", danger, overdue_days=days)
    return event


def run_escalation(today: datetime.date | None = None) -> int:
    """Escalate what is due in every community. Returns the notices sent (0 on a re-run)."""
    today = today or timezone.localdate()
    sent = 0
    for community in Community.objects.all():
        unreported = selectors.dangers(community).filter(
            grade=DangerGrade.MAJOR,
            reported_upward_on__isnull=True,
            status__in=OPEN_DANGER_STATUSES,
        )
        for danger in unreported:
            sent += len(report_upward(danger, today=today))
        office_from = today - datetime.timedelta(days=policy.config()["office_after_days"])
        due = selectors.dangers(community).filter(
            grade=DangerGrade.GENERAL,
            status__in=DEADLINE_RUNNING_STATUSES,
            deadline__lte=office_from,
            escalation_level__lt=EscalationLevel.LEADERSHIP,
        )
        for danger in due:
            sent += len(escalate_overdue(danger, today=today))
        late_major = (
            selectors.dangers(community)
            .filter(
                grade=DangerGrade.MAJOR,
                status__in=DEADLINE_RUNNING_STATUSES,
                deadline__lt=today,
            )
            .exclude(events__action=DangerAction.MAJOR_OVERDUE)
        )
        for danger in late_major:
            mark_major_overdue(danger, today=today)
        sent += supervision_overdue_reminders(community, today)
    return sent
