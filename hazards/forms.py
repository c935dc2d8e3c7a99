"""Forms of the hazards app. Records are entered through these; workflow steps have their own."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from safecommunity.elements import TargetGroup
from safecommunity.files import validate_image
from safecommunity.forms import CommunityModelForm, GroupScopedForm, StyledForm, StyledModelForm

from . import risk
from .choices import (
    AssessmentMethod,
    DangerGrade,
    DangerStatus,
    PlaceCategory,
    PlaceKind,
    RiskLevel,
)
from .models import (
    Assessment,
    ChecklistTemplate,
    ChecklistTemplateItem,
    CorrectiveAction,
    Hazard,
    HiddenDanger,
    Inspection,
    InspectionItem,
    InspectionPlan,
    InspectionSchedule,
    Place,
    SitePlan,
)
from .models.dangers import PLAN_PARTS
from .services.dangers import missing_plan_parts

User = get_user_model()


def checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def radios():
    return forms.RadioSelect(attrs={"class": "form-check-input"})


def textarea():
    return forms.Textarea(attrs={"rows": 3})


class TargetGroupsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", checkboxes())
        kwargs.setdefault("choices", TargetGroup.choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class PlaceForm(CommunityModelForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "address",
            "contact_person",
            "phone",
            "risk_level",
            "is_key_place",
            "inspection_interval_days",
            "working_group",
            "employees",
            "notes",
            "is_active",
        ]


class HazardForm(GroupScopedForm):
    exposed_groups = TargetGroupsField(label=_("暴露人群"))

    class Meta:
        model = Hazard
        fields = [
            "code",
            "title",
            "safety_area",
            "place",
            "location",
            "description",
            "exposed_groups",
            "exposure_note",
            "source",
            "identified_on",
            "controls",
            "working_group",
            "responsible_unit",
            "responsible_person",
            "review_date",
            "status",
            "photo",
        ]
        widgets = {
            "identified_on": forms.DateInput(),
            "review_date": forms.DateInput(),
            "description": textarea(),
            "controls": textarea(),
        }


class AssessmentForm(StyledModelForm):
    """One evaluation: the inputs of the chosen method; score and level are computed."""

    class Meta:
        model = Assessment
        fields = [
            "method",
            "likelihood",
            "severity",
            "lec_l",
            "lec_e",
            "lec_c",
            "assessed_on",
            "assessor",
            "note",
        ]
        widgets = {"assessed_on": forms.DateInput(), "method": radios()}

    def prepare_fields(self):
        self.fields["method"].choices = AssessmentMethod.choices
        self.fields["note"].widget.attrs["rows"] = 2

    def clean(self):
        data = super().clean()
        method = data.get("method")
        needed = {
            AssessmentMethod.MATRIX: ("likelihood", "severity"),
            AssessmentMethod.LEC: ("lec_l", "lec_e", "lec_c"),
        }.get(method, ())
        for name in needed:
            if data.get(name) in (None, ""):
                self.add_error(name, _("所选评价方法须填写此项。"))
        return data

    def preview(self):
        """(score, level) of valid inputs, for showing the result before saving."""
        data = self.cleaned_data
        return risk.evaluate(
            data["method"],
            likelihood=data.get("likelihood"),
            severity=data.get("severity"),
            lec_l=data.get("lec_l"),
            lec_e=data.get("lec_e"),
            lec_c=data.get("lec_c"),
        )


class InspectionPlanForm(GroupScopedForm):
    target_groups = TargetGroupsField(label=_("重点人群"))

    class Meta:
        model = InspectionPlan
        fields = [
            "title",
            "inspection_type",
            "method",
            "start_date",
            "end_date",
            "places",
            "target_groups",
            "scope",
            "inspectors",
            "working_group",
            "status",
        ]
        widgets = {"start_date": forms.DateInput(), "end_date": forms.DateInput()}


class InspectionForm(GroupScopedForm):
    target_groups = TargetGroupsField(label=_("重点人群"))

    class Meta:
        model = Inspection
        fields = [
            "date",
            "inspection_type",
            "method",
            "plan",
            "places",
            "target_groups",
            "scope",
            "inspectors",
            "working_group",
            "summary",
            "photo",
        ]
        widgets = {"date": forms.DateInput(), "summary": textarea()}


class InspectionItemForm(StyledModelForm):
    class Meta:
        model = InspectionItem
        # A tuple: inline formsets append their foreign key to a list here, for every subclass.
        fields = ("item", "result", "note")


InspectionItemFormSet = forms.inlineformset_factory(
    Inspection,
    InspectionItem,
    form=InspectionItemForm,
    extra=2,
    can_delete=True,
)

DANGER_FIELDS = [
    "title",
    "grade",
    "safety_area",
    "place",
    "location",
    "description",
    "source",
    "inspection",
    "hazard",
    "found_on",
    "found_by",
    "is_general",
    "working_group",
    "photo",
]


class HiddenDangerForm(GroupScopedForm):
    """The finding itself; the rectification order is its own step."""

    class Meta:
        model = HiddenDanger
        fields = DANGER_FIELDS
        widgets = {"found_on": forms.DateInput(), "description": textarea()}


class OfficeHiddenDangerForm(HiddenDangerForm):
    """Office staff may also correct the order's terms (deadline, responsible) afterwards.

    Once the order is issued, a 重大隐患 keeps all six parts of its 治理方案.
    """

    class Meta(HiddenDangerForm.Meta):
        fields = [
            *DANGER_FIELDS,
            "unit_notified",
            "measures_required",
            "responsible_department",
            "responsible_person",
            "deadline",
            "target",
            *PLAN_PARTS,
            "funds",
            "reinspector",
        ]
        widgets = {**HiddenDangerForm.Meta.widgets, "deadline": forms.DateInput()}

    def prepare_fields(self):
        super().prepare_fields()
        self.fields["reinspector"].queryset = reinspector_choices(self.community)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status != DangerStatus.REPORTED:
            for name, message in missing_plan_parts(data.get("grade"), data).items():
                self.add_error(name, message)
        return data


def plan_part_fields():
    """The six 治理方案 parts as optional text areas (required for a 重大隐患 by the form's clean)."""
    fields = {
        name: forms.CharField(
            label=HiddenDanger._meta.get_field(name).verbose_name,
            widget=textarea(),
            required=False,
        )
        for name in PLAN_PARTS
    }
    fields[PLAN_PARTS[0]].help_text = _("重大隐患治理方案：以下六项均须填写。")
    return fields


def reinspector_choices(community):
    """Who may be designated to re-inspect: active users of the community who can open the
    hazards pages (not the read-only reviewers, not injury reporters)."""
    if community is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__community=community,
            memberships__role__in=[Role.OFFICE, Role.MEMBER, Role.LEADER, Role.GROUP_MEMBER],
        )
        .distinct()
        .order_by("username")
    )


