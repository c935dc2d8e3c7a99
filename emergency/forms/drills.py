"""Forms for drills: the drill with its participants, problems found, photos."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from safecommunity.files import validate_image
from safecommunity.forms import GroupScopedForm, StyledForm, StyledModelForm

from ..choices import PlanStatus
from ..models import Drill, DrillParticipant, DrillProblem, EmergencyPlan


class DrillForm(GroupScopedForm):
    class Meta:
        model = Drill
        fields = [
            "title",
            "plan",
            "drill_type",
            "status",
            "date",
            "start_time",
            "end_time",
            "place",
            "organiser",
            "working_group",
            "objectives",
            "scenario",
            "timeline",
            "strengths",
            "evaluation",
            "rating",
            "evaluator",
        ]
        widgets = {
            "date": forms.DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "timeline": forms.Textarea(attrs={"rows": 5}),
        }

    def prepare_fields(self):
        super().prepare_fields()
        # Live versions only (a drill exercises the plan in force), plus the one already linked.
        plans = EmergencyPlan.objects.filter(community=self.community).exclude(
            status=PlanStatus.SUPERSEDED
        )
        if self.instance.plan_id:
            plans = plans | EmergencyPlan.objects.filter(pk=self.instance.plan_id)
        self.fields["plan"].queryset = plans.order_by("category", "title")


class ParticipantForm(StyledModelForm):
    class Meta:
        model = DrillParticipant
        fields = ("group", "count", "task")  # a tuple, see PlanGroupForm

    def prepare_fields(self):
        self.fields["count"].widget.attrs["min"] = 1


ParticipantFormSet = inlineformset_factory(
    Drill, DrillParticipant, form=ParticipantForm, extra=3, can_delete=True
)


class ProblemForm(StyledModelForm):
    raise_action = forms.BooleanField(
        label=_("同时登记为纠正措施，跟踪整改到闭环"), required=False, initial=True
    )

    class Meta:
        model = DrillProblem
        fields = ["description", "category", "cause", "suggestion", "responsible_unit", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "suggestion": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(),
        }

    def _post_clean(self):
        # services.add_problem validates the instance it builds.
        pass


class PhotoForm(StyledForm):
    image = forms.ImageField(label=_("照片"), validators=[validate_image])
    caption = forms.CharField(label=_("说明"), max_length=150, required=False)

    def prepare_fields(self):
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"
