"""Data quality of the injury cards, per reporting unit: what a county CDC checks before it
accepts a batch (cards per month and silent months, completeness, unknown or 其他 values,
confirmed warnings, late reports)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import UNKNOWN_CODES
from .models import InjuryCard, ReportingUnit
from .services import SURVEILLANCE_UNIT_KINDS

# A card filled in more than this many days after the visit counts as a late report.
LATE_DAYS = 7
MONTHS = 12

# Optional items of the card whose completeness is measured (the required ones are complete by
# construction: no card is saved without them).
COMPLETENESS_FIELDS = (
    ("card_no", _("卡片编号")),
    ("reporter_name", _("填报人")),
    ("diagnosis", _("临床诊断")),
    ("icd10", _("ICD-10 编码")),
    ("alcohol", _("饮酒情况")),
    ("follow_up", _("随访转归")),
)


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class UnitQuality:
    unit: object
    cards: int = 0
    months: list = field(default_factory=list)  # [(first day of month, cards)]
    silent_months: list = field(default_factory=list)
    filled: dict = field(default_factory=dict)  # field → cards with a value
    unknown: dict = field(default_factory=dict)  # field → cards with 不清楚/其他
    warned: int = 0
    late: int = 0

    @property
    def completeness(self):
        return [
            (label, _pct(self.filled.get(n, 0), self.cards)) for n, label in COMPLETENESS_FIELDS
        ]

    @property
    def unknown_shares(self):
        return [
            (
                InjuryCard._meta.get_field(name).verbose_name,
                _pct(self.unknown.get(name, 0), self.cards),
            )
            for name in UNKNOWN_CODES
        ]

    @property
    def warned_share(self):
        return _pct(self.warned, self.cards)

    @property
    def late_share(self):
        return _pct(self.late, self.cards)


def month_starts(today, count=MONTHS):
    """The first days of the last ``count`` months, oldest first, the current one last."""
    year, month = today.year, today.month
    starts = []
    for _i in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def unit_quality(community, *, today):
    """[UnitQuality] for the community's units over the last MONTHS months (by 填报日期), in
    list order; units without cards are listed when they are active surveillance units (a
    silent sentinel is the first thing to see). Two queries."""
    months = month_starts(today)
    start = months[0]
    names = ["reporting_unit_id", "reported_on", "visit_at", "confirmed_warnings"]
    names += [n for n, _label in COMPLETENESS_FIELDS] + list(UNKNOWN_CODES)
    rows = InjuryCard.objects.filter(
        community=community, reported_on__gte=start, reported_on__lte=today
    ).values_list(*names)
    by_unit = {}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        q = by_unit.setdefault(values["reporting_unit_id"], UnitQuality(unit=None))
        q.cards += 1
        month = values["reported_on"].replace(day=1)
        q.filled.setdefault("_months", {}).setdefault(month, 0)
        q.filled["_months"][month] += 1
        for name, _label in COMPLETENESS_FIELDS:
            if values[name] not in (None, ""):
                q.filled[name] = q.filled.get(name, 0) + 1
        for name, codes in UNKNOWN_CODES.items():
            if values[name] in codes:
                q.unknown[name] = q.unknown.get(name, 0) + 1
        if values["confirmed_warnings"]:
            q.warned += 1
        visit = values["visit_at"]
        if visit and (values["reported_on"] - timezone.localtime(visit).date()).days > LATE_DAYS:
            q.late += 1
    result = []
    for unit in ReportingUnit.objects.filter(community=community).order_by("kind", "name"):
        q = by_unit.get(unit.pk)
        if q is None:
            if not (unit.is_active and unit.kind in SURVEILLANCE_UNIT_KINDS):
                continue
            q = UnitQuality(unit=None)
        q.unit = unit
        counts = q.filled.pop("_months", {})
        q.months = [(m, counts.get(m, 0)) for m in months]
        if unit.kind in SURVEILLANCE_UNIT_KINDS:
            # The current month is still open: it is not silent yet.
            q.silent_months = [m for m, n in q.months[:-1] if n == 0]
        result.append(q)
    return result
