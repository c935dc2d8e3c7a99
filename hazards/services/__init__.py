"""Writes of the hazards app (services), one module per topic, re-exported here.

Other apps call ``create_corrective_action``; the daily beat calls ``send_overdue_reminders``.
"""

from .actions import (
    close_action,
    complete_action,
    create_corrective_action,
    start_action,
    verify_action,
)
from .assessments import assess_hazard, create_hazard, refresh_current_level
from .dangers import (
    close_danger,
    has_preventive_action,
    order_rectification,
    record_rectification,
    reinspect,
    report_danger,
)
from .reminders import send_overdue_reminders

__all__ = [
    "assess_hazard",
    "close_action",
    "close_danger",
    "complete_action",
    "create_corrective_action",
    "create_hazard",
    "has_preventive_action",
    "order_rectification",
    "record_rectification",
    "refresh_current_level",
    "reinspect",
    "report_danger",
    "send_overdue_reminders",
    "start_action",
    "verify_action",
]
