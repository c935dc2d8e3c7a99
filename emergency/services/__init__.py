"""Writes of the emergency app (services), one module per topic, re-exported here.

The daily beat calls ``send_emergency_reminders``.
"""

from .drills import (
    add_photo,
    add_problem,
    delete_photo,
    delete_problem,
    open_action,
    refresh_participants,
)
from .plans import delete_plan, replace_groups, revise_plan
from .reminders import send_emergency_reminders
from .resources import record_check

__all__ = [
    "add_photo",
    "add_problem",
    "delete_photo",
    "delete_plan",
    "delete_problem",
    "open_action",
    "record_check",
    "refresh_participants",
    "replace_groups",
    "revise_plan",
    "send_emergency_reminders",
]
