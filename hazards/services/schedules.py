"""Inspection schedules: their due inspections, the missed ones, and the checklist templates.

``run_schedules`` is the daily reminder (``hazards.tasks``): it materialises every active
schedule's due inspections for the horizon ahead (idempotent: one row per schedule, place and
due date), marks those not done in time as missed and tells the team, the group's leaders and
the office. Saving a schedule regenerates its own rows at once (``generate_occurrences``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dateutil import rrule
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.models import bump

from ..choices import (
    BUILTIN_CHECKLISTS,
    LUNAR_HOLIDAYS,
    SOLAR_HOLIDAYS,
    CheckResult,
    DangerSource,
    OccurrenceStatus,
    Recurrence,
)
from ..models import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    Inspection,
    InspectionItem,
    InspectionSchedule,
    ScheduledInspection,
)
from ..models.schedules import parse_dates, parse_rrule

if TYPE_CHECKING:
    from committee.models import Community


def horizon_days() -> int:
    """How many days ahead due inspections are generated."""
    return getattr(settings, "HAZARDS_SCHEDULE_HORIZON_DAYS", 60)


def grace_days() -> int:
    """Days after its due date a due inspection may still be done before it counts as missed."""
    return getattr(settings, "HAZARDS_INSPECTION_GRACE_DAYS", 0)


# Dates ----------------------------------------------------------------------------------------


def holidays(schedule: InspectionSchedule, years: Iterable[int]) -> list[datetime.date]:
    """The holidays a holiday schedule inspects before: its own list, else the fixed set."""
    if schedule.holiday_dates.strip():
        return parse_dates(schedule.holiday_dates)
    days = []
    for year in years:
        days += [datetime.date(year, m, d) for m, d in SOLAR_HOLIDAYS]
        days += [datetime.date(year, m, d) for m, d in LUNAR_HOLIDAYS.get(year, ())]
    return sorted(days)


def _rule(schedule: InspectionSchedule) -> rrule.rrule | rrule.rruleset:
    start = datetime.datetime.combine(schedule.start_date, datetime.time())
    match schedule.recurrence:
        case Recurrence.DAILY:
            return rrule.rrule(rrule.DAILY, dtstart=start)
        case Recurrence.WEEKLY:
            return rrule.rrule(rrule.WEEKLY, dtstart=start)
        case Recurrence.MONTHLY | Recurrence.SEASONAL:
            interval = 3 if schedule.recurrence == Recurrence.SEASONAL else 1
            # From the 29th on, the last day of each month (a short month is not skipped).
            day = schedule.start_date.day if schedule.start_date.day <= 28 else -1
            return rrule.rrule(rrule.MONTHLY, dtstart=start, interval=interval, bymonthday=day)
        case _:
            return parse_rrule(schedule.rrule, schedule.start_date)


def due_dates(
    schedule: InspectionSchedule, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The schedule's due dates from ``start`` to ``end`` (both included), within its own
    start and end dates."""
    start = max(start, schedule.start_date)
    if schedule.end_date:
        end = min(end, schedule.end_date)
    if end < start:
        return []
    if schedule.recurrence == Recurrence.HOLIDAY:
        lead = datetime.timedelta(days=schedule.holiday_lead_days)
        years = range(start.year, end.year + 2)
        days = [day - lead for day in holidays(schedule, years)]
        return sorted({day for day in days if start <= day <= end})
    rule = _rule(schedule)
    after = datetime.datetime.combine(start, datetime.time())
    before = datetime.datetime.combine(end, datetime.time())
    return [moment.date() for moment in rule.between(after, before, inc=True)]


# Generating and missing -------------------------------------------------------------------------


@transaction.atomic
def generate_occurrences(
    schedule: InspectionSchedule, *, today: datetime.date | None = None
) -> int:
    """Materialise the schedule's due inspections from today to the horizon; return how many
    were added. Idempotent; due rows from today on that the schedule no longer asks for (a
    place taken off, the rule changed, the schedule paused) are removed, done and missed ones kept.
    """
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=horizon_days())
    wanted = set()
    if schedule.is_active:
        dates = due_dates(schedule, today, end)
        place_ids = list(schedule.places.values_list("pk", flat=True))
        wanted = {(place_id, day) for place_id in place_ids for day in dates}
    future = ScheduledInspection.objects.filter(
        schedule=schedule, status=OccurrenceStatus.DUE, due_date__gte=today
    )
    stale = [
        pk
        for pk, place_id, day in future.values_list("pk", "place_id", "due_date")
        if (place_id, day) not in wanted
    ]
    ScheduledInspection.objects.filter(pk__in=stale).delete()
    existing = set(
        ScheduledInspection.objects.filter(schedule=schedule, due_date__gte=today).values_list(
            "place_id", "due_date"
        )
    )
    new = [
        ScheduledInspection(
            community_id=schedule.community_id, schedule=schedule, place_id=place_id, due_date=day
        )
        for place_id, day in sorted(wanted - existing)
    ]
    ScheduledInspection.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        bump(schedule.community_id)  # bulk_create sends no signal: the summaries must know
    return len(new)


def generate_all(today: datetime.date | None = None) -> int:
    """Generate every schedule's due inspections (the paused ones lose their future rows)."""
    return sum(
        generate_occurrences(schedule, today=today) for schedule in InspectionSchedule.objects.all()
    )


