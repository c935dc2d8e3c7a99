"""Navigation by element. Each app declares its sidebar entries on its AppConfig::

    class HazardsConfig(AppConfig):
        menu = (MenuEntry(3, 10, _("风险辨识与评价"), "hazards:hazard_list"), ...)

The menu groups the entries of every installed app by element, ordered by ``order`` within it.
URL names that an app does not (yet) define are skipped when the menu is built.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

from .discovery import app_attributes
from .elements import Element
from .roles import Role


@dataclass(frozen=True)
class MenuEntry:
    element: int
    order: int  # within the element
    label: str  # lazy: follows the active language
    url_name: str  # namespaced, taking the community slug
    for_reporters: bool = False  # reporters work in the injury surveillance pages only


def entries():
    """Every installed app's menu entries, by element and order."""
    found = [entry for _config, menu in app_attributes("menu") for entry in menu]
    return sorted(found, key=lambda entry: (entry.element, entry.order))


def build_menu(community, role):
    """[(element number, element label, [(label, url)])] for the sidebar.

    The URLs depend only on the slug, the role and the script prefix, so the menu is built once
    per combination and process (labels stay lazy: they follow the active language).
    """
    return _menu(community.slug, role, get_script_prefix())


@lru_cache(maxsize=512)
def _menu(slug, role, _prefix):
    groups = {}
    for entry in entries():
        if role == Role.REPORTER and not entry.for_reporters:
            continue
        try:
            url = reverse(entry.url_name, kwargs={"community": slug})
        except NoReverseMatch:
            continue
        groups.setdefault(entry.element, []).append((entry.label, url, entry.url_name))
    return [(number, Element(number).label, groups[number]) for number in sorted(groups)]
