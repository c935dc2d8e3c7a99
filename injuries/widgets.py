"""Import widgets for injury cards: code lists, dates as people type them, ages, units."""

import datetime
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from safecommunity.importing import ChoiceWidget

from .models import ReportingUnit

# Dates and times as Chinese forms and exports write them, after full-width folding:
# 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, each optionally followed by a time
# to the hour or the minute (or second): 14:30, 14时30分, 14点30分, 09时, 1430 after yyyymmdd.
DATE_PART = r"(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))"
TIME_PART = r"(\d{1,2})(?:[:时点](\d{1,2})?(?:[:分](\d{1,2})?秒?)?|(\d{2}))?"
DATETIME_TEXT = re.compile(rf"{DATE_PART}(?:(?:T|\s+|(?<=日)|(?<=^\d{{8}})){TIME_PART})?")
# Excel's serial day numbers (a date cell read without its format): 1982 to 2119.
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
EXCEL_SERIALS = (30000, 80000)


def parse_datetime_text(value):
    """A naive datetime from a cell's text or number, or None when it is not a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    # Spaces inside the date or the time go (2026 年 3 月 5 日); one between them stays.
    text = re.sub(r"\s*([-/.年月日时点分:])\s*", r"\1", text)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_serial(float(text))
    match = DATETIME_TEXT.fullmatch(text)
    if not match:
        return None
    year, month, day, month8, day8, hour, minute, second, minute4 = match.groups()
    try:
        return datetime.datetime(
            int(year),
            int(month or month8),
            int(day or day8),
            int(hour or 0),
            int(minute or minute4 or 0),
            int(second or 0),
        )
    except ValueError:
        return None


def _excel_serial(number):
    if not EXCEL_SERIALS[0] <= number <= EXCEL_SERIALS[1]:
        return None
    moment = EXCEL_EPOCH + datetime.timedelta(days=number)
    return moment.replace(microsecond=0) + datetime.timedelta(
        seconds=round(moment.microsecond / 1e6)
    )


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
            parsed = parse_datetime_text(value)
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
        parsed = parse_datetime_text(value)
        if parsed is None:
            raise ValueError(_("“%(value)s”不是有效的日期（例如 2025-03-01）。") % {"value": value})
        return parsed.date()

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


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
