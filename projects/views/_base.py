"""Mixins shared by the projects views."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.tenancy import CommunityMixin

from .. import selectors

LIST_URL_NAMES = {
    "plan": "projects:plan_list",
    "objective": "projects:objective_list",
    "project": "projects:project_list",
    "projectupdate": "projects:project_list",
    "activity": "projects:activity_list",
    "awarenesssurvey": "projects:survey_list",
}


def error_text(exc):
    """A ValidationError as one line of Chinese text for a flash message."""
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


class FormPageMixin:
    """The app's form page: sections, inline checkboxes, "cancel" back to the list on create."""

    template_name = "projects/form.html"

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


class EditableRowsMixin:
    """Mark each row of the page ``row.editable`` for the per-row buttons, with one query for
    the leader's groups rather than a permission lookup per row."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = selectors.editable_group_ids(self.membership)
        context["editable_group_ids"] = ids
        for row in context["object_list"]:
            row.editable = self.membership.role in self.edit_roles and (
                ids is None or row.working_group_id in ids
            )
        return context


class WorkflowStepView(CommunityMixin, View):
    """A POST-only change on one record, done by a service.

    Subclasses set ``model`` (or override ``get_queryset``), ``edit_roles`` and implement
    ``perform(obj)``. A service's ValidationError is shown as an error and nothing changes.
    """

    http_method_names = ["post"]
    requires_edit = True
    model = None
    success_message = ""

    def get_queryset(self):
        return self.scope(self.model.objects.all())

    def get_object(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.can_edit_object(obj):
            raise PermissionDenied
        return obj

    def redirect_url(self, obj):
        return obj.get_absolute_url()

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.perform(obj)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, self.success_message or _("已保存。"))
        return redirect(self.redirect_url(obj))

    def perform(self, obj):
        raise NotImplementedError


class DetailFieldsMixin:
    """Detail rows without empty values; dates written plainly."""

    def field_rows(self, obj):
        rows = []
        for label, value in super().field_rows(obj):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            rows.append((label, value))
        return rows
