"""Import widgets for injury cards: code lists, dates as people type them, ages, units."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from safecommunity.importing import ChoiceWidget

from .models import ReportingUnit

DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H时%M分",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d")


class NullableChoiceWidget(ChoiceWidget):
    """A code list for an optional integer field: blank is None, not ""."""

    def clean(self, value, row=None, **kwargs):
        cleaned = super().clean(value, row, **kwargs)
        return None if cleaned == "" else cleaned


class FlexibleDateTimeWidget(widgets.Widget):
    """Date-times as Excel cells or in the ways people type them; local time."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            parsed = value
        elif isinstance(value, datetime.date):
            parsed = datetime.datetime.combine(value, datetime.time())
        else:
            parsed = _parse(str(value).strip(), DATETIME_FORMATS, datetime.datetime)
            if parsed is None:
                raise ValueError(
                    _("“%(value)s”不是有效的日期时间（例如 2025-03-01 14:30）。") % {"value": value}
                )
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


class FlexibleDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = _parse(str(value).strip(), DATE_FORMATS, datetime.datetime)
        if parsed is None:
            raise ValueError(_("“%(value)s”不是有效的日期（例如 2025-03-01）。") % {"value": value})
        return parsed.date()

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def _parse(text, formats, kind):
    match = ISO_DATETIME.fullmatch(text)
    if match:  # the usual form, without strptime's cost
        try:
            return datetime.datetime(*(int(v or 0) for v in match.groups()))
        except ValueError:
            return None
    for fmt in formats:
        try:
            return kind.strptime(text, fmt)
        except ValueError:
            continue
    return None


class AgeWidget(widgets.Widget):
    """Whole years: 45, 45.0 (Excel) or 45岁."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().removesuffix("岁").strip()
        if re.fullmatch(r"\d+(\.0+)?", text):
            return int(float(text))
        raise ValueError(_("年龄应为 0–120 之间的整数。"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class CachedUnitWidget(widgets.Widget):
    """A reporting unit of the importing community by its name or number, from one query."""

    def __init__(self):
        super().__init__()
        self.community = None
        self._units = None

    def units(self):
        if self._units is None:
            self._units = {}
            for unit in ReportingUnit.objects.filter(community=self.community):
                self._units[unit.name] = unit
                if unit.code:
                    self._units.setdefault(unit.code, unit)
        return self._units

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().removesuffix(".0")
        unit = self.units().get(text)
        if unit is None:
            raise ValueError(
                _("找不到报告单位“%(value)s”，请先在“报告单位”中登记。") % {"value": text}
            )
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""
