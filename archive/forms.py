"""Forms of the archive app. Uploads are checked by content in the service, not here."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safecommunity.elements import Element
from safecommunity.files import ALLOWED_DESCRIPTION, inspect_upload
from safecommunity.forms import (
    BoundedDateField,
    CommunityModelForm,
    DateRangeMixin,
    style_widgets,
)

from .choices import Grade, ReportKind
from .models import (
    Assessment,
    AssessmentItem,
    Document,
    IndicatorScheme,
    ManagementReview,
    ReviewDecision,
)

ELEMENT_CHOICES = [
    (str(value), format_lazy("{}. {}", value, label)) for value, label in Element.choices
]
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png,.gif,.webp,.mp3,.m4a,.wav,.mp4,.mov"


class ElementsField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=ELEMENT_CHOICES,
            coerce=int,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            label=_("所属要素"),
            **kwargs,
        )


def upload_field(required=True):
    return forms.FileField(
        label=_("文件"),
        required=required,
        help_text=lazy(lambda: _("允许：%(types)s。") % {"types": ALLOWED_DESCRIPTION}, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class UploadCheckMixin:
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.detected = inspect_upload(upload)
        return upload


class DocumentForm(UploadCheckMixin, CommunityModelForm):
    file = upload_field()
    elements = ElementsField()

    class Meta:
        model = Document
        fields = [
            "title",
            "file",
            "date",
            "source_unit",
            "elements",
            "tags",
            "working_group",
            "personal_data",
            "description",
        ]
        widgets = {"date": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["file"]
            self.initial["elements"] = [str(n) for n in self.instance.element_numbers]
        self.fields["title"].required = False
        self.fields["title"].help_text = _("不填则使用文件名。")

    def restrict_groups(self, groups):
        """Leaders file documents for the groups they lead only."""
        self.fields["working_group"].queryset = groups
        self.fields["working_group"].required = True

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if not data.get("title"):
            name = getattr(upload, "name", "") or self.instance.title
            data["title"] = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:200]
        return data


class AttachmentForm(UploadCheckMixin, forms.Form):
    file = upload_field()
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    element = forms.TypedChoiceField(
        label=_("所属要素"), choices=ELEMENT_CHOICES, coerce=int, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("报告类型"), choices=ReportKind.choices, initial=ReportKind.MONTHLY
    )
    day = BoundedDateField(
        label=_("期间内任一日期"),
        widget=forms.DateInput(),
        help_text=_("月度、季度、年度报告取包含该日期的期间；自定义期间为开始日期。"),
    )
    end = BoundedDateField(
        label=_("结束日期（自定义期间）"), required=False, widget=forms.DateInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate().replace(day=1) - timezone.timedelta(
            days=1
        )
        style_widgets(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.CUSTOM:
            if not data.get("end"):
                raise ValidationError({"end": _("自定义期间需要填写结束日期。")})
            if data.get("day") and data["end"] < data["day"]:
                raise ValidationError({"end": _("结束日期不能早于开始日期。")})
            if data.get("day") and (data["end"] - data["day"]).days > 3 * 366:
                raise ValidationError({"end": _("自定义期间不能超过三年。")})
        return data


class ManagementReviewForm(CommunityModelForm):
    class Meta:
        model = ManagementReview
        fields = [
            "date",
            "title",
            "location",
            "chair",
            "participants",
            "participant_members",
            "reports",
            "other_inputs",
            "conclusions",
        ]
        widgets = {
            "date": forms.DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "other_inputs": forms.Textarea(attrs={"rows": 2}),
            "conclusions": forms.Textarea(attrs={"rows": 4}),
            "participant_members": forms.SelectMultiple(attrs={"size": 6}),
            "reports": forms.SelectMultiple(attrs={"size": 6}),
        }


class ReviewDecisionForm(forms.ModelForm):
    class Meta:
        model = ReviewDecision
        fields = ["title", "description", "responsible_unit", "responsible_person", "due_date"]
        widgets = {"due_date": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class BaseDecisionFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


ReviewDecisionFormSet = inlineformset_factory(
    ManagementReview,
    ReviewDecision,
    form=ReviewDecisionForm,
    formset=BaseDecisionFormSet,
    extra=2,
    can_delete=True,
)


class AssessmentStartForm(CommunityModelForm):
    copy_previous = forms.BooleanField(
        label=_("沿用上一次自评的评分和说明"), required=False, initial=True
    )

    class Meta:
        model = Assessment
        fields = ["title", "date", "scheme", "notes"]
        widgets = {"date": forms.DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = IndicatorScheme.objects.all()
        self.fields["scheme"].initial = IndicatorScheme.objects.filter(is_default=True).first()


class AssessmentItemForm(forms.ModelForm):
    class Meta:
        model = AssessmentItem
        fields = ["presence", "trace", "effect", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        short = [
            ("", "—"),
            ("a", _("a 好")),
            ("b", _("b 较好")),
            ("c", _("c 差")),
            ("d", _("d 无")),
        ]
        for name in ("presence", "trace", "effect"):
            self.fields[name].choices = short
        style_widgets(self)

    def save(self, commit=True):
        # Grades typed by hand are no longer the confirmed (or overridden) proposal.
        if {"presence", "trace", "effect"} & set(self.changed_data):
            self.instance.decision = ""
        return super().save(commit)


AssessmentItemFormSet = modelformset_factory(
    AssessmentItem, form=AssessmentItemForm, extra=0, can_delete=False
)


class DossierForm(DateRangeMixin, forms.Form):
    date_range = ("period_start", "period_end")
    period_start = BoundedDateField(label=_("材料期间开始"), widget=forms.DateInput())
    period_end = BoundedDateField(label=_("材料期间结束"), widget=forms.DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class OverrideForm(forms.Form):
    """Grade one indicator differently from the proposal; the reason goes into the history."""

    presence = forms.ChoiceField(label=_("有无"), choices=Grade.choices)
    trace = forms.ChoiceField(label=_("痕迹"), choices=Grade.choices)
    effect = forms.ChoiceField(label=_("效果"), choices=Grade.choices)
    reason = forms.CharField(
        label=_("改判理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for name in ("presence", "trace", "effect"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