class OrderForm(StyledForm):
    unit_notified = forms.CharField(label=_("被通知单位"), max_length=100, required=False)
    measures_required = forms.CharField(label=_("整改措施要求"), widget=textarea())
    responsible_department = forms.CharField(label=_("责任部门"), max_length=100, required=False)
    responsible_person = forms.CharField(label=_("责任人"), max_length=60, required=False)
    deadline = forms.DateField(label=_("整改期限"), widget=forms.DateInput())
    target = forms.CharField(label=_("整改目标"), max_length=200, required=False)
    funds = forms.DecimalField(
        label=_("整改资金（元）"), max_digits=12, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=500)
    reinspector = forms.ModelChoiceField(
        label=HiddenDanger._meta.get_field("reinspector").verbose_name,
        help_text=HiddenDanger._meta.get_field("reinspector").help_text,
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args, grade=None, community=None, **kwargs):
        """``grade`` of the danger: a 重大隐患's order needs the six parts of its 治理方案."""
        self.grade = grade
        self.community = community
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        self.fields["reinspector"].queryset = reinspector_choices(self.community)
        if self.grade == DangerGrade.MAJOR:
            for name, field in plan_part_fields().items():
                field.required = True
                self.fields[name] = field


class SupervisionForm(StyledForm):
    """Put a 重大隐患 under listed supervision (挂牌督办)."""

    supervised_by = forms.CharField(label=_("督办单位"), max_length=100)
    listed_on = forms.DateField(label=_("挂牌日期"), widget=forms.DateInput())
    supervision_deadline = forms.DateField(label=_("督办期限"), widget=forms.DateInput())
    note = forms.CharField(label=_("督办要求"), required=False, widget=textarea())


class LiftSupervisionForm(StyledForm):
    lifted_on = forms.DateField(label=_("摘牌日期"), widget=forms.DateInput())
    note = forms.CharField(label=_("验收与摘牌意见"), widget=textarea())


class RectifyForm(StyledForm):
    note = forms.CharField(label=_("整改情况"), widget=textarea())
    rectified_on = forms.DateField(label=_("整改完成日期"), widget=forms.DateInput())
    photo = forms.ImageField(label=_("整改后照片"), required=False, validators=[validate_image])


class ReinspectForm(StyledForm):
    passed = forms.TypedChoiceField(
        label=_("复查结论"),
        choices=[("1", _("合格")), ("0", _("不合格，退回整改"))],
        coerce=lambda v: v == "1",
        widget=radios(),
    )
    note = forms.CharField(label=_("复查意见"), widget=textarea(), required=False)
    new_deadline = forms.DateField(
        label=_("新的整改期限（不合格时）"), required=False, widget=forms.DateInput()
    )
    photo = forms.ImageField(label=_("复查照片"), required=False, validators=[validate_image])


