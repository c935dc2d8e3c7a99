"""Form base classes: community-scoped choices, Bootstrap-friendly widgets, bounded dates."""

import datetime
import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .tenancy import editable_groups

# Every date a filter or a period form takes: nothing we keep is older than 1900 or later than a
# year ahead, and a longer span only makes a page enormous (or a date computation fail at year 0).
MIN_YEAR = 1900
MAX_SPAN_YEARS = 20


def latest_date(today=None):
    """A year after today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def validate_date_bounds(value):
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value.year < MIN_YEAR or value > latest_date():
        raise ValidationError(
            _("请填写 %(min)d 年至 %(max)s 之间的日期。"),
            code="date_out_of_range",
            params={"min": MIN_YEAR, "max": latest_date().isoformat()},
        )


def validate_year_bounds(value):
    if value is not None and not MIN_YEAR <= value <= latest_date().year:
        raise ValidationError(
            _("请填写 %(min)d 至 %(max)d 之间的年份。"),
            code="year_out_of_range",
            params={"min": MIN_YEAR, "max": latest_date().year},
        )


class BoundedDateField(forms.DateField):
    """A date between 1 January 1900 and a year from today."""

    default_validators = [validate_date_bounds]


class BoundedYearField(forms.IntegerField):
    """A year between 1900 and next year (a year lookup on year 0 or 10000 is a 500)."""

    default_validators = [validate_year_bounds]


class DateRangeMixin:
    """For a form with a start and an end date (``date_range`` names them): end not before
    start and at most MAX_SPAN_YEARS apart. The fields themselves should be BoundedDateField."""

    date_range = ("start", "end")

    def clean(self):
        data = super().clean()
        start_name, end_name = self.date_range
        start, end = data.get(start_name), data.get(end_name)
        if start and end:
            if end < start:
                raise ValidationError({end_name: _("结束日期不能早于开始日期。")})
            if (end - start).days > MAX_SPAN_YEARS * 366:
                raise ValidationError(
                    {end_name: _("期间不能超过 %(years)d 年。") % {"years": MAX_SPAN_YEARS}}
                )
        return data


def scope_choice_fields(form, community):
    """Limit every model choice to records of the community, so a forged pk cannot link across."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if any(f.name == "community" for f in model._meta.get_fields()):
            field.queryset = queryset.filter(community=community)
        elif model._meta.label == settings.AUTH_USER_MODEL and community is not None:
            field.queryset = queryset.filter(memberships__community=community).distinct()


# Django's empty choice and label suffix, which read as "---------" and "类型:" in Chinese.
BLANK_CHOICE_LABEL = "---------"
EMPTY_LABEL = _("请选择…")


class ChoiceList(forms.CheckboxSelectMultiple):
    """Tick boxes with their labels beside them (the label is part of the touch target); also
    used for radio buttons (``style_widgets`` gives a RadioSelect the same template)."""

    template_name = "safecommunity/forms/choice_list.html"
    filterable = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filterable"] = self.filterable
        return context


class FilterableChoiceList(ChoiceList):
    """A tick list with a search box above it (static/js/site.js filters the options): what a
    ``<select multiple>`` becomes, since ctrl-click is unknown to most users and impossible on
    a phone."""

    filterable = True


def label_empty_choices(form, label):
    """Replace Django's "---------" empty choice with ``label`` on every choice field."""
    for field in form.fields.values():
        if hasattr(field, "empty_label"):  # model choices, and django-filter's choice fields
            if field.empty_label == BLANK_CHOICE_LABEL:
                field.empty_label = label
                field.widget.choices = field.choices
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(value == "" and text == BLANK_CHOICE_LABEL for value, text in choices):
                field.choices = [
                    (value, label if value == "" and text == BLANK_CHOICE_LABEL else text)
                    for value, text in choices
                ]


def style_widgets(form, empty_label=EMPTY_LABEL):
    """Bootstrap classes, HTML5 date inputs, Chinese empty choices and no ASCII label colon;
    a ``<select multiple>`` becomes a filterable tick list. ``empty_label`` is what an empty
    choice reads (a list filter passes 全部)."""
    form.label_suffix = ""
    label_empty_choices(form, empty_label)
    for name, field in form.fields.items():
        widget = field.widget
        if type(widget) is forms.SelectMultiple:
            field.widget = widget = FilterableChoiceList(attrs=widget.attrs, choices=widget.choices)
            widget.attrs.pop("size", None)
            widget.attrs.pop("class", None)
            widget.is_required = field.required
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            if widget.template_name.startswith("django/"):
                widget.template_name = ChoiceList.template_name
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.DateTimeInput):
            widget.input_type = "datetime-local"
            widget.format = "%Y-%m-%dT%H:%M"
        if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows", "10")) == "10":
            widget.attrs["rows"] = 3
        # Never validate here: a subclass may still narrow its choices after __init__.
        if form.is_bound and form._errors and form._errors.get(name):
            widget.attrs["class"] += " is-invalid"
        if form.is_bound and form._errors and ask_to_choose_file_again(field):
            form[name].help_text = field.help_text  # a bound field copies it when first made


CHOOSE_FILE_AGAIN = _("本次提交未保存：如已选择文件，请重新选择。")


def ask_to_choose_file_again(field):
    """A browser never sends a chosen file back to the page: after a refused submit, say so on
    every file input (all other input is re-rendered as typed)."""
    if not isinstance(field, forms.FileField) or getattr(field, "_asks_again", False):
        return False
    field._asks_again = True
    field.help_text = (
        format_lazy("{} {}", field.help_text, CHOOSE_FILE_AGAIN)
        if field.help_text
        else CHOOSE_FILE_AGAIN
    )
    return True


