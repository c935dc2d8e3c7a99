"""Spreadsheet import/export (XLSX/CSV): the place registers, the hazard ledger (台账), findings."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from committee.models import WorkingGroup
from safecommunity.elements import SafetyArea
from safecommunity.importing import ChoiceWidget, CommunityForeignKeyWidget, CommunityResource

from . import risk
from .choices import (
    AssessmentMethod,
    DangerGrade,
    DangerSource,
    DangerStatus,
    HazardStatus,
    IdentificationSource,
    PlaceKind,
    RiskLevel,
)
from .import_widgets import (
    BooleanWidget,
    DefaultChoiceWidget,
    TargetGroupsWidget,
    date_widget,
    text,
)
from .models import Hazard, HiddenDanger, Place
from .services import assess_hazard


class PlaceResource(CommunityResource):
    name = text("name", "名称")
    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(PlaceKind.choices)
    )
    category = fields.Field(attribute="get_category_display", column_name="类别", readonly=True)
    address = text("address", "地址")
    contact_person = text("contact_person", "联系人")
    phone = text("phone", "联系电话")
    risk_level = fields.Field(
        attribute="risk_level", column_name="风险等级", widget=ChoiceWidget(RiskLevel.choices)
    )
    is_key_place = fields.Field(
        attribute="is_key_place", column_name="重点监管", widget=BooleanWidget()
    )
    inspection_interval_days = fields.Field(
        attribute="inspection_interval_days",
        column_name="检查周期（天）",
        widget=widgets.IntegerWidget(),
    )
    working_group = fields.Field(
        attribute="working_group",
        column_name="责任工作组",
        widget=CommunityForeignKeyWidget(WorkingGroup, "name"),
    )
    employees = fields.Field(
        attribute="employees", column_name="从业人员/容纳人数", widget=widgets.IntegerWidget()
    )
    notes = text("notes", "备注")
    header_aliases = {"单位名称": "name", "场所名称": "name", "负责人": "contact_person"}
    required_columns = ("name", "kind")

    class Meta:
        model = Place
        fields = (
            "name",
            "kind",
            "category",
            "address",
            "contact_person",
            "phone",
            "risk_level",
            "is_key_place",
            "inspection_interval_days",
            "working_group",
            "employees",
            "notes",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("working_group")

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.is_key_place is None:
            instance.is_key_place = False


ASSESSMENT_COLUMNS = {
    "method": "评价方法",
    "likelihood": "可能性L",
    "severity": "严重程度S",
    "lec_l": "LEC-L",
    "lec_e": "LEC-E",
    "lec_c": "LEC-C",
    "assessed_on": "评价日期",
    "assessor": "评价人",
}


class HazardResource(CommunityResource):
    """The hazard ledger. On import, a row with evaluation inputs also records an evaluation."""

    code = text("code", "编号")
    title = text("title", "危险源/风险点")
    place = fields.Field(
        attribute="place", column_name="场所/单位", widget=CommunityForeignKeyWidget(Place, "name")
    )
    location = text("location", "具体位置")
    safety_area = fields.Field(
        attribute="safety_area", column_name="安全领域", widget=ChoiceWidget(SafetyArea.choices)
    )
    description = text("description", "可能发生的事故与伤害")
    exposed_groups = fields.Field(
        attribute="exposed_groups", column_name="暴露人群", widget=TargetGroupsWidget()
    )
    source = fields.Field(
        attribute="source",
        column_name="辨识来源",
        widget=DefaultChoiceWidget(IdentificationSource.choices, IdentificationSource.SURVEY),
    )
    identified_on = fields.Field(
        attribute="identified_on", column_name="辨识日期", widget=date_widget()
    )
    controls = text("controls", "现有管控措施")
    working_group = fields.Field(
        attribute="working_group",
        column_name="责任工作组",
        widget=CommunityForeignKeyWidget(WorkingGroup, "name"),
    )
    responsible_unit = text("responsible_unit", "责任单位")
    responsible_person = text("responsible_person", "责任人")
    review_date = fields.Field(
        attribute="review_date", column_name="复评日期", widget=date_widget()
    )
    status = fields.Field(
        attribute="status",
        column_name="状态",
        widget=DefaultChoiceWidget(HazardStatus.choices, HazardStatus.ACTIVE),
    )
    level = fields.Field(
        attribute="level",
        column_name="风险等级",
        widget=ChoiceWidget(RiskLevel.choices),
        readonly=True,
    )
    score = fields.Field(attribute="score", column_name="风险值", readonly=True)
    method = fields.Field(column_name=ASSESSMENT_COLUMNS["method"])
    likelihood = fields.Field(column_name=ASSESSMENT_COLUMNS["likelihood"])
    severity = fields.Field(column_name=ASSESSMENT_COLUMNS["severity"])
    lec_l = fields.Field(column_name=ASSESSMENT_COLUMNS["lec_l"])
    lec_e = fields.Field(column_name=ASSESSMENT_COLUMNS["lec_e"])
    lec_c = fields.Field(column_name=ASSESSMENT_COLUMNS["lec_c"])
    assessed_on = fields.Field(column_name=ASSESSMENT_COLUMNS["assessed_on"])
    assessor = fields.Field(column_name=ASSESSMENT_COLUMNS["assessor"])
    header_aliases = {"风险点": "title", "危险源": "title", "场所": "place", "领域": "safety_area"}
    required_columns = ("title", "safety_area", "description", "identified_on")

    class Meta:
        model = Hazard
        fields = (
            "code",
            "title",
            "place",
            "location",
            "safety_area",
            "description",
            "exposed_groups",
            "source",
            "identified_on",
            "controls",
            "working_group",
            "responsible_unit",
            "responsible_person",
            "review_date",
            "status",
            "level",
            "score",
            "method",
            "likelihood",
            "severity",
            "lec_l",
            "lec_e",
            "lec_c",
            "assessed_on",
            "assessor",
        )
        import_id_fields = ()
        clean_model_instances = True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("place", "working_group")
            .prefetch_related("assessments")
        )

    def get_instance(self, instance_loader, row):
        return None  # every row is a new hazard: a ledger has no stable key

    # Export: the latest evaluation's method and inputs.
    def _latest(self, hazard):
        items = list(hazard.assessments.all())
        return items[0] if items else None

    def dehydrate_method(self, hazard):
        latest = self._latest(hazard)
        return latest.get_method_display() if latest else ""

    def _input(self, hazard, name):
        latest = self._latest(hazard)
        value = getattr(latest, name, None) if latest else None
        return risk.plain(value)

    def dehydrate_likelihood(self, hazard):
        return self._input(hazard, "likelihood")

    def dehydrate_severity(self, hazard):
        return self._input(hazard, "severity")

    def dehydrate_lec_l(self, hazard):
        return self._input(hazard, "lec_l")

    def dehydrate_lec_e(self, hazard):
        return self._input(hazard, "lec_e")

    def dehydrate_lec_c(self, hazard):
        return self._input(hazard, "lec_c")

    def dehydrate_assessed_on(self, hazard):
        latest = self._latest(hazard)
        return latest.assessed_on.isoformat() if latest else ""

    def dehydrate_assessor(self, hazard):
        latest = self._latest(hazard)
        return latest.assessor if latest else ""

    # Import: parse the evaluation columns into keyword arguments for assess_hazard.
    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance._pending_assessment = parse_assessment(row)

    def after_save_instance(self, instance, row, **kwargs):
        pending = getattr(instance, "_pending_assessment", None)
        if pending:
            assess_hazard(instance, user=self.user, **pending)


def _cell(row, key):
    value = row.get(ASSESSMENT_COLUMNS[key])
    if value is None:
        return ""
    return str(value).strip()


def _number(text, scale, label):
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.split(" ")[0])
    except InvalidOperation as exc:
        raise ValidationError(
            _("%(label)s“%(value)s”不是数字。") % {"label": label, "value": text}
        ) from exc
    allowed = [code for code, _label in scale]
    if value not in allowed:
        raise ValidationError(
            _("%(label)s只能取 %(values)s。")
            % {"label": label, "values": "、".join(risk.plain(v) for v in allowed)}
        )
    return value


def parse_assessment(row):
    """The evaluation given on an import row, as assess_hazard kwargs, or None if there is none."""
    method_text = _cell(row, "method")
    if not method_text:
        return None
    methods = {str(label): code for code, label in AssessmentMethod.choices}
    methods.update({"矩阵": "matrix", "风险矩阵": "matrix", "风险矩阵法": "matrix", "LEC": "lec"})
    method = method_text if method_text in AssessmentMethod.values else methods.get(method_text)
    if method is None:
        raise ValidationError(
            _("评价方法“%(value)s”无效，请填“风险矩阵”或“LEC”。") % {"value": method_text}
        )
    assessor = _cell(row, "assessor") or _("导入")
    from datetime import date

    date_text = _cell(row, "assessed_on")
    try:
        assessed_on = date.fromisoformat(date_text[:10]) if date_text else None
    except ValueError as exc:
        raise ValidationError(_("评价日期“%(value)s”无效。") % {"value": date_text}) from exc
    kwargs = {"method": method, "assessor": assessor, "assessed_on": assessed_on}
    if method == "matrix":
        kwargs["likelihood"] = int(
            _number(_cell(row, "likelihood"), risk.LIKELIHOOD_SCALE, "可能性L")
        )
        kwargs["severity"] = int(_number(_cell(row, "severity"), risk.SEVERITY_SCALE, "严重程度S"))
    else:
        kwargs["lec_l"] = _number(_cell(row, "lec_l"), risk.LEC_L_SCALE, "LEC-L")
        kwargs["lec_e"] = _number(_cell(row, "lec_e"), risk.LEC_E_SCALE, "LEC-E")
        kwargs["lec_c"] = _number(_cell(row, "lec_c"), risk.LEC_C_SCALE, "LEC-C")
    return kwargs


class DangerResource(CommunityResource):
    """Export of the hidden-danger ledger (隐患排查治理台账)."""

    found_on = fields.Field(attribute="found_on", column_name="发现日期", widget=date_widget())
    title = text("title", "隐患名称")
    grade = fields.Field(
        attribute="grade", column_name="等级", widget=ChoiceWidget(DangerGrade.choices)
    )
    safety_area = fields.Field(
        attribute="safety_area", column_name="安全领域", widget=ChoiceWidget(SafetyArea.choices)
    )
    place = text("place__name", "场所/单位")
    location = text("location", "具体位置")
    description = text("description", "隐患描述")
    source = fields.Field(
        attribute="source", column_name="发现途径", widget=ChoiceWidget(DangerSource.choices)
    )
    found_by = text("found_by", "发现人")
    unit_notified = text("unit_notified", "被通知单位")
    measures_required = text("measures_required", "整改措施要求")
    responsible_department = fields.Field(
        attribute="responsible_department", column_name="责任部门"
    )
    responsible_person = text("responsible_person", "责任人")
    deadline = fields.Field(attribute="deadline", column_name="整改期限", widget=date_widget())
    rectification_note = text("rectification_note", "整改情况")
    rectified_on = fields.Field(
        attribute="rectified_on", column_name="整改完成日期", widget=date_widget()
    )
    verified_on = fields.Field(
        attribute="verified_on", column_name="复查日期", widget=date_widget()
    )
    verified_by = text("verified_by", "复查人")
    closed_on = fields.Field(attribute="closed_on", column_name="销号日期", widget=date_widget())
    status = fields.Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(DangerStatus.choices)
    )

    class Meta:
        model = HiddenDanger
        fields = (
            "found_on",
            "title",
            "grade",
            "safety_area",
            "place",
            "location",
            "description",
            "source",
            "found_by",
            "unit_notified",
            "measures_required",
            "responsible_department",
            "responsible_person",
            "deadline",
            "rectification_note",
            "rectified_on",
            "verified_on",
            "verified_by",
            "closed_on",
            "status",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("place", "verified_by")
