"""Attachments chosen on a record's create form, saved with the record in one transaction.

The archive owns attachments (a generic relation); core names no domain app, so the archive
registers the function that stores them (``register_store``) and create views of any app use
``AttachmentsOnCreateMixin``. Each file is checked by content with ``safecommunity.files``
when the form is validated: a refused file refuses the whole submit, with the file named, and
the form comes back with everything else that was typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import ALLOWED_DESCRIPTION, inspect_upload
from .tenancy import OFFICE_AND_LEADERS

_store = None
FIELD = "attachments"
MAX_FILES = 10


def register_store(function):
    """``function(record, uploads, user)`` files ``uploads`` as attachments of ``record``."""
    global _store
    _store = function


def can_store():
    return _store is not None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (up to MAX_FILES), each checked by content; optional."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("附件与佐证资料"))
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"class": "form-control", "multiple": True})
        )
        super().__init__(**kwargs)
        self.help_text = gettext_lazy("可一次选择多个文件，与记录一同保存。允许：%(types)s。") % {
            "types": ALLOWED_DESCRIPTION
        }

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > MAX_FILES:
            raise ValidationError(_("一次最多选择 %(n)d 个附件。") % {"n": MAX_FILES})
        for upload in uploads:
            super().clean(upload, initial)
            try:
                inspect_upload(upload)
            except ValidationError as exc:
                raise ValidationError(
                    _("附件“%(name)s”未被接受：%(reason)s 记录尚未保存，请重新选择附件后再提交。")
                    % {"name": upload.name, "reason": "；".join(exc.messages)}
                ) from exc
        return uploads


def record_data(form):
    """The form's cleaned data without the attachments, for a create service that takes fields."""
    return {name: value for name, value in form.cleaned_data.items() if name != FIELD}


class AttachmentsOnCreateMixin:
    """For a create view: an attachments field on the form (office and leaders, when the
    archive is installed), stored after the record is saved, all in one transaction."""

    attachment_roles = OFFICE_AND_LEADERS

    def accepts_attachments(self):
        membership = getattr(self, "membership", None)
        return can_store() and membership is not None and membership.role in self.attachment_roles

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.accepts_attachments():
            form.fields[FIELD] = AttachmentsField()
        self._attachments_form = form
        return form

    def post(self, request, *args, **kwargs):
        if not self.accepts_attachments():
            return super().post(request, *args, **kwargs)
        with transaction.atomic():
            response = super().post(request, *args, **kwargs)
            form = getattr(self, "_attachments_form", None)
            if form is None or form.errors or response.status_code not in (301, 302, 303):
                return response
            uploads = form.cleaned_data.get(FIELD) or []
            record = getattr(self, "object", None) or form.instance
            if uploads and record is not None and record.pk:
                try:
                    _store(record, uploads, request.user)
                except ValidationError as exc:
                    transaction.set_rollback(True)
                    self.object = None
                    form.add_error(FIELD, exc)
                    return self.form_invalid(form)
        return response
