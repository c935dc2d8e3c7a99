"""Import and export of injury cards (django-import-export through safecommunity.importing).

Columns carry the national card's Chinese headings; our field names and common variants are
accepted too (``header_aliases``); codes may be given as code or label.

Speed (10,000 rows well under 20 s, validated twice: preview and commit): the reporting unit is
looked up from a per-import cache instead of a query per row; each row gets the model's full
``clean()`` (every rule of ``rules.py``) but not Django's per-row existence query for the unit
(the cache already proved it) nor the per-row constraint queries (``clean()`` states the same
rules, and the database still enforces the constraints on insert); rows are written with one
``bulk_create`` per 2,000, audit history included (``bulk_create_with_history``), and the
duplicate check runs once for the whole file.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, widgets

from committee.choices import Sex
from safecommunity.elements import SafetyArea
from safecommunity.importing import ChoiceWidget, CommunityResource, ImportReport, RowProblem

from . import choices, services
from .models import PERSONAL_FIELDS, InjuryCard
from .widgets import (
    AgeWidget,
    CachedUnitWidget,
    FlexibleDateTimeWidget,
    FlexibleDateWidget,
    NullableChoiceWidget,
)


def _field(attribute, column, widget=None):
    return fields.Field(attribute=attribute, column_name=column, widget=widget or widgets.Widget())


class InjuryCardResource(CommunityResource):
    card_no = _field("card_no", "卡片编号", widgets.CharWidget())
    reporting_unit = _field("reporting_unit", "填报单位", CachedUnitWidget())
    reported_on = _field("reported_on", "填报日期", FlexibleDateWidget())
    name = _field("name", "姓名", widgets.CharWidget())
    id_number = _field("id_number", "身份证号", widgets.CharWidget())
    phone = _field("phone", "联系电话", widgets.CharWidget())
    sex = _field("sex", "性别", ChoiceWidget(Sex.choices))
    birth_date = _field("birth_date", "出生日期", FlexibleDateWidget())
    age = _field("age", "年龄", AgeWidget())
    residence = _field("residence", "户籍", ChoiceWidget(choices.Residence.choices))
    education = _field("education", "文化程度", ChoiceWidget(choices.Education.choices))
    occupation = _field("occupation", "职业", ChoiceWidget(choices.Occupation.choices))
    injury_at = _field("injury_at", "伤害发生时间", FlexibleDateTimeWidget())
    visit_at = _field("visit_at", "就诊时间", FlexibleDateTimeWidget())
    cause = _field("cause", "伤害发生原因", ChoiceWidget(choices.Cause.choices))
    place = _field("place", "伤害发生地点", ChoiceWidget(choices.Place.choices))
    activity = _field("activity", "伤害发生时活动", ChoiceWidget(choices.Activity.choices))
    intent = _field("intent", "意图", ChoiceWidget(choices.Intent.choices))
    alcohol = _field("alcohol", "饮酒情况", NullableChoiceWidget(choices.Alcohol.choices))
    address = _field("address", "发生地址", widgets.CharWidget())
    nature = _field("nature", "伤害性质", ChoiceWidget(choices.Nature.choices))
    nature_secondary = _field(
        "nature_secondary", "伤害性质（第二项）", NullableChoiceWidget(choices.Nature.choices)
    )
    body_part = _field("body_part", "伤害部位", ChoiceWidget(choices.BodyPart.choices))
    severity = _field("severity", "严重程度", ChoiceWidget(choices.Severity.choices))
    diagnosis = _field("diagnosis", "临床诊断", widgets.CharWidget())
    outcome = _field("outcome", "结局", ChoiceWidget(choices.Outcome.choices))
    follow_up = _field("follow_up", "随访转归", NullableChoiceWidget(choices.FollowUp.choices))
    safety_area = _field("safety_area", "安全领域", ChoiceWidget(SafetyArea.choices))
    narrative = _field("narrative", "简要经过", widgets.CharWidget())

    header_aliases = {
        "报告单位": "reporting_unit",
        "填报机构": "reporting_unit",
        "监测医院": "reporting_unit",
        "卡号": "card_no",
        "卡片编码": "card_no",
        "患者姓名": "name",
        "身份证": "id_number",
        "身份证号码": "id_number",
        "电话": "phone",
        "联系方式": "phone",
        "年龄（岁）": "age",
        "发生时间": "injury_at",
        "受伤时间": "injury_at",
        "就诊日期": "visit_at",
        "伤害原因": "cause",
        "发生原因": "cause",
        "伤害发生地点": "place",
        "发生地点": "place",
        "伤害发生时活动": "activity",
        "发生时活动": "activity",
        "活动": "activity",
        "是否故意": "intent",
        "伤害意图": "intent",
        "饮酒": "alcohol",
        "性质": "nature",
        "部位": "body_part",
        "诊断": "diagnosis",
        "临床结局": "outcome",
        "转归": "follow_up",
        "伤害事件简述": "narrative",
    }
    required_columns = (
        "reporting_unit",
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
            "place",
            "activity",
            "intent",
            "alcohol",
            "address",
            "nature",
            "nature_secondary",
            "body_part",
            "severity",
            "diagnosis",
            "outcome",
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
        self.accept_partial = False

    # --- import ---------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        # The same resource validates (preview) and then writes: start each pass afresh.
        self._card_numbers = None
        self.fields["reporting_unit"].widget._units = None
        super().before_import(dataset, **kwargs)

    def known_card_numbers(self):
        if self._card_numbers is None:
            self._card_numbers = set(
                InjuryCard.objects.filter(community=self.community)
                .exclude(card_no="")
                .values_list("card_no", flat=True)
            )
        return self._card_numbers

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Every value is checked once: cells whose widget already parsed them (codes, dates,
        age, unit) only for being required; the other fields by the model's field checks; then
        the model's ``clean()`` applies every card rule."""
        errors = dict(import_validation_errors or {})
        checked = self._widget_checked_fields()
        for name in checked:
            if name not in errors and getattr(instance, name) in (None, ""):
                model_field = InjuryCard._meta.get_field(name)
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
                errors.setdefault("card_no", []).append(
                    _("卡片编号“%(no)s”已存在（已导入过或在文件中重复）。") % {"no": number}
                )
            else:
                self.known_card_numbers().add(number)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        """As import-export's, minus its per-field indirections (this runs 30 × per row):
        each column's widget cleans the cell, bad cells are collected as field errors."""
        errors = {}
        for field in self._import_fields():
            if field.column_name not in row:
                continue
            try:
                value = field.widget.clean(row[field.column_name], row=row)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(str(exc), code="invalid")
                continue
            setattr(instance, field.attribute, value)
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


