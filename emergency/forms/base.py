"""Form bases of the emergency app.

Subclasses adjust their fields (a leader's own groups, live plans) in ``prepare_fields``; the
widgets are styled once the form is complete, and invalid fields are marked after validation.
"""

from django import forms

from safecommunity.forms import CommunityModelForm, style_widgets


class DeferredValidationMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_fields()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows")) == "10":
                widget.attrs["rows"] = 3  # Django's default of ten lines is too tall here
        style_widgets(self)

    def prepare_fields(self):
        """Adjust fields (querysets, choices, attributes) before validation and styling."""

    def full_clean(self):
        super().full_clean()
        style_widgets(self)  # now marks the invalid fields


class EmergencyModelForm(DeferredValidationMixin, CommunityModelForm):
    """A community-scoped model form (choices scoped, widgets styled)."""


class StyledModelForm(DeferredValidationMixin, forms.ModelForm):
    """A plain model form (inline rows) with the house widgets."""


class StyledForm(DeferredValidationMixin, forms.Form):
    """A plain form with the house widgets."""
