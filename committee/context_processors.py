from django.utils.functional import SimpleLazyObject

from safecommunity.navigation import build_menu
from safecommunity.tenancy import has_region_assignments

from .choices import TASK_HOME_ROLES
from .personal import my_communities, unread_count

# Sidebar links outside the element menu that are marked when open.
HOME_URL_NAMES = ("community_home", "overview")


def community(request):
    """Sidebar menu, community switcher and unread count for the base template.

    The switcher's communities and the unread count are read when a template shows them (the
    minimal page shows neither), from the shared cache, which forgets them when they change
    (``committee.personal``).
    """
    context = {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    current = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    context["current_community"] = current
    context["current_membership"] = membership
    context["my_communities"] = SimpleLazyObject(lambda: my_communities(user))
    context["reviews_regions"] = has_region_assignments(user)
    context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
    if current is not None and membership is not None:
        menu = build_menu(current, membership.role)
        context["nav_menu"] = menu
        context["nav_active"] = menu_active(menu, request)
        context["home_is_tasks"] = membership.role in TASK_HOME_ROLES
    return context


def menu_active(menu, request):
    """What marks a sidebar link as the open page: the cached sidebar varies on this only, not
    on every path (a record's page marks nothing)."""
    urls = {url for _number, _label, entries in menu for _l, url, _name in entries}
    match = request.resolver_match
    url_name = match.url_name if match is not None else None
    return ":".join(
        (
            request.path if request.path in urls else "",
            url_name if url_name in HOME_URL_NAMES else "",
        )
    )
