"""The POST-only workflow step: one status change (or one row added) on one record.

Every app's step views subclass ``WorkflowStepView`` and implement one hook,
``perform(obj, form)``, which calls a service. The view checks community and role, validates
the step's form, turns a service's ``ValidationError`` into an error message (nothing changes)
and redirects back to the record's page either way. After a refusal that page shows the form as
it was typed (it builds the form with ``safecommunity.forms.step_form``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from .forms import keep_refused_input
from .tenancy import CommunityMixin


def error_text(exc: ValidationError) -> str:
    """A ValidationError as one line of Chinese text for a flash message."""
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def form_errors_text(form) -> str:
    """A form's errors as one line, each prefixed with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    return "；".join(parts)


class WorkflowStepView(CommunityMixin, View):
    """A POST-only change on one record of the community.

    Subclasses set ``model`` (or override ``get_queryset``), ``edit_roles``, optionally
    ``form_class`` (built with ``get_form_kwargs(obj)``), and implement ``perform(obj, form)``;
    ``form`` is the validated form, or None without ``form_class``. ``perform`` may return False
    when it wrote its own success message. ``owner(obj)`` names the record whose edit permission
    governs the step; ``redirect_url(obj)`` where the user goes back to.
    """

    http_method_names = ["post"]
    requires_edit = True
    model = None
    form_class = None
    success_message = ""

    def get_queryset(self):
        return self.scope(self.model.objects.all())

    def get_object(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.can_edit_object(self.owner(obj)):
            raise PermissionDenied
        return obj

    def owner(self, obj):
        """The record whose edit permission governs this step (the object itself by default)."""
        return obj

    def redirect_url(self, obj):
        return obj.get_absolute_url()

    def get_form_kwargs(self, obj):
        """Extra arguments of the step's form for this record (none by default)."""
        return {}

    def post(self, request, *args, **kwargs):
        obj = self.object = self.get_object()
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs(obj))
            if not form.is_valid():
                messages.error(request, form_errors_text(form))
                keep_refused_input(request, obj, self.form_class)
                return redirect(self.redirect_url(obj))
        try:
            result = self.perform(obj, form)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if form is not None:
                field_errors = getattr(exc, "error_dict", None) and exc.message_dict
                keep_refused_input(request, obj, self.form_class, errors=field_errors)
        else:
            if result is not False:
                messages.success(request, self.success_message or _("已保存。"))
        return redirect(self.redirect_url(obj))

    def perform(self, obj, form):
        raise NotImplementedError
