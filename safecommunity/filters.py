"""Shared list-filter fields."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

ALL = _("全部")


def yes_no_filter(label, **kwargs):
    """A yes/no filter whose empty choice reads 全部 (Django's default reads 未知, "unknown",
    which users take for a filter on records of unknown status)."""
    choices = [("", ALL), ("true", _("是")), ("false", _("否"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)
