"""Evidence documents (element 10): catalogue, list, upload, edit, download, record attachments."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from safecommunity.elements import Element
from safecommunity.evidence import element_statuses
from safecommunity.files import serve_file
from safecommunity.tenancy import OFFICE_AND_LEADERS, CommunityMixin, can_edit
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    GroupFormMixin,
)

from .. import selectors
from ..filters import DocumentFilter
from ..forms import AttachmentForm, DocumentForm
from ..models import Document
from ..services import documents as services


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


class DocumentScopeMixin:
    model = Document
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return selectors.documents(self.community, self.membership)


class DocumentList(CommunityListView):
    model = Document
    template_name = "archive/document_list.html"
    filterset_class = DocumentFilter
    search_fields = ("title", "tags", "source_unit", "original_name")
    create_url_name = "archive:document_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("档案资料")

    def base_queryset(self):
        return selectors.documents(self.community, self.membership)


class Catalogue(CommunityMixin, TemplateView):
    """The catalogue by element: documents held, records behind each element, what is lacking."""

    template_name = "archive/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.element_counts(self.community, self.membership)
        statuses = element_statuses(self.community)
        rows = []
        for number in Element.values:
            items = statuses.get(number, [])
            missing = [m for item in items for m in item.missing]
            documents = counts.get(number, 0)
            if not documents:
                missing.insert(0, _("尚无归档资料"))
            records = sum(item.count for item in items if item.element != 10)
            rows.append(
                {
                    "number": number,
                    "label": Element(number).label,
                    "documents": documents,
                    "records": records,
                    "items": items,
                    "missing": missing,
                    "state": "missing" if not documents else ("partial" if missing else "complete"),
                }
            )
        context["rows"] = rows
        context["title"] = _("档案目录（按要素）")
        return context


class DocumentDetail(DocumentScopeMixin, CommunityDetailView):
    template_name = "archive/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        slug = self.community.slug
        context["edit_url"] = reverse("archive:document_update", args=[slug, document.pk])
        context["delete_url"] = reverse("archive:document_delete", args=[slug, document.pk])
        record = None
        if document.content_type_id:
            try:
                record = document.content_type.get_object_for_this_type(pk=document.object_id)
            except ObjectDoesNotExist:
                record = None
        context["record"] = record
        context["record_type"] = (
            document.content_type.model_class()._meta.verbose_name if record else ""
        )
        return context


class DocumentCreate(GroupFormMixin, CommunityCreateView):
    model = Document
    form_class = DocumentForm
    template_name = "archive/document_form.html"
    edit_roles = OFFICE_AND_LEADERS

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.create_document(
                community=self.community,
                upload=data["file"],
                title=data["title"],
                elements=data["elements"],
                user=self.request.user,
                date=data["date"],
                source_unit=data["source_unit"],
                tags=data["tags"],
                working_group=data["working_group"],
                personal_data=data["personal_data"],
                description=data["description"],
            )
        except ValidationError as exc:
            form.add_error("file" if not hasattr(exc, "error_dict") else None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已上传并归档。"))
        return HttpResponseRedirect(self.object.get_absolute_url())


class DocumentUpdate(GroupFormMixin, DocumentScopeMixin, CommunityUpdateView):
    form_class = DocumentForm
    template_name = "archive/document_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "title",
                "date",
                "source_unit",
                "tags",
                "working_group",
                "personal_data",
                "description",
            )
        }
        fields["title"] = fields["title"] or self.object.title
        services.update_document(self.object, elements=data["elements"], **fields)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(self.object.get_absolute_url())


class DocumentDelete(DocumentScopeMixin, CommunityDeleteView):
    success_url_name = "archive:document_list"

    def form_valid(self, form):
        services.delete_document(self.object)
        messages.success(self.request, _("已删除。"))
        return HttpResponseRedirect(safe_next(self.request, self.get_success_url()))


class DocumentDownload(DocumentScopeMixin, CommunityMixin, View):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return serve_file(
            document.file, filename=document.download_name, content_type=document.mime_type
        )


class DocumentThumbnail(DocumentScopeMixin, CommunityMixin, View):
    """Our own re-encoded JPEG thumbnail: safe to show inline in lists."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return serve_file(
            document.thumbnail,
            filename=f"thumbnail-{document.pk}.jpg",
            content_type="image/jpeg",
            inline=True,
        )


class AttachmentUpload(CommunityMixin, View):
    """POST a file onto any record of this community (office; leaders for their groups' records)."""

    edit_roles = OFFICE_AND_LEADERS
    requires_edit = True

    def post(self, request, *args, **kwargs):
        record = self.record(kwargs["content_type"], kwargs["object_id"])
        if not can_edit(
            self.membership,
            record,
            edit_roles=self.edit_roles,
            group=getattr(record, "working_group", None),
        ):
            raise PermissionDenied
        back = safe_next(
            request,
            record.get_absolute_url()
            if hasattr(record, "get_absolute_url")
            else reverse("archive:document_list", args=[self.community.slug]),
        )
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(back)
        try:
            services.create_document(
                community=self.community,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                elements=[form.cleaned_data["element"]] if form.cleaned_data.get("element") else (),
                user=request.user,
                record=record,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return HttpResponseRedirect(back)
        messages.success(request, _("附件已上传。"))
        return HttpResponseRedirect(back)

    def record(self, content_type_id, object_id):
        try:
            content_type = ContentType.objects.get_for_id(content_type_id)
        except ContentType.DoesNotExist as exc:
            raise Http404 from exc
        model = content_type.model_class()
        if (
            model is None
            or model is Document
            or not any(f.name == "community" for f in model._meta.get_fields())
        ):
            raise Http404
        return get_object_or_404(model, pk=object_id, community=self.community)
