"""The projects app's to-do list on a member's home: progress updates falling due."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from safecommunity.evidence import TASK_ITEMS, TaskItem, TaskList

from .. import selectors
from ..choices import STALE_AFTER_DAYS


def todo(community, membership, today):
    if membership.role == Role.OFFICE:
        queryset = selectors.projects_due_for_update(community, today)
        title, empty = _("待更新进展的项目"), _("所有实施中的项目都按时更新了进展。")
    elif membership.role in (Role.LEADER, Role.MEMBER, Role.GROUP_MEMBER):
        queryset = selectors.projects_due_for_update(community, today, membership.user)
        title, empty = _("我的项目：待更新进展"), _("本组实施中的项目都按时更新了进展。")
    else:
        return []
    slug = community.slug
    items = []
    for project in queryset[:TASK_ITEMS]:
        due = project.last_activity + datetime.timedelta(days=STALE_AFTER_DAYS)
        overdue = due <= today
        note = (
            _("已 %(days)d 天未更新") % {"days": (today - project.last_activity).days}
            if overdue
            else _("%(date)s 前应更新") % {"date": due.isoformat()}
        )
        items.append(
            TaskItem(
                title=project.title,
                url=reverse("projects:project_detail", args=[slug, project.pk]),
                note=str(note),
                overdue=overdue,
            )
        )
    return [
        TaskList(
            key="projects-updates",
            title=title,
            items=items,
            total=queryset.count(),
            url=reverse("projects:project_list", args=[slug]) + "?status=running",
            empty=empty,
            order=5,
        )
    ]
