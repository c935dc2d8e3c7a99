"""Inspection schedules of the hazards demo data: the built-in checklists, three schedules, some
due inspections done, some due today, one missed (see hazards.demo). Uses no random numbers, so
the rest of the demo stays as it was."""

import datetime

from committee.choices import Role

from ..choices import CheckResult, InspectionMethod, InspectionType, Recurrence
from ..models import (
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    InspectionSchedule,
    ScheduledInspection,
)
from ..services import schedules as services


def seed_schedules(community, *, users, groups, places, today):
    services.install_builtin_checklists(community)
    templates = {t.place_kind: t for t in ChecklistTemplate.objects.filter(community=community)}
    inspectors = [u for u in (users.get(Role.GROUP_MEMBER), users.get(Role.LEADER)) if u]
    group = groups[0] if groups else None

    def by_kind(*kinds):
        return [place for place in places if place.kind in kinds][:3]

    weekly = _schedule(
        community,
        title="农贸市场每周安全巡查",
        places=by_kind("market"),
        checklist=templates.get("market"),
        recurrence=Recurrence.WEEKLY,
        start=today - datetime.timedelta(days=21),
        team=inspectors,
        group=group,
    )
    _schedule(
        community,
        title="养老机构月度安全检查",
        places=by_kind("elder_care"),
        checklist=templates.get("elder_care"),
        recurrence=Recurrence.MONTHLY,
        start=today,
        team=inspectors,
        group=group,
    )
    _schedule(
        community,
        title="节前水域安全检查",
        places=by_kind("water"),
        checklist=templates.get("water"),
        recurrence=Recurrence.HOLIDAY,
        start=today,
        team=inspectors[:1],
        group=group,
        inspection_type=InspectionType.HOLIDAY,
    )
    # The weekly market rounds started three weeks ago: all done but one, which was missed.
    services.generate_occurrences(weekly, today=weekly.start_date)
    past = list(
        ScheduledInspection.objects.filter(schedule=weekly, due_date__lt=today).order_by(
            "due_date", "place_id"
        )
    )
    recorder = inspectors[0] if inspectors else users.get(Role.OFFICE)
    for index, occurrence in enumerate(past):
        if index == len(past) - 1:
            continue
        inspection = Inspection.objects.create(
            community=community,
            date=occurrence.due_date,
            inspection_type=weekly.inspection_type,
            method=weekly.method,
            inspectors=recorder.get_full_name() or recorder.username if recorder else "",
            working_group=group,
            summary="按检查表逐项检查。",
            recorded_by=recorder,
        )
        inspection.places.add(occurrence.place)
        InspectionItem.objects.bulk_create(
            InspectionItem(
                inspection=inspection,
                item=item.text,
                result=CheckResult.FAIL if (index == 0 and position == 1) else CheckResult.PASS,
                note="消防通道堆放杂物" if (index == 0 and position == 1) else "",
                position=position,
            )
            for position, item in enumerate(weekly.checklist.items.all(), start=1)
        )
        services.complete_occurrence(occurrence, inspection)
    services.mark_missed(today)


def _schedule(community, *, title, places, checklist, recurrence, start, team, group, **extra):
    schedule = InspectionSchedule.objects.create(
        community=community,
        title=title,
        checklist=checklist,
        recurrence=recurrence,
        start_date=start,
        working_group=group,
        method=InspectionMethod.COMMUNITY,
        **extra,
    )
    schedule.places.set(places)
    schedule.team.set(team)
    services.generate_occurrences(schedule, today=start)
    return schedule
