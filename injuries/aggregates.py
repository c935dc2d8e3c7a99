"""The building blocks of the statistics: scoped card querysets, one GROUP BY per call, and
margins of its grouped counts."""

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext as _

from committee.choices import AgeGroup

from .models import InjuryCard


def filtered_cards(community, *, start=None, end=None, **filters):
    """The community's cards injured from start to end (inclusive dates), narrowed by field
    filters (sex, age_group, residence, safety_area, reporting_unit, cause…)."""
    queryset = InjuryCard.objects.filter(community=community)
    if start:
        queryset = queryset.filter(injury_date__gte=start)
    if end:
        queryset = queryset.filter(injury_date__lte=end)
    return queryset.filter(**{k: v for k, v in filters.items() if v not in (None, "")})


def grouped_counts(queryset, fields):
    """{(value, …): count} for the queryset grouped by ``fields`` — one GROUP BY query."""
    rows = queryset.order_by().values_list(*fields).annotate(n=Count("id"))
    return {tuple(row[:-1]): row[-1] for row in rows}


def margin(counts, fields, wanted, transform=None):
    """Sum grouped counts down to the ``wanted`` fields (optionally transforming values)."""
    positions = [fields.index(name) for name in wanted]
    result = Counter()
    for key, n in counts.items():
        values = tuple(key[p] for p in positions)
        if transform:
            values = transform(values)
        result[values if len(values) > 1 else values[0]] += n
    return result


def pct(part, whole, digits=1):
    return round(part * 100 / whole, digits) if whole else None


def label_of(code_list, value):
    if value in (None, ""):
        return _("未填")
    try:
        return str(code_list(value).label)
    except ValueError:
        return str(value)


def age_group_of(values):
    age, *rest = values
    return (AgeGroup.for_age(age), *rest)
