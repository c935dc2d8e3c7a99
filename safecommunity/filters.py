"""Shared list-filter fields."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import BoundedDateField, BoundedYearField

ALL = _("全部")


class DateFilter(django_filters.DateFilter):
    """A list's date filter, bounded like every date we take (safecommunity.forms)."""

    field_class = BoundedDateField


class YearFilter(django_filters.NumberFilter):
    """A whole year between 1900 and next year: ``?year=0`` or ``?year=2024.5`` is a form
    error, not a 500 from the year lookup."""

    field_class = BoundedYearField


def yes_no_filter(label, **kwargs):
    """A yes/no filter whose empty choice reads 全部 (Django's default reads 未知, "unknown",
    which users take for a filter on records of unknown status)."""
    choices = [("", ALL), ("true", _("是")), ("false", _("否"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)
