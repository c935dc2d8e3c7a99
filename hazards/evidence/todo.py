"""The hazards app's to-do lists on a member's home (``safecommunity.evidence.member_tasks``).

A leader sees the hidden dangers his groups must rectify, the inspection plans they carry and
the inspections he recorded lately; whoever may re-inspect sees the rectifications waiting for
it; the office sees what waits on the office. Two queries per list (the items and the count).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from safecommunity.evidence import TASK_ITEMS, TaskItem, TaskList

from .. import selectors
from ..choices import DangerStatus, OccurrenceStatus


def _danger_items(queryset, slug, today):
    items = []
    for danger in queryset[:TASK_ITEMS]:
        note = (
            _("整改期限 %(date)s") % {"date": danger.deadline.isoformat()}
            if danger.deadline
            else danger.get_status_display()
        )
        items.append(
            TaskItem(
                title=danger.title,
                url=reverse("hazards:danger_detail", args=[slug, danger.pk]),
                note=str(note),
                overdue=danger.is_overdue(today),
            )
        )
    return items


def _dangers(key, title, queryset, slug, today, *, empty, url="", order=20):
    return TaskList(
        key=key,
        title=title,
        items=_danger_items(queryset, slug, today),
        total=queryset.count(),
        url=url or reverse("hazards:danger_list", args=[slug]),
        empty=empty,
        order=order,
    )


def todo(community, membership, today):
    slug = community.slug
    user = membership.user
    danger_list = reverse("hazards:danger_list", args=[slug])
    lists = []
    if membership.role == Role.OFFICE:
        lists.append(
            _dangers(
                "hazards-overdue",
                _("逾期未整改的隐患"),
                selectors.overdue_dangers(community, today).order_by("deadline", "pk"),
                slug,
                today,
                empty=_("没有逾期未整改的隐患。"),
                url=f"{danger_list}?overdue=true",
                order=10,
            )
        )
        lists.append(
            _dangers(
                "hazards-to-order",
                _("待下达整改通知的隐患"),
                selectors.dangers(community)
                .filter(status=DangerStatus.REPORTED)
                .order_by("found_on", "pk"),
                slug,
                today,
                empty=_("没有待下达整改通知的隐患。"),
                url=f"{danger_list}?status={DangerStatus.REPORTED}",
                order=11,
            )
        )
    elif membership.role in (Role.LEADER, Role.MEMBER, Role.GROUP_MEMBER):
        lists.append(
            _dangers(
                "hazards-rectify",
                _("我的整改"),
                selectors.rectifications_of(community, user),
                slug,
                today,
                empty=_("没有需要本人或本组整改的隐患。"),
                order=20,
            )
        )
    if membership.role not in (Role.REVIEWER, Role.REPORTER):
        lists.append(
            _dangers(
                "hazards-reinspect",
                _("待我复查"),
                selectors.reinspections_for(community, membership),
                slug,
                today,
                empty=_("没有等待复查的整改。"),
                url=f"{danger_list}?status={DangerStatus.RECTIFIED}",
                order=21,
            )
        )
    if membership.role in (Role.LEADER, Role.MEMBER, Role.GROUP_MEMBER):
        lists.append(_inspections(community, user, slug, today))
    if membership.role not in (Role.REVIEWER, Role.REPORTER):
        lists.append(_due_inspections(community, membership, slug, today))
    return lists


def _due_inspections(community, membership, slug, today):
    """The scheduled inspections due this week and those missed, mine (all, for the office)."""
    queryset = selectors.open_occurrences(selectors.occurrences_of(community, membership), today)
    items = [
        TaskItem(
            title=occ.place.name,
            url=reverse("hazards:occurrence_do", args=[slug, occ.pk]),
            note=str(
                _("%(schedule)s · 应检 %(date)s")
                % {"schedule": occ.schedule.title, "date": occ.due_date.isoformat()}
            ),
            overdue=occ.status == OccurrenceStatus.MISSED,
        )
        for occ in queryset[:TASK_ITEMS]
    ]
    return TaskList(
        key="hazards-scheduled",
        title=_("排程检查"),
        items=items,
        total=queryset.count(),
        url=reverse("hazards:schedule_calendar", args=[slug]),
        empty=_("近 7 天没有排程检查任务。"),
        order=29,
    )


def _inspections(community, user, slug, today):
    """Plans my groups carry (the assigned inspections), then what I recorded in 30 days."""
    plans = selectors.inspection_plans_of(community, user, today)
    recorded = selectors.inspections_recorded_by(community, user, today)
    items = [
        TaskItem(
            title=plan.title,
            url=reverse("hazards:plan_detail", args=[slug, plan.pk]),
            note=str(
                _("计划 %(start)s 至 %(end)s · %(status)s")
                % {
                    "start": plan.start_date.isoformat(),
                    "end": plan.end_date.isoformat(),
                    "status": plan.get_status_display(),
                }
            ),
            overdue=plan.end_date < today,
        )
        for plan in plans[:TASK_ITEMS]
    ]
    items += [
        TaskItem(
            title=str(inspection),
            url=reverse("hazards:inspection_detail", args=[slug, inspection.pk]),
            note=str(_("本人录入")),
        )
        for inspection in recorded[: max(TASK_ITEMS - len(items), 0)]
    ]
    return TaskList(
        key="hazards-inspections",
        title=_("我的检查"),
        items=items,
        total=plans.count() + recorded.count(),
        url=reverse("hazards:inspection_list", args=[slug]),
        empty=_("没有分配给本组的检查计划，近 30 天也没有录入检查。"),
        order=30,
    )