# A POST-only step form sits on a record's page; a refused submit redirects back to that page
# (the step view renders nothing itself). The typed input travels in the session for that one
# page view, so the page shows the form as submitted, with its errors, instead of emptied.
REFUSED_INPUT_SESSION_KEY = "refused_step_input"
REFUSED_INPUT_SECONDS = 600  # the redirect comes at once; older input is from another visit


def step_form_key(obj, form_class, step=""):
    return f"{obj._meta.label_lower}:{obj.pk}:{form_class.__name__}:{step}"


def keep_refused_input(request, obj, form_class, *, errors=None, step=""):
    """Remember what was posted to a refused step (files cannot be kept) and the service's
    field errors, for the next rendering of the record's page."""
    request.session[REFUSED_INPUT_SESSION_KEY] = {
        "key": step_form_key(obj, form_class, step),
        "data": {
            name: request.POST.getlist(name)
            for name in request.POST
            if name != "csrfmiddlewaretoken"
        },
        "errors": {field: [str(m) for m in messages] for field, messages in (errors or {}).items()},
        "at": time.time(),
    }


def step_form(request, obj, form_class, *, step="", initial=None, **kwargs):
    """The step's form for the record's page: bound to the refused input when the user comes
    back from a refused submit of this very form (once), otherwise unbound with ``initial``."""
    kept = request.session.get(REFUSED_INPUT_SESSION_KEY)
    if not kept or kept.get("key") != step_form_key(obj, form_class, step):
        return form_class(initial=initial, **kwargs)
    del request.session[REFUSED_INPUT_SESSION_KEY]
    if time.time() - kept.get("at", 0) > REFUSED_INPUT_SECONDS:
        return form_class(initial=initial, **kwargs)
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    form = form_class(data, initial=initial, **kwargs)
    form.is_valid()
    for name, messages in kept["errors"].items():
        form.add_error(name if name in form.fields else None, messages)
    style_widgets(form)
    return form


class StyledFormMixin:
    """The house widgets (``style_widgets``) on a complete form, and invalid fields marked after
    validation. A form adjusts its fields (querysets, choices, attributes) in ``prepare_fields``,
    the one hook every form of the project uses: it runs before styling and validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_fields()
        style_widgets(self)

    def prepare_fields(self):
        """Adjust fields before the form is styled and validated (nothing by default)."""

    def full_clean(self):
        super().full_clean()
        style_widgets(self)  # now marks the invalid fields


class StyledForm(StyledFormMixin, forms.Form):
    """A plain form (a workflow step, a filter of a page) with the house widgets."""


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    """A model form not bound to a community (inline rows) with the house widgets."""


class CommunityModelForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm bound to one community: choices are scoped and widgets styled."""

    def __init__(self, *args, community=None, user=None, **kwargs):
        self.community = community
        self.user = user
        # Not StyledFormMixin.__init__: the choices are scoped before prepare_fields and styling.
        forms.ModelForm.__init__(self, *args, **kwargs)
        scope_choice_fields(self, community)
        self.prepare_fields()
        style_widgets(self)

    fieldsets = ()  # ((title, (field names…)), …); a sectioned template shows them as sections

    def sections(self):
        """[(title, [bound fields])]; one untitled section when no fieldsets are declared."""
        if not self.fieldsets:
            return [("", list(self.visible_fields()))]
        sections = [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.fieldsets
        ]
        named = {name for _title, names in self.fieldsets for name in names}
        rest = [field for field in self.visible_fields() if field.name not in named]
        if rest:  # fields a view adds (attachments on a create form)
            sections.append(("", rest))
        return sections

    def _get_validation_exclusions(self):
        # The community is not a form field, but constraints naming it must still be checked,
        # so a duplicate gives a form error rather than an IntegrityError.
        exclude = super()._get_validation_exclusions()
        if self.community is not None and hasattr(self.instance, "community_id"):
            exclude.discard("community")
        return exclude

    def _post_clean(self):
        # Set the tenant before model validation so clean() and unique checks see it.
        if self.community is not None and hasattr(self.instance, "community_id"):
            self.instance.community = self.community
        super()._post_clean()


class GroupScopedForm(CommunityModelForm):
    """A leader files records only under a working group they lead (and must pick one): the
    choices of ``group_field`` are ``tenancy.editable_groups``. The view passes ``membership``
    (``safecommunity.views.GroupFormMixin``)."""

    group_field = "working_group"

    def __init__(self, *args, membership=None, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        super().prepare_fields()
        field = self.fields.get(self.group_field)
        membership = self.membership
        if field is not None and membership is not None and membership.role == Role.LEADER:
            field.queryset = editable_groups(membership)
            field.required = True
            field.empty_label = None


class ListFilterRenderer(DjangoTemplates):
    """Django's form renderer, but a <select> writes its options inline instead of including
    ``select_option.html`` and ``attrs.html`` once per option: the same HTML at a fraction of the
    cost, for the filter forms above every list (dozens of options on each request)."""

    overrides = {"django/forms/widgets/select.html": "safecommunity/forms/select.html"}

    def get_template(self, template_name):
        return super().get_template(self.overrides.get(template_name, template_name))


LIST_FILTER_RENDERER = ListFilterRenderer()
