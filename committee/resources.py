"""Import/export of members, working groups and partner organisations (XLSX/CSV)."""

from import_export import fields, widgets

from safecommunity.elements import SafetyArea
from safecommunity.importing import ChoiceWidget, CommunityForeignKeyWidget, CommunityResource

from . import models
from .choices import AgeGroup, CommitteeRole, GroupKind, PartnerKind, Phase, Sex


class MemberResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="姓名", widget=widgets.CharWidget())
    unit = fields.Field(attribute="unit", column_name="单位/部门", widget=widgets.CharWidget())
    position = fields.Field(attribute="position", column_name="职务", widget=widgets.CharWidget())
    committee_role = fields.Field(
        attribute="committee_role",
        column_name="委员会职务",
        widget=ChoiceWidget(CommitteeRole.choices),
    )
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=widgets.CharWidget())
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=widgets.CharWidget())
    duties = fields.Field(attribute="duties", column_name="职责", widget=widgets.CharWidget())
    required_columns = ("name", "unit")

    class Meta:
        model = models.Member
        fields = ("name", "unit", "position", "committee_role", "phone", "email", "duties")
        import_id_fields = ("name", "unit")
        skip_unchanged = True
        clean_model_instances = True


class WorkingGroupResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="工作组名称", widget=widgets.CharWidget())
    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(GroupKind.choices)
    )
    safety_area = fields.Field(
        attribute="safety_area", column_name="安全领域", widget=ChoiceWidget(SafetyArea.choices)
    )
    parent = fields.Field(
        attribute="parent",
        column_name="上级工作组",
        widget=CommunityForeignKeyWidget(models.WorkingGroup, "name"),
    )
    lead_unit = fields.Field(
        attribute="lead_unit", column_name="牵头单位", widget=widgets.CharWidget()
    )
    duties = fields.Field(attribute="duties", column_name="工作职责", widget=widgets.CharWidget())
    required_columns = ("name", "kind")

    class Meta:
        model = models.WorkingGroup
        fields = ("name", "kind", "safety_area", "parent", "lead_unit", "duties")
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True


class PartnerResource(CommunityResource):
    name = fields.Field(attribute="name", column_name="单位名称", widget=widgets.CharWidget())
    kind = fields.Field(
        attribute="kind", column_name="类别", widget=ChoiceWidget(PartnerKind.choices)
    )
    contact_person = fields.Field(
        attribute="contact_person", column_name="联系人", widget=widgets.CharWidget()
    )
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=widgets.CharWidget())
    contribution = fields.Field(
        attribute="contribution", column_name="参与内容与贡献", widget=widgets.CharWidget()
    )
    required_columns = ("name", "kind")

    class Meta:
        model = models.Partner
        fields = ("name", "kind", "contact_person", "phone", "contribution")
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True


class AgeGroupWidget(ChoiceWidget):
    """WHO age groups as people type them: 0-4, 0–4岁, 0~4岁, 65岁以上, 65+."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        text = str(value).strip().replace(" ", "")
        for dash in ("–", "—", "－", "~", "～", "至"):
            text = text.replace(dash, "-")
        text = text.removesuffix("岁")
        if text.startswith("65") and text not in AgeGroup.values:
            text = "65+"
        return super().clean(text, row, **kwargs)


class PopulationYearResource(CommunityResource):
    """The population base by year, sex and WHO age group: the denominator of every rate."""

    year = fields.Field(attribute="year", column_name="年份", widget=widgets.IntegerWidget())
    sex = fields.Field(attribute="sex", column_name="性别", widget=ChoiceWidget(Sex.choices))
    age_group = fields.Field(
        attribute="age_group", column_name="年龄组", widget=AgeGroupWidget(AgeGroup.choices)
    )
    count = fields.Field(attribute="count", column_name="人数", widget=widgets.IntegerWidget())
    required_columns = ("year", "sex", "age_group", "count")

    class Meta:
        model = models.PopulationYear
        fields = ("year", "sex", "age_group", "count")
        import_id_fields = ("year", "sex", "age_group")
        skip_unchanged = True
        clean_model_instances = True


class CreationPhaseResource(CommunityResource):
    """The five creation phases with their planned and actual dates."""

    phase = fields.Field(attribute="phase", column_name="阶段", widget=ChoiceWidget(Phase.choices))
    planned_start = fields.Field(
        attribute="planned_start", column_name="计划开始", widget=widgets.DateWidget()
    )
    planned_end = fields.Field(
        attribute="planned_end", column_name="计划结束", widget=widgets.DateWidget()
    )
    actual_start = fields.Field(
        attribute="actual_start", column_name="实际开始", widget=widgets.DateWidget()
    )
    actual_end = fields.Field(
        attribute="actual_end", column_name="实际结束", widget=widgets.DateWidget()
    )
    notes = fields.Field(attribute="notes", column_name="说明", widget=widgets.CharWidget())
    required_columns = ("phase",)

    class Meta:
        model = models.CreationPhase
        fields = ("phase", "planned_start", "planned_end", "actual_start", "actual_end", "notes")
        import_id_fields = ("phase",)
        skip_unchanged = True
        clean_model_instances = True