def _problems(result, resource):
    problems = []
    for error in result.base_errors:
        problems.append(RowProblem(0, [str(error.error)]))
    for number, errors in result.row_errors():
        problems.append(RowProblem(number + 1, [str(e.error) for e in errors]))
    for invalid in result.invalid_rows:
        messages = []
        for name, errors in invalid.error_dict.items():
            field = resource.fields.get(name)
            prefix = f"{field.column_name}：" if field else ""
            messages += [f"{prefix}{e}" for e in errors]
        problems.append(RowProblem(invalid.number + 1, messages))
    return sorted(problems, key=lambda p: p.row)


def import_cards(community, dataset, *, only_valid=False, user=None):
    """Validate and write a dataset in ONE pass (the command's path for large files).

    All or nothing: with a bad row nothing is written unless ``only_valid``, in which case the
    valid rows are. Returns a ``safecommunity.importing.ImportReport``.
    """
    resource = InjuryCardResource(community=community, user=user)
    resource.accept_partial = only_valid
    resource.normalise_headers(dataset)
    report = ImportReport(total=dataset.height, headers=list(dataset.headers))
    missing = [
        resource.fields[name].column_name
        for name in resource.required_columns
        if resource.fields[name].column_name not in dataset.headers
    ]
    if missing:
        report.problems.append(
            RowProblem(1, [_("缺少必需的列：%(cols)s") % {"cols": "、".join(missing)}])
        )
        return report
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, raise_errors=False, use_transactions=False
        )
        report.problems = _problems(result, resource)
        report.new = result.totals.get("new", 0)
        report.committed = not result.has_errors() and (only_valid or not report.problems)
        if not report.committed:
            transaction.set_rollback(True)
    return report
