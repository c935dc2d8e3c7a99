"""Spreadsheet import/export (XLSX/CSV) of the resource ledgers (台账): supplies, shelters, teams.

Offices keep these ledgers in Excel; imports are all or nothing (see safecommunity.importing).
"""

import datetime

from import_export import fields, widgets

from safecommunity.importing import ChoiceWidget, CommunityResource

from .choices import ShelterKind, SupplyKind, TeamKind
from .models import RescueTeam, Shelter, Supply

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


class DateWidget(widgets.DateWidget):
    """Dates as Excel users write them in China (2025-03-01, 2025/3/1, 2025年3月1日)."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")
        self.formats = DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        return super().clean(value, row, **kwargs)


class BooleanWidget(widgets.BooleanWidget):
    """是/否 (or 1/0); an empty cell means yes (the record is in use)."""

    TRUE_VALUES = ["1", 1, True, "true", "True", "TRUE", "是", "Y", "y"]
    FALSE_VALUES = ["0", 0, False, "false", "False", "FALSE", "否", "N", "n"]

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return True
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


def _date(attribute, column):
    return fields.Field(attribute=attribute, column_name=column, widget=DateWidget())


class IntegerWidget(widgets.IntegerWidget):
    """Whole numbers; an empty cell takes the given default."""

    def __init__(self, default=None):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.default
        return super().clean(value, row, **kwargs)


class TextWidget(widgets.CharWidget):
    """Text; an empty cell takes the given default."""

    def __init__(self, default=""):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        return (text or "").strip() or self.default


def _int(attribute, column, default=None):
    return fields.Field(
        attribute=attribute, column_name=column, widget=IntegerWidget(default=default)
    )


class SupplyResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="物资名称")
    kind = fields.Field(
        attribute="kind", column_name="物资类别", widget=ChoiceWidget(SupplyKind.choices)
    )
    spec = fields.Field(attribute="spec", column_name="规格型号")
    quantity = _int("quantity", "数量")
    unit = fields.Field(attribute="unit", column_name="计量单位", widget=TextWidget("件"))
    min_quantity = _int("min_quantity", "储备定额")
    location = fields.Field(attribute="location", column_name="存放地点")
    custodian = fields.Field(attribute="custodian", column_name="保管人")
    custodian_phone = fields.Field(attribute="custodian_phone", column_name="保管人电话")
    purchased_on = _date("purchased_on", "购置日期")
    expires_on = _date("expires_on", "有效期至")
    last_checked_on = _date("last_checked_on", "最近检查日期")
    check_interval_days = _int("check_interval_days", "检查周期（天）", default=90)
    notes = fields.Field(attribute="notes", column_name="备注")
    header_aliases = {
        "名称": "name",
        "类别": "kind",
        "存放位置": "location",
        "有效期": "expires_on",
    }
    required_columns = ("name", "kind", "quantity", "location")

    class Meta:
        model = Supply
        fields = (
            "name",
            "kind",
            "spec",
            "quantity",
            "unit",
            "min_quantity",
            "location",
            "custodian",
            "custodian_phone",
            "purchased_on",
            "expires_on",
            "last_checked_on",
            "check_interval_days",
            "notes",
        )
        import_id_fields = ("name", "location")
        skip_unchanged = True
        clean_model_instances = True


class ShelterResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="名称")
    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(ShelterKind.choices)
    )
    address = fields.Field(attribute="address", column_name="地址")
    capacity = _int("capacity", "可容纳人数")
    area_m2 = _int("area_m2", "有效面积（平方米）")
    serves = fields.Field(attribute="serves", column_name="服务范围")
    manager = fields.Field(attribute="manager", column_name="管理责任人")
    phone = fields.Field(attribute="phone", column_name="联系电话")
    facilities = fields.Field(attribute="facilities", column_name="配套设施")
    last_checked_on = _date("last_checked_on", "最近检查日期")
    is_active = fields.Field(attribute="is_active", column_name="启用", widget=BooleanWidget())
    required_columns = ("name", "kind", "address", "capacity")

    class Meta:
        model = Shelter
        fields = (
            "name",
            "kind",
            "address",
            "capacity",
            "area_m2",
            "serves",
            "manager",
            "phone",
            "facilities",
            "last_checked_on",
            "is_active",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True


class TeamResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="队伍名称")
    kind = fields.Field(
        attribute="kind", column_name="队伍类型", widget=ChoiceWidget(TeamKind.choices)
    )
    size = _int("size", "队员人数")
    leader = fields.Field(attribute="leader", column_name="负责人")
    phone = fields.Field(attribute="phone", column_name="联系电话")
    duty_phone = fields.Field(attribute="duty_phone", column_name="值班电话")
    base = fields.Field(attribute="base", column_name="驻地")
    coverage = fields.Field(attribute="coverage", column_name="服务范围")
    capability = fields.Field(attribute="capability", column_name="专长与救援能力")
    equipment = fields.Field(attribute="equipment", column_name="主要装备")
    is_active = fields.Field(attribute="is_active", column_name="在编", widget=BooleanWidget())
    header_aliases = {"名称": "name", "人数": "size", "电话": "phone"}
    required_columns = ("name", "kind", "size", "leader", "phone")

    class Meta:
        model = RescueTeam
        fields = (
            "name",
            "kind",
            "size",
            "leader",
            "phone",
            "duty_phone",
            "base",
            "coverage",
            "capability",
            "equipment",
            "is_active",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True
