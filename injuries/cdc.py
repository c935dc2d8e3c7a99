"""Cards out to the county CDC: the national card's layout (全国伤害监测报告卡).

Column order and headings follow the card (standards.md §4.2): the hospital's number and the
card number, then the patient, the injury event and the clinical sections, then who filled it
in and when. Coded items are written as their national codes, each "其他" with its write-in
beside it, so the county CDC can key or load the batch as it keys a paper card. The layout is
also an import layout: the export re-imports to the same cards (the headings are the card's own
and every one is a heading synonym of ``InjuryCardResource``).
"""

import datetime
import re

from django.utils.translation import gettext as _

from safecommunity.importing import ChoiceWidget

from .resources import InjuryCardResource

# (resource field, heading on the card) in the card's order.
CARD_LAYOUT = (
    ("unit_code", "监测医院编号"),
    ("card_no", "卡片编号"),
    ("reporting_unit", "填报单位"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("age", "年龄"),
    ("birth_date", "出生日期"),
    ("id_number", "身份证号"),
    ("residence", "户籍"),
    ("education", "文化程度"),
    ("occupation", "职业"),
    ("phone", "联系电话"),
    ("injury_at", "伤害发生时间"),
    ("visit_at", "就诊时间"),
    ("cause", "伤害发生原因"),
    ("cause_other", "其他原因（请注明）"),
    ("place", "伤害发生地点"),
    ("place_other", "其他地点（请注明）"),
    ("activity", "伤害发生时活动"),
    ("activity_other", "其他活动（请注明）"),
    ("intent", "是否故意"),
    ("alcohol", "饮酒情况"),
    ("nature", "伤害性质"),
    ("nature_secondary", "伤害性质（第二项）"),
    ("nature_other", "其他伤害性质（请注明）"),
    ("body_part", "伤害部位"),
    ("body_part_other", "其他部位（请注明）"),
    ("severity", "伤害严重程度"),
    ("diagnosis", "临床诊断"),
    ("icd10", "ICD-10 编码"),
    ("outcome", "伤害结局"),
    ("outcome_other", "其他结局（请注明）"),
    ("reporter_name", "填报人"),
    ("reported_on", "填报日期"),
)
HEADINGS = dict(CARD_LAYOUT)


class CdcCardResource(InjuryCardResource):
    """The card layout with codes. Personal columns as the caller allows (``personal``)."""

    def __init__(self, community=None, user=None, **kwargs):
        super().__init__(community=community, user=user, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, ChoiceWidget):
                field.widget.render_codes = True

    def get_export_order(self):
        return tuple(name for name, _heading in CARD_LAYOUT if name in self.fields)

    def get_export_headers(self, selected_fields=None):
        return [HEADINGS[self.get_field_name(f)] for f in self.get_export_fields(selected_fields)]


PERIOD = re.compile(r"(\d{4})-(?:(\d{1,2})|Q([1-4]))")


def parse_period(text):
    """(first day, last day, label) of ``2026-03`` (a month) or ``2026-Q1`` (a quarter), or
    None for anything else."""
    match = PERIOD.fullmatch((text or "").strip().upper())
    if not match:
        return None
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            return None
        first, months = datetime.date(year, month, 1), 1
        label = _("%(year)d年%(month)02d月") % {"year": year, "month": month}
    else:
        quarter = int(match.group(3))
        first, months = datetime.date(year, 3 * quarter - 2, 1), 3
        label = _("%(year)d年第%(quarter)d季度") % {"year": year, "quarter": quarter}
    end_month = first.month + months
    after = datetime.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return first, after - datetime.timedelta(days=1), label