def mark_missed(today: datetime.date | None = None) -> int:
    """Due inspections not done by the end of their due day (plus the grace days) become missed,
    dated today. Returns how many were marked."""
    today = today or timezone.localdate()
    last_due = today - datetime.timedelta(days=grace_days() + 1)
    late = ScheduledInspection.objects.filter(status=OccurrenceStatus.DUE, due_date__lte=last_due)
    communities = set(late.values_list("community_id", flat=True))
    marked = late.update(status=OccurrenceStatus.MISSED, missed_on=today)
    for community_id in communities:
        bump(community_id)  # an update sends no signal
    return marked


def run_schedules(today: datetime.date | None = None) -> int:
    """The daily run: generate, mark the missed ones, remind. Returns the notifications sent."""
    today = today or timezone.localdate()
    generate_all(today)
    mark_missed(today)
    return send_missed_reminders(today)


def send_missed_reminders(today: datetime.date | None = None) -> int:
    """Tell the team, the group's leaders and the office about each inspection missed today
    (once per inspection and day; key ``hz-inspection-missed-``, the robots' 漏检 kind)."""
    from committee.selectors import group_leader_users
    from committee.services import notify_once, office_users

    today = today or timezone.localdate()
    missed = list(
        ScheduledInspection.objects.filter(status=OccurrenceStatus.MISSED, missed_on=today)
        .select_related("community", "schedule", "place")
        .prefetch_related("schedule__team")
    )
    leaders = group_leader_users({occ.schedule.working_group_id for occ in missed})
    offices = {}
    sent = 0
    for occ in missed:
        community = occ.community
        if community.pk not in offices:
            offices[community.pk] = list(office_users(community))
        users = {
            user.pk: user
            for user in [
                *offices[community.pk],
                *leaders.get(occ.schedule.working_group_id, []),
                *occ.schedule.team.all(),
            ]
            if user.is_active
        }
        sent += len(
            notify_once(
                list(users.values()),
                key=f"hz-inspection-missed-{occ.pk}",
                title=_("漏检：%(place)s") % {"place": occ.place.name},
                body=_("排程“%(schedule)s”应于 %(date)s 检查，未按时完成。")
                % {"schedule": occ.schedule.title, "date": occ.due_date.isoformat()},
                url=occ.schedule.get_absolute_url(),
                community=community,
            )
        )
    return sent


# Doing a due inspection -------------------------------------------------------------------------


def checklist_rows(occurrence: ScheduledInspection) -> list[dict]:
    """The initial rows of the inspection form: the schedule's checklist, in order."""
    checklist = occurrence.schedule.checklist
    if checklist is None:
        from ..choices import DEFAULT_CHECKLIST

        texts = [str(text) for text in DEFAULT_CHECKLIST]
    else:
        texts = [item.text for item in checklist.items.all()]
    return [{"item": text, "result": CheckResult.PASS} for text in texts]


def complete_occurrence(
    occurrence: ScheduledInspection, inspection: Inspection, *, today: datetime.date | None = None
) -> ScheduledInspection:
    """Link the inspection to the due inspection and mark it done (a missed one too: done late,
    which the monitoring counts as done but not on time)."""
    occurrence.inspection = inspection
    occurrence.status = OccurrenceStatus.DONE
    occurrence.done_on = inspection.date or today or timezone.localdate()
    occurrence.save(update_fields=["inspection", "status", "done_on"])
    return occurrence


# Checklist templates ------------------------------------------------------------------------------


@transaction.atomic
def install_builtin_checklists(community: Community) -> int:
    """Copy the built-in checklist templates into the community (those it lacks, by name).
    Returns how many were added; the office edits its copies freely."""
    have = set(ChecklistTemplate.objects.filter(community=community).values_list("name", flat=True))
    added = 0
    for kind, (name, texts) in BUILTIN_CHECKLISTS.items():
        if str(name) in have:
            continue
        template = ChecklistTemplate.objects.create(
            community=community, name=str(name), place_kind=kind
        )
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(template=template, text=str(text), position=position)
            for position, text in enumerate(texts, start=1)
        )
        added += 1
    return added


# A failed item → a hidden danger ---------------------------------------------------------------


def failed_item(community: Community, pk: str) -> InspectionItem | None:
    """The community's failed checklist item of that pk (a GET parameter), or None."""
    if not str(pk).isdigit():
        return None
    return (
        InspectionItem.objects.filter(
            inspection__community=community, pk=pk, result=CheckResult.FAIL
        )
        .select_related("inspection__working_group")
        .first()
    )


def danger_initial(item: InspectionItem) -> dict:
    """The hidden-danger form's initial values for a failed checklist item."""
    inspection = item.inspection
    places = list(inspection.places.all()[:1])
    description = item.item + (f"：{item.note}" if item.note else "")
    return {
        "inspection": inspection,
        "source": DangerSource.INSPECTION,
        "found_on": inspection.date,
        "found_by": inspection.inspectors[:60],
        "working_group": inspection.working_group,
        "place": places[0] if places else None,
        "title": f"{places[0].name if places else ''} {item.item}".strip()[:150],
        "description": description,
    }


def item_photo(item: InspectionItem) -> ContentFile | None:
    """A copy of the item's photo for the new hidden danger (each record owns its file)."""
    if not item.photo:
        return None
    with item.photo.open("rb") as stored:
        name = item.photo.name.rsplit("/", 1)[-1]
        return ContentFile(stored.read(), name=name)
