"""Bump the per-community data version whenever a record of a SafeCommunity app changes.

Covers save, delete (also ``QuerySet.delete()``, which sends the signals when there are receivers)
and many-to-many changes of every model of the apps that give evidence (an ``evidence`` module:
what the summaries are made of), less the models an app names in its ``UNTRACKED_MODELS``. Code that writes with ``bulk_create``
or ``QuerySet.update`` (no signals) calls ``safecommunity.models.bump`` itself.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

from .discovery import app_modules
from .models import GLOBAL, DataVersion, bump, start_request


@cache
def tracked_apps():
    """{app label: model names whose changes never show in a summary} for every evidence app."""
    return {
        apps.get_containing_app_config(module.__name__).label: set(
            getattr(module, "UNTRACKED_MODELS", ())
        )
        for module in app_modules("evidence")
    }


def tracked(model):
    meta = model._meta
    untracked = tracked_apps().get(meta.app_label)
    if untracked is None or meta.model_name in untracked:
        return False
    return not meta.model_name.startswith("historical") and model is not DataVersion


def _changed(sender, instance, **kwargs):
    if sender._meta.label == settings.COMMUNITY_MODEL:
        bump(instance.pk)
    else:
        bump(getattr(instance, "community_id", None))


def _m2m_changed(sender, instance, action, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if tracked(type(instance)):
        _changed(type(instance), instance)
    elif tracked(model):  # changed from the other side (user.reporting_units.add(unit))
        bump(GLOBAL)


def connect():
    request_started.connect(start_request, dispatch_uid="data-version-request")
    for model in apps.get_models():
        if not tracked(model):
            continue
        uid = f"data-version-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