class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明"), required=False, widget=textarea())


class ActionCompleteForm(StyledForm):
    note = forms.CharField(label=_("落实情况"), widget=textarea())
    completed_at = forms.DateField(label=_("完成日期"), widget=forms.DateInput())


class ActionVerifyForm(StyledForm):
    passed = forms.TypedChoiceField(
        label=_("验证结论"),
        choices=[("1", _("有效，验证通过")), ("0", _("未达到要求，继续落实"))],
        coerce=lambda v: v == "1",
        widget=radios(),
    )
    note = forms.CharField(label=_("验证意见"), widget=textarea(), required=False)


class CorrectiveActionForm(GroupScopedForm):
    class Meta:
        model = CorrectiveAction
        fields = [
            "title",
            "kind",
            "source_kind",
            "cause",
            "description",
            "responsible_unit",
            "responsible_person",
            "due_date",
            "working_group",
        ]
        widgets = {"due_date": forms.DateInput()}


# The four-colour risk map (hazards.maps) ---------------------------------------------------------


class SitePlanForm(CommunityModelForm):
    class Meta:
        model = SitePlan
        fields = ["title", "image", "is_default"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def _get_validation_exclusions(self):
        # A new plan may be marked default while another is: save_site_plan moves the mark in
        # the same transaction, so the one-default constraint holds when the row is written.
        exclude = super()._get_validation_exclusions()
        exclude.add("is_default")
        return exclude


class PlacePinForm(CommunityModelForm):
    """Where a place is: its pin on a plan (fractions 0–1 of the image) and its coordinates."""

    class Meta:
        model = Place
        fields = ["site_plan", "plan_x", "plan_y", "longitude", "latitude"]
        widgets = {
            "site_plan": forms.HiddenInput,
            "plan_x": forms.NumberInput(attrs={"step": "0.0001", "min": "0", "max": "1"}),
            "plan_y": forms.NumberInput(attrs={"step": "0.0001", "min": "0", "max": "1"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        # A forged pk of another community's plan is out of the scoped choices: say why.
        error_messages = {"site_plan": {"invalid_choice": _("只能标注在本社区的平面图上。")}}

    def clean(self):
        data = super().clean()
        if data.get("plan_x") is None and data.get("plan_y") is None:
            # Only the coordinates were entered: the pin stays where it is.
            data["site_plan"] = self.instance.site_plan
            data["plan_x"], data["plan_y"] = self.instance.plan_x, self.instance.plan_y
        return data


class MapFilterForm(StyledForm):
    level = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("全部"))] + RiskLevel.choices
    )
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部"))] + PlaceCategory.choices
    )
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部"))] + PlaceKind.choices
    )
    key = forms.BooleanField(label=_("仅重点监管场所"), required=False)


# Checklist templates and inspection schedules ---------------------------------------------------


class ChecklistTemplateForm(CommunityModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "place_kind", "notes"]
        widgets = {"notes": textarea()}


class ChecklistTemplateItemForm(StyledModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ("text", "position")

    def prepare_fields(self):
        self.fields["position"].required = False  # left empty: the order the rows are typed in

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


ChecklistItemFormSet = forms.inlineformset_factory(
    ChecklistTemplate,
    ChecklistTemplateItem,
    form=ChecklistTemplateItemForm,
    extra=3,
    can_delete=True,
)


class InspectionScheduleForm(GroupScopedForm):
    class Meta:
        model = InspectionSchedule
        fields = [
            "title",
            "places",
            "checklist",
            "inspection_type",
            "method",
            "team",
            "working_group",
            "recurrence",
            "rrule",
            "holiday_dates",
            "holiday_lead_days",
            "start_date",
            "end_date",
            "is_active",
        ]
        widgets = {
            "start_date": forms.DateInput(),
            "end_date": forms.DateInput(),
            "holiday_dates": forms.Textarea(attrs={"rows": 3}),
        }

    def prepare_fields(self):
        super().prepare_fields()
        self.fields["team"].queryset = self.fields["team"].queryset.filter(is_active=True)


class OccurrenceInspectionForm(CommunityModelForm):
    """The inspection of a due inspection: the schedule fills it in, the inspector checks it."""

    class Meta:
        model = Inspection
        fields = ["date", "inspection_type", "method", "places", "inspectors", "summary", "photo"]
        widgets = {"date": forms.DateInput(), "summary": textarea()}


class ChecklistResultForm(StyledModelForm):
    """One checklist row: pass / fail / NA, a note (required on a fail) and a photo."""

    class Meta:
        model = InspectionItem
        fields = ("item", "result", "note", "photo")
        widgets = {"result": forms.RadioSelect()}


OccurrenceItemFormSet = forms.inlineformset_factory(
    Inspection,
    InspectionItem,
    form=ChecklistResultForm,
    extra=0,
    can_delete=False,
)
