"""Writes of the hazards app (services), one module per topic, re-exported here.

Other apps call ``create_corrective_action``; the daily beat calls ``send_overdue_reminders`` and
``run_escalation``.
"""

from .actions import (
    close_action,
    complete_action,
    create_corrective_action,
    start_action,
    verify_action,
)
from .assessments import assess_hazard, refresh_current_level
from .dangers import (
    MAY,
    NOT_ALLOWED,
    OWN,
    SOLE,
    close_danger,
    has_preventive_action,
    may_reinspect,
    missing_plan_parts,
    order_rectification,
    record_rectification,
    reinspect,
    reinspection_right,
    reinspectors,
    report_danger,
)
from .escalation import (
    escalate_overdue,
    lift_supervision,
    list_for_supervision,
    report_if_major,
    report_upward,
    run_escalation,
)
from .reminders import send_overdue_reminders

__all__ = [
    "MAY",
    "NOT_ALLOWED",
    "OWN",
    "SOLE",
    "assess_hazard",
    "close_action",
    "close_danger",
    "complete_action",
    "create_corrective_action",
    "escalate_overdue",
    "has_preventive_action",
    "lift_supervision",
    "list_for_supervision",
    "may_reinspect",
    "missing_plan_parts",
    "order_rectification",
    "record_rectification",
    "refresh_current_level",
    "reinspect",
    "reinspection_right",
    "reinspectors",
    "report_danger",
    "report_if_major",
    "report_upward",
    "run_escalation",
    "send_overdue_reminders",
    "start_action",
    "verify_action",
]
