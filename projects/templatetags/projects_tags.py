"""Presentation helpers of the projects app's templates."""

from django import template

register = template.Library()

PROJECT_STATUS_CLASSES = {
    "planned": "text-bg-secondary",
    "running": "text-bg-primary",
    "evaluating": "text-bg-info",
    "completed": "text-bg-success",
    "suspended": "text-bg-warning",
}
PROGRESS_CLASSES = {
    "achieved": "text-bg-success",
    "on_track": "text-bg-primary",
    "behind": "text-bg-danger",
    "no_data": "text-bg-light",
}
TASK_STATUS_CLASSES = {
    "pending": "text-bg-light",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
}


@register.filter
def project_status_class(status):
    return PROJECT_STATUS_CLASSES.get(str(status), "text-bg-secondary")


@register.filter
def progress_class(progress):
    return PROGRESS_CLASSES.get(str(progress), "text-bg-light")


@register.filter
def task_status_class(status):
    return TASK_STATUS_CLASSES.get(str(status), "text-bg-light")


@register.filter
def plain_number(value):
    """12.50 → 12.5, 80.00 → 80, None → —."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return value


@register.filter
def stale_on(project, today):
    """True for a running project with no update for 30 days (as of ``today``)."""
    return project.is_stale(today)


@register.filter
def intervention_label(code):
    from ..choices import Intervention

    return Intervention(code).label if code in Intervention.values else code
