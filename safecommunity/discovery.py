"""Find what each installed app offers, by module name, as ``django.contrib.admin`` finds ``admin.py``.

Core keeps no list of apps. An app offers (docs/architecture.md, "Autodiscovery"):

- ``<app>/evidence`` — the evidence protocol (``safecommunity.evidence``): found by ``app_modules``;
- ``<app>/tasks.py`` — Celery tasks, and the app's daily reminders registered with
  ``safecommunity.tasks.reminder`` (imported when Django starts, see ``SafecommunityConfig``);
- ``<app>/demo`` — demo data: ``seed(...)`` and its ``SEED_ORDER`` (``seed_demo``);
- ``AppConfig.menu`` — the sidebar entries (``safecommunity.navigation.MenuEntry``).

An app without such a module is simply not asked; an error inside one is raised, never hidden.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

CORE = __name__.rpartition(".")[0]


@cache
def app_modules(name):
    """Every installed app's ``<app>.<name>`` module, in ``INSTALLED_APPS`` order (core's own
    module of that name, which defines the protocol, is not one of them)."""
    found = []
    for config in apps.get_app_configs():
        if config.name == CORE or not module_has_submodule(config.module, name):
            continue
        found.append(import_module(f"{config.name}.{name}"))
    return tuple(found)


def app_attributes(name):
    """The ``name`` attribute of every installed app config that sets one, in ``INSTALLED_APPS``
    order (for small declarations such as the menu, kept in the app's ``apps.py``)."""
    return [
        (config, getattr(config, name))
        for config in apps.get_app_configs()
        if hasattr(config, name)
    ]
