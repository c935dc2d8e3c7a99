"""Mixins shared by the emergency views: detail rows, forms with inline rows, POST-only steps,
and serving stored files after the permission check."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.forms import keep_refused_input
from safecommunity.tenancy import CommunityMixin


def error_text(exc):
    """A ValidationError as one line of Chinese text for a flash message."""
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def label_choices(rows, *names):
    """Set ``<name>_label`` on each row from the field's choices, looked up once per page:
    ``get_FOO_display`` per row and column costs more than the rest of a list row."""
    rows = list(rows)
    if not rows:
        return rows
    meta = rows[0]._meta
    for name in names:
        labels = {value: str(label) for value, label in meta.get_field(name).flatchoices}
        for row in rows:
            value = getattr(row, name)
            setattr(row, f"{name}_label", labels.get(value, value))
    return rows


class DetailFieldsMixin:
    """Detail rows without empty values; yes/no and dates written plainly."""

    def field_rows(self, obj):
        rows = []
        for label, value in super().field_rows(obj):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            elif isinstance(value, datetime.datetime):
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, datetime.time):
                value = value.strftime("%H:%M")
            rows.append((label, value))
        return rows


class StampCreatorMixin:
    """Record who created the record (field ``created_by``)."""

    def form_valid(self, form):
        if not form.instance.pk:
            form.instance.created_by = self.request.user
        return super().form_valid(form)


class InlineRowsMixin:
    """A create/update view whose form comes with one inline formset (``formset_class``),
    saved in the same transaction; ``after_save(obj)`` runs once both are stored."""

    formset_class = None
    formset_prefix = "rows"

    def get_formset(self):
        kwargs = {"instance": self.object if self.object else None, "prefix": self.formset_prefix}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return self.formset_class(**kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.is_update else None
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                response = self.form_valid(form)
                formset.instance = self.object
                formset.save()
                self.after_save(self.object)
            return response
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    @property
    def is_update(self):
        return "pk" in self.kwargs

    def after_save(self, obj):
        pass


class StepView(CommunityMixin, View):
    """A POST-only change on one record of the community (status steps, rows added to a record).

    Subclasses set ``model`` and implement ``perform(obj)``; a service's ValidationError becomes
    an error message and nothing changes. Success and failure both go back to ``success_url``.
    A step with a form names it in ``form_class``: after a refusal the page shows the form as
    it was typed (the page builds it with ``safecommunity.forms.step_form``).
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

    def success_url(self, obj):
        return obj.get_absolute_url()

    def post(self, request, *args, **kwargs):
        obj = self.object = self.get_object()
        try:
            result = self.perform(obj)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if self.form_class is not None:
                field_errors = getattr(exc, "error_dict", None) and exc.message_dict
                keep_refused_input(request, obj, self.form_class, errors=field_errors)
        else:
            if result is not False:
                messages.success(request, self.success_message or _("已保存。"))
        return redirect(self.success_url(obj))

    def perform(self, obj):
        raise NotImplementedError

    def form_error(self, form):
        parts = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        messages.error(self.request, "；".join(parts))
        keep_refused_input(self.request, self.object, type(form))
        return False
