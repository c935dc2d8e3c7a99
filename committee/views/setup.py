"""The first-run setup of a community: the guide page and the imports that feed it."""

import tablib
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from safecommunity.importing import ImportFileError, ImportForm, ImportView, export_response
from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin

from .. import forms
from ..resources import CreationPhaseResource, PopulationYearResource
from ..setup import setup_steps


class Setup(CommunityMixin, TemplateView):
    """What a new office enters first, step by step, with the state of each step."""

    template_name = "committee/setup.html"
    view_roles = OFFICE_ONLY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = setup_steps(self.community)
        context["steps"] = steps
        context["done_count"] = sum(step.done for step in steps)
        return context


class PopulationImport(ImportView):
    resource_class = PopulationYearResource
    title = gettext_lazy("导入人口基数")
    success_url_name = "committee:setup"


class PhaseImport(ImportView):
    resource_class = CreationPhaseResource
    title = gettext_lazy("导入创建阶段")
    success_url_name = "committee:setup"


class ProfileImport(CommunityMixin, View):
    """The profile from a one-row Excel sheet: the template carries today's values; the upload
    fills the profile form for a check before anything is saved (the preview)."""

    view_roles = OFFICE_ONLY
    requires_edit = True
    template_name = "committee/profile_import.html"

    def form_fields(self):
        form = forms.CommunityProfileForm(instance=self.community, community=self.community)
        return form, list(form.fields.items())

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            return self.template_response()
        return render(request, self.template_name, self.context(upload_form=ImportForm()))

    def template_response(self):
        form, fields = self.form_fields()
        dataset = tablib.Dataset(headers=[str(f.label) for _name, f in fields])
        row = []
        for name, field in fields:
            value = getattr(self.community, name)
            choices = dict(getattr(field, "choices", []) or [])
            row.append(str(choices.get(value, value)) if value not in (None, "") else "")
        dataset.append(row)
        return _xlsx_response(dataset, _("社区概况模板"))

    def post(self, request, *args, **kwargs):
        if "file" not in request.FILES:
            # The checked form, saved.
            form = forms.CommunityProfileForm(
                request.POST, instance=self.community, community=self.community
            )
            if form.is_valid():
                form.save()
                messages.success(request, _("社区概况已保存。"))
                return redirect("committee:setup", community=self.community.slug)
            return render(request, self.template_name, self.context(form=form))
        upload_form = ImportForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return render(request, self.template_name, self.context(upload_form=upload_form))
        from safecommunity.importing import load_dataset

        upload = upload_form.cleaned_data["file"]
        try:
            dataset = load_dataset(upload.read(), upload.name)
        except ImportFileError as exc:
            upload_form.add_error("file", str(exc))
            return render(request, self.template_name, self.context(upload_form=upload_form))
        form = forms.CommunityProfileForm(
            self.form_data(dataset), instance=self.community, community=self.community
        )
        form.is_valid()  # show the problems of the file's values next to each field
        return render(request, self.template_name, self.context(form=form, preview=True))

    def form_data(self, dataset):
        """The first data row mapped onto the form: headings by label or field name, choices by
        label or code, numbers as Excel gives them."""
        _form, fields = self.form_fields()
        by_heading = {}
        for name, field in fields:
            by_heading[str(field.label)] = name
            by_heading[name] = name
        row = dict(zip(dataset.headers, dataset[0], strict=False))
        data = {}
        for heading, value in row.items():
            name = by_heading.get(str(heading or "").strip().rstrip("*").strip())
            if name is None or value is None:
                continue
            field = dict(fields)[name]
            text = str(value).strip()
            if text.endswith(".0") and text[:-2].isdigit():
                text = text[:-2]
            labels = {str(label): code for code, label in getattr(field, "choices", []) or []}
            data[name] = labels.get(text, text)
        for name, _field in fields:  # a column left out keeps today's value
            if name not in data:
                value = getattr(self.community, name)
                data[name] = "" if value is None else value
        return data

    def context(self, **extra):
        context = {
            "community": self.community,
            "membership": self.membership,
            "upload_form": extra.pop("upload_form", None) or ImportForm(),
            "template_url": reverse("committee:profile_import", args=[self.community.slug])
            + "?template=1",
        }
        context.update(extra)
        return context


class _Rows:
    """A ready dataset in the place of a resource, so the sheet leaves through the one export
    path (export_response) with its safeguards."""

    def __init__(self, dataset):
        self.dataset = dataset

    def export(self, queryset=None, **kwargs):
        return self.dataset


def _xlsx_response(dataset, filename):
    return export_response(_Rows(dataset), None, fmt="xlsx", filename=filename)
