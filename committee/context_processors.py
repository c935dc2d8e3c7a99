from safecommunity.navigation import build_menu
from safecommunity.tenancy import has_region_assignments, user_communities

from .choices import TASK_HOME_ROLES


def community(request):
    """Sidebar menu, community switcher and unread count for the base template."""
    context = {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    current = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    context["current_community"] = current
    context["current_membership"] = membership
    context["my_communities"] = user_communities(user).only("name", "slug")
    context["reviews_regions"] = has_region_assignments(user)
    context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    if current is not None and membership is not None:
        context["nav_menu"] = build_menu(current, membership.role)
        context["home_is_tasks"] = membership.role in TASK_HOME_ROLES
    return context
