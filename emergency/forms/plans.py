"""Forms for emergency plans: the plan, its revision, and its response organisation."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from safecommunity.files import validate_document
from safecommunity.forms import CommunityModelForm, StyledModelForm

from ..models import EmergencyPlan, PlanGroup


class HazardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        level = obj.get_level_display() if obj.level else _("未评价")
        return f"{obj.title}（{level}）"


class PlanForm(CommunityModelForm):
    hazards = HazardChoiceField(
        label=_("涵盖的危险源"),
        queryset=None,
        required=False,
        help_text=_("本预案应对的风险辨识记录，可输入名称筛选，勾选多项。"),
    )

    class Meta:
        model = EmergencyPlan
        fields = [
            "title",
            "code",
            "category",
            "emergency_type",
            "level",
            "status",
            "owner_unit",
            "working_group",
            "approved_on",
            "approved_by",
            "next_review",
            "scope",
            "commander",
            "commander_phone",
            "deputy_commander",
            "hotline",
            "command_post",
            "hazards",
            "document",
        ]
        widgets = {
            "approved_on": forms.DateInput(),
            "next_review": forms.DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def prepare_fields(self):
        from hazards.models import Hazard

        self.fields["hazards"].queryset = Hazard.objects.filter(community=self.community).order_by(
            "safety_area", "title"
        )
        # History is made by revising, not by picking the status by hand.
        self.fields["status"].choices = [
            c for c in self.fields["status"].choices if c[0] != "superseded"
        ]
        self.fields["document"].widget.attrs["accept"] = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            validate_document(upload)
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            self.instance.document_name = upload.name[-200:]
        elif upload is False:
            self.instance.document_name = ""
        return super().save(commit)


class PlanRevisionForm(PlanForm):
    """The plan form for a new version: what changed and why are required."""

    change_summary = forms.CharField(
        label=_("修订内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("本次修订改了哪些内容。"),
    )
    change_reason = forms.CharField(
        label=_("修订原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：演练发现问题、机构调整、法规变化、定期评审。"),
    )

    def prepare_fields(self):
        super().prepare_fields()
        self.order_fields(["change_summary", "change_reason", *PlanForm.Meta.fields])
        self.fields["status"].choices = [
            c for c in self.fields["status"].choices if c[0] in ("in_force", "draft")
        ]

    def _post_clean(self):
        # The revision is validated by services.revise_plan against the new instance.
        pass


class PlanGroupForm(StyledModelForm):
    class Meta:
        model = PlanGroup
        # A tuple: inline formsets append their foreign key to a list here, which would leak
        # into every form class built later from this Meta (group_formset_class).
        fields = ("name", "leader", "phone", "members", "duties")
        widgets = {"duties": forms.Textarea(attrs={"rows": 2})}


def group_formset_class(extra=2):
    """The response-organisation rows of a plan; a revision starts from its predecessor's rows,
    so it needs as many extra rows as those plus room for new ones."""
    return inlineformset_factory(
        EmergencyPlan, PlanGroup, form=PlanGroupForm, extra=extra, can_delete=True
    )


PlanGroupFormSet = group_formset_class()
