"""The escalation policy of hidden dangers (隐患排查治理 as practised), configurable in one place.

Setting ``HAZARDS_ESCALATION`` (a dict) overrides any key of ``DEFAULTS``:

- ``deadline_days``: the rectification deadline proposed from the grade, in days from the order.
  一般隐患 are put right at once by the unit (standards.md §5.1, 16号令), so a short week; a 重大隐患 needs a
  治理方案 and time, so a month. Practice defaults, not a national figure: set them locally.
- ``office_after_days``: days past the deadline before an open 一般隐患 goes to the office (1: the
  first day overdue).
- ``leadership_after_days``: further days after the office escalation before it goes to the
  committee leadership (主任/副主任) for 督办.
- ``reported_to``: whom a 重大隐患 is reported to when the community names no 上级行政区.

The writes (escalating, reporting, listing) are in ``hazards.services.escalation``.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .choices import DangerGrade

DEFAULTS = {
    "deadline_days": {DangerGrade.GENERAL: 7, DangerGrade.MAJOR: 30},
    "office_after_days": 1,
    "leadership_after_days": 7,
    "reported_to": _("县（区）应急管理部门"),
}


def config():
    return {**DEFAULTS, **getattr(settings, "HAZARDS_ESCALATION", {})}


def proposed_deadline(grade, start):
    """The rectification deadline the order form proposes for a danger of ``grade``."""
    days = config()["deadline_days"].get(grade, DEFAULTS["deadline_days"][DangerGrade.GENERAL])
    return start + datetime.timedelta(days=days)


def office_due_on(danger):
    """The day an overdue 一般隐患 goes to the office, or None without a deadline."""
    if danger.deadline is None:
        return None
    return danger.deadline + datetime.timedelta(days=config()["office_after_days"])


def leadership_due_on(office_escalated_on):
    """The day a danger escalated to the office on ``office_escalated_on`` goes to the leadership."""
    return office_escalated_on + datetime.timedelta(days=config()["leadership_after_days"])


def reported_to(community):
    """The body a 重大隐患 is reported to: the county government of the community's area."""
    area = (community.parent_area or "").strip()
    return area or str(config()["reported_to"])
