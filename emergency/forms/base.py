"""Form bases of the emergency app.

The shared ``style_widgets`` reads ``form.errors``, which validates a bound form on the spot.
Called from ``__init__`` that would validate before subclasses narrow their choices (a leader's
own groups, live plans) and, in inline formsets, before the formset adds its DELETE and foreign
key fields, so ticking "delete" would be ignored. These bases hold validation back until the form
is complete: subclasses adjust fields in ``prepare_fields``.
"""

from django import forms
from django.forms.utils import ErrorDict

from safecommunity.forms import CommunityModelForm, style_widgets


class DeferredValidationMixin:
    def __init__(self, *args, **kwargs):
        self._initialising = True
        try:
            super().__init__(*args, **kwargs)
            self.prepare_fields()
            for field in self.fields.values():
                widget = field.widget
                if isinstance(widget, forms.Textarea) and str(widget.attrs.get("rows")) == "10":
                    widget.attrs["rows"] = 3  # Django's default of ten lines is too tall here
            style_widgets(self)
        finally:
            self._initialising = False
            self._errors = None

    def prepare_fields(self):
        """Adjust fields (querysets, choices, attributes) before validation and styling."""

    def full_clean(self):
        if getattr(self, "_initialising", False):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()
        style_widgets(self)  # now marks the invalid fields


class EmergencyModelForm(DeferredValidationMixin, CommunityModelForm):
    """A community-scoped model form (choices scoped, widgets styled)."""


class StyledModelForm(DeferredValidationMixin, forms.ModelForm):
    """A plain model form (inline rows) with the house widgets."""


class StyledForm(DeferredValidationMixin, forms.Form):
    """A plain form with the house widgets."""
