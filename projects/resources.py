"""Spreadsheet import/export (XLSX/CSV) of the activity ledger (宣传教育培训活动台账)."""

from import_export import fields, widgets

from committee.models import WorkingGroup
from safecommunity.elements import SafetyArea, TargetGroup
from safecommunity.importing import ChoiceWidget, CommunityForeignKeyWidget, CommunityResource

from .choices import ActivityKind
from .models import Activity, Project


class CountWidget(widgets.IntegerWidget):
    """An optional count: a blank cell means none (0)."""

    def clean(self, value, row=None, **kwargs):
        result = super().clean(value, row, **kwargs)
        return 0 if result is None else result


def _text(column, attribute):
    """A text column: an empty cell (None in XLSX) is stored as ""."""
    return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget())


def _int(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=CountWidget())


class ActivityResource(CommunityResource):
    """One row per activity; re-importing the same ledger updates rows by (名称, 日期)."""

    title = _text("活动名称", "title")
    kind = fields.Field(
        attribute="kind", column_name="活动类型", widget=ChoiceWidget(ActivityKind.choices)
    )
    date = fields.Field(
        attribute="date", column_name="日期", widget=widgets.DateWidget(coerce_to_string=True)
    )
    place = _text("地点", "place")
    organiser = _text("主办/承办单位", "organiser")
    working_group = fields.Field(
        attribute="working_group",
        column_name="工作组",
        widget=CommunityForeignKeyWidget(WorkingGroup, "name"),
    )
    project = fields.Field(
        attribute="project",
        column_name="所属项目",
        widget=CommunityForeignKeyWidget(Project, "title"),
    )
    safety_area = fields.Field(
        attribute="safety_area", column_name="安全领域", widget=ChoiceWidget(SafetyArea.choices)
    )
    audience = _text("对象", "audience")
    target_group = fields.Field(
        attribute="target_group", column_name="重点人群", widget=ChoiceWidget(TargetGroup.choices)
    )
    participants = fields.Field(
        attribute="participants", column_name="参加人数", widget=widgets.IntegerWidget()
    )
    elderly_count = _int("其中老年人", "elderly_count")
    children_count = _int("其中儿童及学生", "children_count")
    disabled_count = _int("其中残疾人", "disabled_count")
    migrant_count = _int("其中外来务工人员", "migrant_count")
    materials = _text("发放资料", "materials")
    materials_count = _int("发放资料（份）", "materials_count")
    content = _text("活动内容", "content")

    template_examples = {"participants": 60}
    header_aliases = {
        "名称": "title",
        "活动主题": "title",
        "类型": "kind",
        "活动日期": "date",
        "时间": "date",
        "活动地点": "place",
        "主办单位": "organiser",
        "组织单位": "organiser",
        "项目": "project",
        "领域": "safety_area",
        "受众": "audience",
        "参与人数": "participants",
        "人数": "participants",
        "资料份数": "materials_count",
    }
    required_columns = ("title", "kind", "date", "place", "safety_area", "participants")

    class Meta:
        model = Activity
        fields = (
            "title",
            "kind",
            "date",
            "place",
            "organiser",
            "working_group",
            "project",
            "safety_area",
            "audience",
            "target_group",
            "participants",
            "elderly_count",
            "children_count",
            "disabled_count",
            "migrant_count",
            "materials",
            "materials_count",
            "content",
        )
        import_id_fields = ("title", "date")
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("working_group", "project")
