"""Progress updates: posted by the project's group leader (or the office); photos and documents
attach to the update through the archive's attachments panel on its page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin
from safecommunity.views import (
    CommunityDeleteView,
    CommunityDetailView,
    CommunityUpdateView,
    DetailFieldsMixin,
    FormPageMixin,
)

from .. import selectors, services
from ..forms import ProjectUpdateForm
from ..models import ProjectUpdate


class UpdateCreate(CommunityMixin, FormView):
    form_class = ProjectUpdateForm
    template_name = "projects/update_form.html"
    requires_edit = True
    edit_roles = OFFICE_AND_LEADERS

    def get_project(self):
        if not hasattr(self, "project"):
            self.project = get_object_or_404(
                selectors.projects(self.community), pk=self.kwargs["pk"]
            )
            if not self.can_edit_object(self.project):
                raise PermissionDenied
        return self.project

    def get(self, request, *args, **kwargs):
        self.get_project()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_project()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"date": timezone.localdate(), "percent": self.project.progress}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(community=self.community, user=self.request.user, project=self.project)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["project"] = self.project
        context["title"] = _("填报项目进展：%(title)s") % {"title": self.project.title}
        context["last_update"] = selectors.updates_of(self.project).first()
        return context

    def form_valid(self, form):
        try:
            update = services.post_update(
                project=self.project, author=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("进展已保存。可在下方上传现场照片、签到表等资料。"))
        return redirect(update.get_absolute_url())


class UpdateDetail(DetailFieldsMixin, CommunityDetailView):
    model = ProjectUpdate
    template_name = "projects/update_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = ["date", "percent", "drop_reason", "done", "next_steps", "problems", "author"]

    def get_queryset(self):
        return selectors.updates(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        update = self.object
        context["title"] = _("项目进展 · %(date)s") % {"date": update.date.isoformat()}
        context["project"] = update.project
        if context["can_edit"]:
            slug = self.community.slug
            context["edit_url"] = reverse("projects:update_edit", args=[slug, update.pk])
            context["delete_url"] = reverse("projects:update_delete", args=[slug, update.pk])
        return context


class UpdateEdit(FormPageMixin, CommunityUpdateView):
    model = ProjectUpdate
    template_name = "projects/form.html"
    cancel_url_name = "projects:project_list"
    form_class = ProjectUpdateForm
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return selectors.updates(self.community)

    def form_valid(self, form):
        try:
            self.object = services.save_update(form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return redirect(self.object.get_absolute_url())


class UpdateDelete(CommunityDeleteView):
    model = ProjectUpdate
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return selectors.updates(self.community)

    def get_success_url(self):
        return self.object.project.get_absolute_url()

    def form_valid(self, form):
        project_url = self.object.project.get_absolute_url()
        services.delete_update(self.object)
        messages.success(self.request, _("已删除。"))
        return redirect(project_url)
