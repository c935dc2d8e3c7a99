"""Form base classes: community-scoped choices and Bootstrap-friendly widgets."""

from django import forms
from django.forms.renderers import DjangoTemplates


def scope_choice_fields(form, community):
    """Limit every model choice to records of the community, so a forged pk cannot link across."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if any(f.name == "community" for f in model._meta.get_fields()):
            field.queryset = queryset.filter(community=community)
        elif model._meta.label == "committee.User" and community is not None:
            field.queryset = queryset.filter(memberships__community=community).distinct()


def style_widgets(form):
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
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


class CommunityModelForm(forms.ModelForm):
    """A ModelForm bound to one community: choices are scoped and widgets styled."""

    def __init__(self, *args, community=None, user=None, **kwargs):
        self.community = community
        self.user = user
        super().__init__(*args, **kwargs)
        scope_choice_fields(self, community)
        style_widgets(self)

    def _get_validation_exclusions(self):
        # The community is not a form field, but constraints naming it must still be checked,
        # so a duplicate gives a form error rather than an IntegrityError.
        exclude = super()._get_validation_exclusions()
        if self.community is not None and hasattr(self.instance, "community_id"):
            exclude.discard("community")
        return exclude

    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def _post_clean(self):
        # Set the tenant before model validation so clean() and unique checks see it.
        if self.community is not None and hasattr(self.instance, "community_id"):
            self.instance.community = self.community
        super()._post_clean()


class ListFilterRenderer(DjangoTemplates):
    """Django's form renderer, but a <select> writes its options inline instead of including
    ``select_option.html`` and ``attrs.html`` once per option: the same HTML at a fraction of the
    cost, for the filter forms above every list (dozens of options on each request)."""

    overrides = {"django/forms/widgets/select.html": "safecommunity/forms/select.html"}

    def get_template(self, template_name):
        return super().get_template(self.overrides.get(template_name, template_name))


LIST_FILTER_RENDERER = ListFilterRenderer()
