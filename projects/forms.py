"""Forms of the projects app. Leaders file projects and activities under their own groups only."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from committee.models import Member
from safecommunity.elements import TargetGroup
from safecommunity.forms import CommunityModelForm, GroupScopedForm, StyledForm
from safecommunity.tenancy import editable_groups

from .choices import Intervention, PlanKind
from .models import (
    Activity,
    ActivitySignIn,
    AwarenessSurvey,
    Objective,
    Plan,
    PlanTask,
    Project,
    ProjectUpdate,
)


def checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def date_input():
    return forms.DateInput()


class PlanForm(CommunityModelForm):
    class Meta:
        model = Plan
        fields = [
            "kind",
            "title",
            "start_year",
            "end_year",
            "parent",
            "goals",
            "priorities",
            "status",
            "approved_on",
            "approved_by",
        ]
        widgets = {"approved_on": date_input()}

    def prepare_fields(self):
        super().prepare_fields()
        parents = self.fields["parent"].queryset.filter(kind=PlanKind.OVERALL)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class PlanTaskForm(CommunityModelForm):
    class Meta:
        model = PlanTask
        fields = ["title", "working_group", "owner", "due_date", "status", "done_on", "notes"]
        widgets = {"due_date": date_input(), "done_on": date_input()}


PlanTaskFormSet = inlineformset_factory(Plan, PlanTask, form=PlanTaskForm, extra=2, can_delete=True)


class ObjectiveForm(CommunityModelForm):
    fieldsets = (
        (_("目标"), ("plan", "title", "safety_area", "target_group", "measures")),
        (
            _("指标"),
            ("indicator", "indicator_kind", "age_group", "injury_cause", "unit", "direction"),
        ),
        (_("基线与目标"), ("baseline_value", "baseline_year", "target_value", "target_year")),
    )

    class Meta:
        model = Objective
        fields = [
            "plan",
            "title",
            "safety_area",
            "target_group",
            "indicator",
            "indicator_kind",
            "age_group",
            "injury_cause",
            "unit",
            "direction",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "measures",
        ]

    def prepare_fields(self):
        super().prepare_fields()
        self.fields["injury_cause"] = forms.TypedChoiceField(
            label=Objective._meta.get_field("injury_cause").verbose_name,
            choices=[("", "---------"), *_injury_causes()],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["unit"].help_text = _("自动计算的指标会使用固定单位（‰ 或 %）。")
        self.fields["direction"].help_text = _("自动计算的指标方向固定：伤害发生率越低越好。")


def _injury_causes():
    try:
        from injuries.choices import Cause
    except ImportError:
        return []
    return Cause.choices


class ObjectiveValueForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("实际值"), max_digits=10, decimal_places=2)
    source = forms.CharField(label=_("数据来源"), max_length=150, required=False)


class ProjectForm(GroupScopedForm):
    target_groups = forms.MultipleChoiceField(
        label=_("目标人群"), choices=TargetGroup.choices, required=False, widget=checkboxes()
    )
    interventions = forms.MultipleChoiceField(
        label=_("干预策略"), choices=Intervention.choices, required=False, widget=checkboxes()
    )
    fieldsets = (
        (
            _("基本信息"),
            (
                "title",
                "code",
                "safety_area",
                "working_group",
                "leader",
                "budget",
                "start_date",
                "end_date",
            ),
        ),
        (_("对象与问题"), ("target_groups", "target_environments", "background", "hazards")),
        (
            _("目标与干预"),
            ("goals", "objectives", "interventions", "intervention_details", "partners"),
        ),
        (
            _("项目评估"),
            (
                "process_evaluation",
                "effect_evaluation",
                "indicator_name",
                "indicator_unit",
                "indicator_direction",
                "indicator_before",
                "indicator_after",
            ),
        ),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "safety_area",
            "working_group",
            "leader",
            "start_date",
            "end_date",
            "budget",
            "target_groups",
            "target_environments",
            "background",
            "hazards",
            "objectives",
            "partners",
            "goals",
            "interventions",
            "intervention_details",
            "process_evaluation",
            "effect_evaluation",
            "indicator_name",
            "indicator_unit",
            "indicator_direction",
            "indicator_before",
            "indicator_after",
        ]
        widgets = {
            "start_date": date_input(),
            "end_date": date_input(),
            "target_environments": forms.Textarea(attrs={"rows": 2}),
            "objectives": checkboxes(),
            "partners": checkboxes(),
        }

    def prepare_fields(self):
        super().prepare_fields()
        hazards = self.fields["hazards"]
        hazards.queryset = hazards.queryset.order_by("safety_area", "title")
        hazards.label_from_instance = lambda h: f"{h.get_safety_area_display()} · {h.title}"
        hazards.help_text = _("可输入名称筛选，勾选多项。")
        self.fields["leader"].queryset = Member.objects.filter(
            community=self.community, is_active=True
        )


class ProjectUpdateForm(CommunityModelForm):
    class Meta:
        model = ProjectUpdate
        fields = ["date", "percent", "drop_reason", "done", "next_steps", "problems"]
        widgets = {"date": date_input(), "drop_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project=None, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        if "drop_reason" in self.fields:
            self.fields["drop_reason"].help_text = _("进度低于上次填报时必填。")

    def clean(self):
        data = super().clean()
        project = self.project
        percent = data.get("percent")
        if (
            project is not None
            and not self.instance.pk
            and percent is not None
            and project.updates.exists()
            and percent < project.progress
            and not (data.get("drop_reason") or "").strip()
        ):
            from .services import drop_message

            self.add_error("drop_reason", drop_message(project.progress))
        return data

    def prepare_fields(self):
        super().prepare_fields()
        if self.project is not None:
            self.instance.project = self.project
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100, "step": 5})


class ActivityForm(GroupScopedForm):
    fieldsets = (
        (
            _("活动"),
            (
                "title",
                "kind",
                "date",
                "place",
                "organiser",
                "safety_area",
                "working_group",
                "project",
            ),
        ),
        (
            _("对象与人数"),
            (
                "audience",
                "target_group",
                "participants",
                "elderly_count",
                "children_count",
                "disabled_count",
                "migrant_count",
            ),
        ),
        (_("资料与内容"), ("materials", "materials_count", "content")),
    )

    class Meta:
        model = Activity
        fields = [
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
        ]
        widgets = {"date": date_input()}

    def prepare_fields(self):
        super().prepare_fields()
        projects = self.fields["project"].queryset.select_related("working_group")
        if self.membership is not None and self.membership.role == Role.LEADER:
            projects = projects.filter(working_group__in=editable_groups(self.membership))
        self.fields["project"].queryset = projects


class ActivitySignInForm(CommunityModelForm):
    """现场签到: a participant's name, and what the organiser may ask besides."""

    class Meta:
        model = ActivitySignIn
        fields = ["name", "phone", "unit", "group"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split()).replace("-", "")
        if phone and not (phone.lstrip("+").isdigit() and 5 <= len(phone) <= 20):
            raise forms.ValidationError(_("请填写电话号码（数字），或留空。"))
        return phone


class SurveyForm(CommunityModelForm):
    class Meta:
        model = AwarenessSurvey
        fields = [
            "title",
            "date",
            "safety_area",
            "method",
            "population",
            "sample_size",
            "aware_count",
            "coverage_threshold",
            "awareness_threshold",
            "conducted_by",
            "findings",
        ]
        widgets = {"date": date_input()}
