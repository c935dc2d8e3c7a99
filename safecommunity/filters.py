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


def offer_all_choice(form):
    """Give every optional choice of a filter form an empty choice reading 全部 when it has
    none (a TypedChoiceFilter has none, so the list could not be shown unfiltered again once
    the form was submitted: its first choice was sent instead)."""
    for field in form.fields.values():
        if (
            isinstance(field, forms.ChoiceField)
            and not isinstance(field, forms.ModelChoiceField | forms.MultipleChoiceField)
            and not field.required
        ):
            choices = list(field.choices)
            if not any(value in ("", None) for value, _label in choices):
                field.choices = [("", ALL), *choices]


def yes_no_filter(label, **kwargs):
    """A yes/no filter whose empty choice reads 全部 (Django's default reads 未知, "unknown",
    which users take for a filter on records of unknown status)."""
    choices = [("", ALL), ("true", _("是")), ("false", _("否"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)
