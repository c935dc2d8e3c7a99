"""Forms of the archive app. Uploads are checked by content in the service, not here."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from safecommunity.elements import Element
from safecommunity.files import ALLOWED_DESCRIPTION, inspect_upload
from safecommunity.forms import (
    BoundedDateField,
    CommunityModelForm,
    DateRangeMixin,
    GroupScopedForm,
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


class DocumentForm(UploadCheckMixin, GroupScopedForm):
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


YEARS_BACK = 10  # how many past years the report chooser offers
HALF_CHOICES = [(1, _("上半年")), (2, _("下半年"))]
# Which number field names the period of each kind (annual needs none, custom has dates).
NUMBER_FIELDS = {
    ReportKind.MONTHLY: "month",
    ReportKind.QUARTERLY: "quarter",
    ReportKind.HALF_YEARLY: "half",
}


def _number_field(label, choices):
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, required=False)


class ReportRequestForm(forms.Form):
    """The period of a report: kind, year and month / quarter / half (or two dates, custom).

    ``period`` is the resolved safecommunity.evidence.Period once valid. A period that has not
    ended is refused until ``confirm_running`` is ticked: the report would only cover the days
    so far, and the office should know before it builds one.
    """

    kind = forms.ChoiceField(
        label=_("报告类型"), choices=ReportKind.choices, initial=ReportKind.QUARTERLY
    )
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False)
    month = _number_field(_("月份"), [])
    quarter = _number_field(pgettext_lazy("report period field", "季度"), [])
    half = _number_field(_("半年"), HALF_CHOICES)
    start = BoundedDateField(
        label=_("开始日期（自定义期间）"), required=False, widget=forms.DateInput()
    )
    end = BoundedDateField(
        label=_("结束日期（自定义期间）"), required=False, widget=forms.DateInput()
    )
    confirm_running = forms.BooleanField(label=_("仍然生成截至今日的报告"), required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .services.reports import last_finished_period

        self.today = today or timezone.localdate()
        self.period = None
        self.running = False
        # Labels with a number are translated per request (a lazy string % args is not lazy).
        self.fields["month"].choices = [(n, gettext("%(n)s月") % {"n": n}) for n in range(1, 13)]
        self.fields["quarter"].choices = [
            (n, gettext("第 %(n)s 季度") % {"n": n}) for n in range(1, 5)
        ]
        self.fields["year"].choices = [
            (y, gettext("%(y)s 年") % {"y": y})
            for y in range(self.today.year, self.today.year - YEARS_BACK - 1, -1)
        ]
        # Defaults: the last finished period of each kind; the year follows the default kind.
        self.default_years = {}
        for kind, name in [*NUMBER_FIELDS.items(), (ReportKind.ANNUAL, None)]:
            last = last_finished_period(kind, self.today)
            self.default_years[kind] = last.start.year
            if name:
                self.fields[name].initial = _number_of(kind, last.start)
        self.fields["year"].initial = self.default_years[self.fields["kind"].initial]
        style_widgets(self)

    @classmethod
    def for_report(cls, report):
        """A form asking for ``report``'s period again (the regenerate button)."""
        initial = {"kind": report.kind, "confirm_running": True}
        if report.kind == ReportKind.CUSTOM:
            initial.update(start=report.period_start, end=report.period_end)
        else:
            initial["year"] = report.period_start.year
            name = NUMBER_FIELDS.get(report.kind)
            if name:
                initial[name] = _number_of(report.kind, report.period_start)
        return cls(initial=initial)

    def clean(self):
        from .services.reports import covered_period, is_running, period_for

        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind == ReportKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start:
                raise ValidationError({"start": _("自定义期间需要填写开始日期。")})
            if not end:
                raise ValidationError({"end": _("自定义期间需要填写结束日期。")})
            if end < start:
                raise ValidationError({"end": _("结束日期不能早于开始日期。")})
            if (end - start).days > 3 * 366:
                raise ValidationError({"end": _("自定义期间不能超过三年。")})
            period = period_for(kind, start, end)
        else:
            year = data.get("year")
            if not year:
                raise ValidationError({"year": _("请选择年份。")})
            name = NUMBER_FIELDS.get(kind)
            number = data.get(name) if name else 1
            if not number:
                raise ValidationError(
                    {name: _("请选择%(what)s。") % {"what": self.fields[name].label}}
                )
            period = period_for(kind, _first_day(kind, year, number))
        if period.start > self.today:
            raise ValidationError(_("所选期间尚未开始，不能生成报告。"))
        self.period = period
        self.running = is_running(period, self.today)
        if self.running and not data.get("confirm_running"):
            covered = covered_period(period, self.today)
            compared = covered.previous_year()
            raise ValidationError(
                _(
                    "所选期间（%(start)s 至 %(end)s）尚未结束：报告将只含截至 %(today)s 的数据，"
                    "同比按去年同期相同天数（%(cstart)s 至 %(cend)s）比较。如仍要生成，请勾选"
                    "“仍然生成截至今日的报告”后再提交。"
                )
                % {
                    "start": period.start,
                    "end": period.end,
                    "today": covered.end,
                    "cstart": compared.start,
                    "cend": compared.end,
                },
                code="running",
            )
        return data


def _number_of(kind, day):
    """The month, quarter or half of ``day`` for a period of ``kind``."""
    if kind == ReportKind.MONTHLY:
        return day.month
    if kind == ReportKind.QUARTERLY:
        return (day.month - 1) // 3 + 1
    return 1 if day.month <= 6 else 2


def _first_day(kind, year, number):
    """The first day of period ``number`` (month, quarter, half; annual: 1) of ``year``."""
    first_month = {
        ReportKind.MONTHLY: number,
        ReportKind.QUARTERLY: 3 * (number - 1) + 1,
        ReportKind.HALF_YEARLY: 6 * (number - 1) + 1,
    }.get(kind, 1)
    return datetime.date(year, first_month, 1)


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
