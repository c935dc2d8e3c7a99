"""Import/export of members, working groups and partner organisations (XLSX/CSV)."""

from import_export import fields, widgets

from safecommunity.elements import SafetyArea
from safecommunity.importing import ChoiceWidget, CommunityForeignKeyWidget, CommunityResource

from . import models
from .choices import CommitteeRole, GroupKind, PartnerKind


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
