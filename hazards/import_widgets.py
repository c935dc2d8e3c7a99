"""Import/export widgets of the hazards app: groups as labels, yes/no, defaults, blank text."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from safecommunity.elements import TargetGroup
from safecommunity.importing import ChoiceWidget


class TargetGroupsWidget(widgets.Widget):
    """A list of groups written as labels joined by 、 (or commas); codes are accepted too."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        by_label = {str(label): code for code, label in TargetGroup.choices}
        result = []
        for part in str(value).replace("，", "、").replace(",", "、").split("、"):
            text = part.strip()
            if not text:
                continue
            code = text if text in TargetGroup.values else by_label.get(text)
            if code is None:
                raise ValueError(_("“%(value)s”不是有效的人群。") % {"value": text})
            result.append(code)
        return result

    def render(self, value, obj=None, **kwargs):
        labels = dict(TargetGroup.choices)
        return "、".join(str(labels.get(code, code)) for code in value or [])


class BooleanWidget(widgets.BooleanWidget):
    """是/否 (or 1/0, true/false); an empty cell means no."""

    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "是", "Y", "y"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "否", "N", "n"]

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return False
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class DefaultChoiceWidget(ChoiceWidget):
    """A code list cell where an empty cell takes the field's default."""

    def __init__(self, choices, default, **kwargs):
        super().__init__(choices, **kwargs)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or self.default


def text(attribute, column_name):
    """A text column: an empty cell (None in XLSX) is stored as an empty string."""
    return fields.Field(
        attribute=attribute, column_name=column_name, widget=widgets.CharWidget(allow_blank=True)
    )


def date_widget():
    return widgets.DateWidget(coerce_to_string=True)
