"""Mixins shared by the hazards views: group-scoped forms and POST-only workflow steps."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.forms import keep_refused_input
from safecommunity.tenancy import CommunityMixin

from ..risk import plain

LIST_URL_NAMES = {
    "place": "hazards:place_list",
    "hazard": "hazards:hazard_list",
    "inspectionplan": "hazards:plan_list",
    "inspection": "hazards:inspection_list",
    "hiddendanger": "hazards:danger_list",
    "correctiveaction": "hazards:action_list",
}


class FormPageMixin:
    """The app's form page: grouped checkboxes, and "cancel" back to the list on create."""

    template_name = "hazards/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url_name"] = LIST_URL_NAMES[self.model._meta.model_name]
        return context


class GroupFormMixin(FormPageMixin):
    """Pass the membership to GroupScopedForm, so leaders file under their own groups only."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.membership
        return kwargs


class DetailFieldsMixin:
    """Detail rows without empty values; yes/no, dates and numbers written plainly."""

    def field_rows(self, obj):
        rows = []
        for label, value in super().field_rows(obj):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            elif isinstance(value, datetime.date):
                value = value.isoformat() if not isinstance(value, datetime.datetime) else value
            elif isinstance(value, Decimal):
                value = plain(value)
            rows.append((label, value))
        return rows


class RecordedByMixin:
    """Stamp the creating user on the new record (field name in ``recorded_by_field``)."""

    recorded_by_field = "recorded_by"

    def form_valid(self, form):
        if not form.instance.pk:
            setattr(form.instance, self.recorded_by_field, self.request.user)
        return super().form_valid(form)


def error_text(exc):
    """A ValidationError as one line of Chinese text for a flash message."""
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


class WorkflowStepView(CommunityMixin, View):
    """A POST-only status change on one record.

    Subclasses set ``model``, ``form_class`` (or None), ``edit_roles`` and implement
    ``perform(obj, form)`` calling a service. A service's ValidationError is shown as an error
    and nothing changes; success redirects to the record's page. After a refusal the page shows
    the form as it was typed (the detail view builds it with ``safecommunity.forms.step_form``).
    """

    http_method_names = ["post"]
    requires_edit = True
    model = None
    form_class = None
    success_message = ""

    def get_object(self):
        obj = get_object_or_404(self.scope(self.model.objects.all()), pk=self.kwargs["pk"])
        if not self.can_edit_object(obj):
            raise PermissionDenied
        return obj

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs(obj))
            if not form.is_valid():
                messages.error(request, self.form_errors(form))
                keep_refused_input(request, obj, self.form_class)
                return redirect(obj.get_absolute_url())
        try:
            self.perform(obj, form)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if form is not None:
                field_errors = getattr(exc, "error_dict", None) and exc.message_dict
                keep_refused_input(request, obj, self.form_class, errors=field_errors)
        else:
            messages.success(request, self.success_message or _("已保存。"))
        return redirect(obj.get_absolute_url())

    def get_form_kwargs(self, obj):
        """Extra arguments of the step's form for this record (none by default)."""
        return {}

    def form_errors(self, form):
        parts = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return "；".join(parts)

    def perform(self, obj, form):
        raise NotImplementedError
