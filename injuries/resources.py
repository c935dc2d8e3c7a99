"""Import and export of injury cards (django-import-export through safecommunity.importing).

Columns carry the national card's Chinese headings; our field names and common variants are
accepted too (``header_aliases``); codes may be given as code or label.

Speed (10,000 rows well under 20 s, validated twice: preview and commit): the reporting unit is
looked up from a per-import cache instead of a query per row; each row gets the model's full
``clean()`` (every rule of ``rules.py``) but not Django's per-row existence query for the unit
(the cache already proved it) nor the per-row constraint queries (``clean()`` states the same
rules, and the database still enforces the constraints on insert); rows are written in a few
statements, audit history included (``safecommunity.bulk``), and the duplicate check runs once
for the whole file.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from safecommunity.elements import SafetyArea
from safecommunity.importing import (
    ChoiceWidget,
    CommunityResource,
    refuse_null_characters,
    run_import_once,
    sheet_row,
)

from . import choices, rules, services
from .models import PERSONAL_FIELDS, InjuryCard, ReportingUnit
from .widgets import (
    AgeWidget,
    CachedUnitWidget,
    FlexibleDateTimeWidget,
    FlexibleDateWidget,
    NullableChoiceWidget,
)


def _field(attribute, column, widget=None):
    return fields.Field(attribute=attribute, column_name=column, widget=widget or widgets.Widget())


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


class InjuryCardResource(CommunityResource):
    card_no = _field("card_no", "卡片编号", widgets.CharWidget())
    reporting_unit = _field("reporting_unit", "填报单位", CachedUnitWidget())
    # Read by import_instance (ties the unit to its number); exported as the unit's number.
    unit_code = fields.Field(
        attribute="reporting_unit__code", column_name="监测医院编号", readonly=True
    )
    reporter_name = _field("reporter_name", "填报人", widgets.CharWidget())
    reported_on = _field("reported_on", "填报日期", FlexibleDateWidget())
    name = _field("name", "姓名", widgets.CharWidget())
    id_number = _field("id_number", "身份证号", widgets.CharWidget())
    phone = _field("phone", "联系电话", widgets.CharWidget())
    sex = _field("sex", "性别", ChoiceWidget(choices.CardSex.choices))
    birth_date = _field("birth_date", "出生日期", FlexibleDateWidget())
    age = _field("age", "年龄", AgeWidget())
    residence = _field("residence", "户籍", ChoiceWidget(choices.Residence.choices))
    education = _field("education", "文化程度", ChoiceWidget(choices.Education.choices))
    occupation = _field("occupation", "职业", ChoiceWidget(choices.Occupation.choices))
    injury_at = _field("injury_at", "伤害发生时间", FlexibleDateTimeWidget())
    visit_at = _field("visit_at", "就诊时间", FlexibleDateTimeWidget())
    cause = _field("cause", "伤害发生原因", ChoiceWidget(choices.Cause.choices))
    cause_other = _field("cause_other", "其他原因（请注明）", widgets.CharWidget())
    place = _field("place", "伤害发生地点", ChoiceWidget(choices.Place.choices))
    place_other = _field("place_other", "其他地点（请注明）", widgets.CharWidget())
    activity = _field("activity", "伤害发生时活动", ChoiceWidget(choices.Activity.choices))
    activity_other = _field("activity_other", "其他活动（请注明）", widgets.CharWidget())
    intent = _field("intent", "意图", ChoiceWidget(choices.Intent.choices))
    alcohol = _field("alcohol", "饮酒情况", NullableChoiceWidget(choices.Alcohol.choices))
    address = _field("address", "发生地址", widgets.CharWidget())
    nature = _field("nature", "伤害性质", ChoiceWidget(choices.Nature.choices))
    nature_secondary = _field(
        "nature_secondary", "伤害性质（第二项）", NullableChoiceWidget(choices.Nature.choices)
    )
    nature_other = _field("nature_other", "其他伤害性质（请注明）", widgets.CharWidget())
    body_part = _field("body_part", "伤害部位", ChoiceWidget(choices.BodyPart.choices))
    body_part_other = _field("body_part_other", "其他部位（请注明）", widgets.CharWidget())
    severity = _field("severity", "严重程度", ChoiceWidget(choices.Severity.choices))
    diagnosis = _field("diagnosis", "临床诊断", widgets.CharWidget())
    icd10 = _field("icd10", "ICD-10 编码", widgets.CharWidget())
    outcome = _field("outcome", "结局", ChoiceWidget(choices.Outcome.choices))
    outcome_other = _field("outcome_other", "其他结局（请注明）", widgets.CharWidget())
    follow_up = _field("follow_up", "随访转归", NullableChoiceWidget(choices.FollowUp.choices))
    safety_area = _field("safety_area", "安全领域", ChoiceWidget(SafetyArea.choices))
    narrative = _field("narrative", "简要经过", widgets.CharWidget())

    # Headings as the national card prints them, as the app's template has them, and as
    # hospital and CDC systems export them; compared after folding full-width forms and spaces.
    header_aliases = {
        "报告单位": "reporting_unit",
        "填报机构": "reporting_unit",
        "填报单位名称": "reporting_unit",
        "监测医院": "reporting_unit",
        "监测医院名称": "reporting_unit",
        "哨点医院": "reporting_unit",
        "医院名称": "reporting_unit",
        "监测点": "reporting_unit",
        "医院编号": "unit_code",
        "监测医院代码": "unit_code",
        "监测单位编号": "unit_code",
        "医院代码": "unit_code",
        "填报人姓名": "reporter_name",
        "报告人": "reporter_name",
        "填卡人": "reporter_name",
        "报告日期": "reported_on",
        "填卡日期": "reported_on",
        "卡号": "card_no",
        "卡片编码": "card_no",
        "报告卡编号": "card_no",
        "患者姓名": "name",
        "病人姓名": "name",
        "身份证": "id_number",
        "身份证号码": "id_number",
        "有效证件号": "id_number",
        "电话": "phone",
        "联系方式": "phone",
        "联系电话(手机)": "phone",
        "年龄(岁)": "age",
        "年龄（岁）": "age",
        "户口": "residence",
        "户籍所在地": "residence",
        "学历": "education",
        "发生时间": "injury_at",
        "受伤时间": "injury_at",
        "伤害发生日期": "injury_at",
        "伤害发生时间(年月日时)": "injury_at",
        "就诊日期": "visit_at",
        "就诊时间(年月日时)": "visit_at",
        "伤害原因": "cause",
        "发生原因": "cause",
        "伤害发生的原因": "cause",
        "原因": "cause",
        "发生地点": "place",
        "伤害发生的地点": "place",
        "地点": "place",
        "发生时活动": "activity",
        "伤害发生时在做什么": "activity",
        "活动": "activity",
        "是否故意": "intent",
        "伤害意图": "intent",
        "意图(是否故意)": "intent",
        "饮酒": "alcohol",
        "饮酒状况": "alcohol",
        "伤害意图类别": "intent",
        "其他伤害结局": "outcome_other",
        "上伤害性质": "nature",
        "是否饮酒": "alcohol",
        "性质": "nature",
        "伤害性质1": "nature",
        "伤害性质(第一项)": "nature",
        "伤害性质2": "nature_secondary",
        "伤害性质(第二项)": "nature_secondary",
        "部位": "body_part",
        "伤害部位(最严重)": "body_part",
        "伤害严重程度": "severity",
        "严重程度": "severity",
        "诊断": "diagnosis",
        "伤害临床诊断": "diagnosis",
        "临床诊断名称": "diagnosis",
        "ICD10": "icd10",
        "ICD-10": "icd10",
        "ICD10编码": "icd10",
        "疾病编码": "icd10",
        "诊断编码": "icd10",
        "伤害结局": "outcome",
        "临床结局": "outcome",
        "结局": "outcome",
        "转归": "follow_up",
        "伤害事件简述": "narrative",
        "伤害发生经过": "narrative",
        "其他原因": "cause_other",
        "伤害发生原因(其他)": "cause_other",
        "原因其他": "cause_other",
        "其他地点": "place_other",
        "伤害发生地点(其他)": "place_other",
        "其他活动": "activity_other",
        "伤害发生时活动(其他)": "activity_other",
        "其他伤害性质": "nature_other",
        "伤害性质(其他)": "nature_other",
        "其他部位": "body_part_other",
        "伤害部位(其他)": "body_part_other",
        "其他结局": "outcome_other",
        "伤害结局(其他)": "outcome_other",
    }
    # The import template's example row (safecommunity.importing.template_workbook).
    template_examples = {
        "reporting_unit": lambda resource: (
            ReportingUnit.objects.filter(community=resource.community)
            .values_list("name", flat=True)
            .first()
            or ""
        ),
        "reported_on": lambda resource: _yesterday().isoformat(),
        "injury_at": lambda resource: f"{_yesterday().isoformat()} 08:30",
        "visit_at": lambda resource: f"{_yesterday().isoformat()} 09:30",
        "occupation": lambda resource: str(choices.Occupation.HOUSEWORK.label),
        "age": 35,
        "nature_secondary": "",
        "alcohol": "",
        "follow_up": "",
    }
    template_notes = {
        "reporting_unit": gettext_lazy("填写已登记的报告单位名称，或填“监测医院编号”列"),
        "injury_at": gettext_lazy("日期时间，如 2025-03-01 14:30"),
        "visit_at": gettext_lazy("日期时间，如 2025-03-01 15:10"),
        "age": gettext_lazy("周岁，0–120"),
    }
    # A unit is named by 填报单位 or by 监测医院编号 (checked in ``run_import``'s own way below).
    required_columns = (
        "sex",
        "age",
        "residence",
        "education",
        "occupation",
        "injury_at",
        "visit_at",
        "cause",
        "place",
        "activity",
        "intent",
        "nature",
        "body_part",
        "severity",
        "outcome",
    )

    class Meta:
        model = InjuryCard
        fields = (
            "card_no",
            "reporting_unit",
            "unit_code",
            "reporter_name",
            "reported_on",
            "name",
            "id_number",
            "phone",
            "sex",
            "birth_date",
            "age",
            "residence",
            "education",
            "occupation",
            "injury_at",
            "visit_at",
            "cause",
            "cause_other",
            "place",
            "place_other",
            "activity",
            "activity_other",
            "intent",
            "alcohol",
            "address",
            "nature",
            "nature_secondary",
            "nature_other",
            "body_part",
            "body_part_other",
            "severity",
            "diagnosis",
            "icd10",
            "outcome",
            "outcome_other",
            "follow_up",
            "safety_area",
            "narrative",
        )
        force_init_instance = True  # cards are only created by an import
        skip_diff = True
        use_bulk = True
        batch_size = None  # write once, after every row is validated
        clean_model_instances = True

    def __init__(self, community=None, user=None, *, personal=True, **kwargs):
        super().__init__(community=community, user=user, **kwargs)
        self.fields["reporting_unit"].widget.community = community
        if not personal:
            for name in PERSONAL_FIELDS:
                self.fields.pop(name, None)
        self._card_numbers = None
        self._fields_cache = None
        self._row_number = None
        self._dataset = None
        self.row_warnings = {}
        self.accept_partial = False

    def missing_columns(self, headers):
        missing = super().missing_columns(headers)
        if not {"填报单位", "监测医院编号"} & set(headers):
            missing.insert(0, "填报单位")
        return missing

    # --- import ---------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        # The same resource validates (preview) and then writes: start each pass afresh.
        self._card_numbers = None
        self._dataset = dataset
        self.row_warnings = {}
        self.fields["reporting_unit"].widget._units = None
        super().before_import(dataset, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs.get("row_number")
        return super().import_row(row, instance_loader, **kwargs)

    def known_card_numbers(self):
        """Card number → where it is already: the file's row number, or the card in the
        database (one query for the whole file)."""
        if self._card_numbers is None:
            self._card_numbers = {
                number: (created_at, unit)
                for number, created_at, unit in InjuryCard.objects.filter(community=self.community)
                .exclude(card_no="")
                .values_list("card_no", "created_at", "reporting_unit__name")
            }
        return self._card_numbers

    def _duplicate_message(self, number):
        seen = self.known_card_numbers()[number]
        if isinstance(seen, int):
            return _("卡片编号“%(no)s”与本文件第 %(row)d 行重复。") % {"no": number, "row": seen}
        created_at, unit = seen
        return _("卡片编号“%(no)s”已存在：%(unit)s 的报告卡，%(date)s 录入或导入。") % {
            "no": number,
            "unit": unit,
            "date": f"{timezone.localtime(created_at):%Y-%m-%d}",
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Every value is checked once: cells whose widget already parsed them (codes, dates,
        age, unit) only for being required; the other fields by the model's field checks; then
        the model's ``clean()`` applies every card rule."""
        errors = dict(import_validation_errors or {})
        checked = self._widget_checked_fields()
        for name in checked:
            model_field = InjuryCard._meta.get_field(name)
            # attname: a card with no unit yet must read as empty, not raise DoesNotExist (a 500)
            if name not in errors and getattr(instance, model_field.attname) in (None, ""):
                if not model_field.blank:
                    errors[name] = [model_field.error_messages["blank"]]
        exclude = [*errors, *checked, "reporter", "created_by", "accident", "community"]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        number = (instance.card_no or "").strip()
        if number:
            if number in self.known_card_numbers():
                errors.setdefault("card_no", []).append(self._duplicate_message(number))
            else:
                self.known_card_numbers()[number] = self._sheet_row()
        if errors:
            raise ValidationError(errors)
        warnings = rules.card_warnings(instance)
        instance.confirmed_warnings = warnings
        if warnings:
            self.row_warnings[self._row_number] = warnings

    def _sheet_row(self):
        if self._dataset is None or self._row_number is None:
            return self._row_number or 0
        return sheet_row(self._dataset, self._row_number)

    def build_card(self, row, *, number=None):
        """One row (cells keyed by column heading) → (unsaved card, {field: [message, …]}).

        The import's own two steps, as import-export's ``import_row`` calls them (cells parsed
        by their widgets, then ``validate_instance``), for callers that have rows without a file
        (the API of ``api/``): the same rules and the same words as an imported file. ``number``
        is the row's position for the duplicate card-number message. Warnings are kept on the
        card (``confirmed_warnings``), as the import keeps them.
        """
        self._row_number = number
        card = InjuryCard(community=self.community)
        errors = {}
        try:
            self.import_instance(card, row)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            self.validate_instance(card, errors)
        except ValidationError as exc:
            return card, exc.message_dict
        return card, {}

    def import_instance(self, instance, row, **kwargs):
        """As import-export's, minus its per-field indirections (this runs 30 × per row):
        each column's widget cleans the cell, bad cells are collected as field errors."""
        errors = {}
        for field in self._import_fields():
            if field.column_name not in row:
                continue
            try:
                if field.attribute in choices.WRITE_INS:
                    # "13 其他：被门夹伤" carries its write-in in the same cell.
                    value, write_in = field.widget.parse(row[field.column_name])
                    write_in_field = choices.WRITE_INS[field.attribute][1]
                    if write_in and not getattr(instance, write_in_field, ""):
                        setattr(instance, write_in_field, write_in)
                else:
                    value = field.widget.clean(row[field.column_name], row=row)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(str(exc), code="invalid")
                continue
            if value in (None, "") and getattr(instance, field.attribute, None):
                continue  # an inline write-in already filled it
            setattr(instance, field.attribute, value)
        try:
            refuse_null_characters(instance)
        except ValidationError as exc:
            errors.update(
                {name: ValidationError(messages) for name, messages in exc.message_dict.items()}
            )
        code = str(row.get("监测医院编号") or "").strip().removesuffix(".0")
        if code and "reporting_unit" not in errors:
            unit = self.fields["reporting_unit"].widget.units().get(code)
            if unit is None or unit.code != code:
                errors["reporting_unit"] = ValidationError(
                    _("找不到监测医院编号为“%(code)s”的报告单位，请先在“报告单位”中登记编号。")
                    % {"code": code},
                    code="invalid",
                )
            elif instance.reporting_unit_id is None:
                instance.reporting_unit = unit
            elif instance.reporting_unit_id != unit.pk:
                errors["reporting_unit"] = ValidationError(
                    _("监测医院编号“%(code)s”属于“%(unit)s”，与填报单位“%(given)s”不一致。")
                    % {"code": code, "unit": unit.name, "given": instance.reporting_unit.name},
                    code="invalid",
                )
        if errors:
            raise ValidationError(errors)

    def _widget_checked_fields(self):
        parsing = (
            ChoiceWidget,
            FlexibleDateTimeWidget,
            FlexibleDateWidget,
            AgeWidget,
            CachedUnitWidget,
        )
        return [f.attribute for f in self._import_fields() if isinstance(f.widget, parsing)]

    def _import_fields(self):
        if self._fields_cache is None:
            self._fields_cache = [f for f in self.get_import_fields() if not f.readonly]
        return self._fields_cache

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if self.user is not None and instance.created_by_id is None:
            instance.created_by = self.user

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write the validated cards (not in a preview, nor when a bad row rejects the file
        anyway unless ``accept_partial``): see the module docstring."""
        rejected = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if self.create_instances and not dry_run and (self.accept_partial or not rejected):
                services.bulk_create_cards(self.community, self.create_instances, user=self.user)
        except Exception as exc:  # noqa: BLE001 - reported as a file-level error, all rolled back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    # --- export ---------------------------------------------------------------------------

    def get_queryset(self):
        return super().get_queryset().select_related("reporting_unit")


def import_cards(community, dataset, *, only_valid=False, user=None):
    """Validate and write a dataset in ONE pass (``safecommunity.importing.run_import_once``:
    the confirmation of the import page and the command's path for large files). All or
    nothing unless ``only_valid``; rows with warnings are written, their warnings kept on the
    cards. Returns a ``safecommunity.importing.ImportReport``."""
    resource = InjuryCardResource(community=community, user=user)
    return run_import_once(resource, dataset, only_valid=only_valid)
