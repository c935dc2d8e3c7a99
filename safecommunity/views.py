"""Generic community-scoped views: list, detail, create, update, delete.

Apps subclass these, give a model, a form and a selector, and get scoping, role checks,
pagination, search, filters and audit history for free.
"""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from .display import TableRows
from .filters import ALL, offer_all_choice
from .forms import LIST_FILTER_RENDERER, style_widgets
from .models import versions_of
from .summaries import cached
from .templatetags.sc_cache import kept_key
from .tenancy import CommunityMixin, editable_group_ids


class KeptContentMixin:
    """A page's content (its ``{% block content %}``, which ``{% keptcontent %}`` wraps in
    base.html; ``safecommunity/templatetags/sc_cache.py``) kept in the cache for the session under
    the community's data version: opened again, or paged back to, the page skips the queries and
    the rendering of its content. The page's frame (menu, messages, the user's menu) is rendered
    each time.

    ``self.kept_html`` is the kept HTML, or None: the view computes only what the frame needs
    when it is set (a list: no rows, no filters). Any save or delete of the community's records is a new data version,
    so a new key; the timeout is a safety net only. ``keep_content = False`` for a page whose
    content shows what no data version tracks.
    """

    keep_content = True
    kept_timeout = 15 * 60

    def get(self, request, *args, **kwargs):
        self.kept_key = self.kept_content_key()
        self.kept_html = cache.get(self.kept_key) if self.kept_key else None
        return super().get(request, *args, **kwargs)

    def kept_content_key(self):
        """What the content depends on besides the session and the language (``kept_key``): the
        page and its query string, the community's data versions, the day ("overdue") and
        whether htmx asked. None: render it each time."""
        if not self.keep_content:
            return None
        return kept_key(
            "kept",
            self.request,
            self.request.path,
            self.request.GET.urlencode(),
            *versions_of(self.community),
            timezone.localdate().isoformat(),
            self.request.headers.get("HX-Request", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kept_html"] = getattr(self, "kept_html", None)
        context["kept_key"] = getattr(self, "kept_key", None)
        context["kept_timeout"] = self.kept_timeout
        return context


class CommunityListView(KeptContentMixin, CommunityMixin, generic.ListView):
    """A community's records, 25 a page, searchable and filtered; the table (rows, total and
    pagination) is kept content (``KeptContentMixin``): opened again it runs no query for its
    rows."""

    paginate_by = 25
    template_name = "generic/list.html"
    search_fields = ()
    filterset_class = None
    columns = ()  # (label, attribute path) pairs for the generic table
    create_url_name = None
    title = None

    def get_paginate_by(self, queryset):
        if getattr(self, "kept_html", None) is not None:
            return None  # the table comes from the cache: no count, no page of rows
        return super().get_paginate_by(queryset)

    def base_queryset(self):
        return self.scope(self.model.objects.all())

    def get_queryset(self):
        if getattr(self, "kept_html", None) is not None:
            return self.model._default_manager.none()  # the content is kept: no rows, no filters
        queryset = self.base_queryset()
        query = self.request.GET.get("q", "").strip()
        if query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(condition)
        if self.filterset_class is not None:
            self.filterset = (
                self.filterset_class(
                    self.request.GET,
                    queryset=queryset,
                    request=self.request,
                    community=self.community,
                )
                if _accepts_community(self.filterset_class)
                else self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
            )
            self.filterset.form.renderer = LIST_FILTER_RENDERER
            style_widgets(self.filterset.form, empty_label=ALL)
            offer_all_choice(self.filterset.form)
            for field in self.filterset.form.fields.values():
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "") + " form-control-sm"
                )
            queryset = self.filterset.qs
        return queryset

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        name = self.cached_count_name()
        if name:
            # Paginator.count is a cached_property: set it from the per-community cache.
            paginator.count = cached(self.community, name, queryset.count)
        return paginator

    def cached_count_name(self):
        """A summary name when the total of the list may come from the cache (a list over very
        many rows, shown unfiltered and the same for every member); None counts each time."""
        return None

    def unfiltered(self, *ignored):
        """True when the list shows all of the community's rows (no search, no filter): figures
        over the whole list can then come from ``safecommunity.summaries.cached``."""
        return not set(self.request.GET) - {"page", *ignored}

    def get_context_data(self, **kwargs):
        if getattr(self, "kept_html", None) is not None:
            # No rows: the content is kept. A plain empty list: even an empty queryset is
            # compiled to SQL when a view's own context code loops over it (1-2 ms).
            kwargs["object_list"] = []
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        context["query"] = self.request.GET.get("q", "")
        context["columns"] = self.columns
        context["table_rows"] = TableRows(context["object_list"], self.columns)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        context["create_url_name"] = self.create_url_name
        context["search_enabled"] = bool(self.search_fields)
        querystring = self.request.GET.copy()
        querystring.pop("page", None)
        context["querystring"] = querystring.urlencode()
        paginator = context.get("paginator")
        context["total_count"] = paginator.count if paginator else len(context["object_list"])
        context["filters_version"] = self.filters_version(context["querystring"])
        for obj in context["object_list"]:
            # Rows link with get_absolute_url(), which needs the community's slug: reuse ours.
            if getattr(obj, "community_id", None) == self.community.pk:
                obj.community = self.community
        return context

    def filters_version(self, querystring):
        """What the filter form's HTML depends on, for ``{% cache %}`` in the list templates:
        its choices come from the community's records (data version), its selected values from
        the query string, its words from the language (dozens of options rendered per request,
        the largest part of a list page's template time)."""
        version, community_version = versions_of(self.community)
        return ":".join(
            (
                # Module and name: PlanList is a list of hazards, projects and emergency alike.
                f"{type(self).__module__}.{type(self).__qualname__}",
                self.membership.role,
                str(version),
                str(community_version),
                timezone.localdate().isoformat(),
                translation.get_language() or "",
                querystring,
            )
        )


def _accepts_community(filterset_class):
    return getattr(filterset_class, "takes_community", False)


class CommunityDetailView(CommunityMixin, generic.DetailView):
    template_name = "generic/detail.html"
    detail_fields = None  # field names shown by the generic template; None = all concrete fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.can_edit_object(self.object)
        context["title"] = str(self.object)
        context["fields"] = self.field_rows(self.object)
        return context

    def field_rows(self, obj):
        rows = []
        names = self.detail_fields or [
            f.name for f in obj._meta.concrete_fields if f.name not in ("id", "community")
        ]
        for name in names:
            field = obj._meta.get_field(name)
            if field.many_to_many:
                value = ", ".join(str(v) for v in getattr(obj, name).all())
            elif getattr(field, "choices", None):
                value = getattr(obj, f"get_{name}_display")()
            else:
                value = getattr(obj, name)
            if isinstance(value, datetime.datetime):
                value = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
            rows.append((field.verbose_name, value))
        return rows


def display_value(value):
    """A detail row's value written plainly: yes/no, local date and time, a Decimal without
    trailing zeros (4000.00 → "4000"); anything else as it is."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


class DetailFieldsMixin:
    """For a CommunityDetailView: detail rows without empty values, each written plainly."""

    def field_rows(self, obj):
        return [
            (label, display_value(value))
            for label, value in super().field_rows(obj)
            if value is not None and value != ""
        ]


class CommunityFormMixin:
    requires_edit = True
    template_name = "generic/form.html"
    success_message = gettext_lazy("已保存。")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["community"] = self.community
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.form_title()
        return context

    def form_title(self):
        name = self.model._meta.verbose_name
        obj = getattr(self, "object", None)
        return (
            _("编辑%(name)s") % {"name": name}
            if obj and obj.pk
            else _("新建%(name)s") % {"name": name}
        )

    def form_valid(self, form):
        if hasattr(form.instance, "community_id"):
            form.instance.community = self.community
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


class FormPageMixin:
    """A form on the app's own page (the view names ``template_name``): "cancel" goes back to
    the record, or on create to ``cancel_url_name`` (the list)."""

    cancel_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url_name"] = self.cancel_url_name
        return context


class GroupFormMixin:
    """Pass the membership to a ``safecommunity.forms.GroupScopedForm``, so a leader files
    records under the groups they lead only."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.membership
        return kwargs


class CreatorMixin:
    """Stamp the creating user on a new record (field name in ``creator_field``)."""

    creator_field = "created_by"

    def form_valid(self, form):
        if not form.instance.pk:
            setattr(form.instance, self.creator_field, self.request.user)
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


class EditableRowsMixin:
    """For a list of group-owned records: mark each row ``row.editable`` for the per-row
    buttons, with one query for the leader's groups rather than a permission lookup per row."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = editable_group_ids(self.membership)
        context["editable_group_ids"] = ids
        for row in context["object_list"]:
            row.editable = self.membership.role in self.edit_roles and (
                ids is None or row.working_group_id in ids
            )
        return context


class CommunityCreateView(CommunityFormMixin, CommunityMixin, generic.CreateView):
    def get_initial(self):
        return super().get_initial()


class CommunityUpdateView(CommunityFormMixin, CommunityMixin, generic.UpdateView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.can_edit_object(obj):
            raise PermissionDenied
        return obj


class CommunityDeleteView(CommunityMixin, generic.DeleteView):
    requires_edit = True
    template_name = "generic/confirm_delete.html"
    success_url_name = None

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.can_edit_object(obj):
            raise PermissionDenied
        return obj

    def get_success_url(self):
        return reverse(self.success_url_name, kwargs={"community": self.community.slug})

    def form_valid(self, form):
        self.object.delete()
        messages.success(self.request, _("已删除。"))
        return HttpResponseRedirect(self.get_success_url())

    def post(self, request, *args, **kwargs):
        # Wraps post, not form_valid, so a subclass's own form_valid (a service) is covered too.
        try:
            return super().post(request, *args, **kwargs)
        except (ProtectedError, RestrictedError) as exc:
            return self.still_in_use(exc)

    SHOW_USERS = 20

    def still_in_use(self, exc):
        """409 Conflict with a page naming the records that still use the object: nothing was
        deleted (so not a 2xx), the request is fine but clashes with the data as it is now, and
        the user sees what to change first."""
        used_by = sorted(
            getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ()),
            key=lambda obj: (obj._meta.verbose_name, str(obj)),
        )
        rows = []
        for obj in used_by[: self.SHOW_USERS]:
            if getattr(obj, "community_id", None) == self.community.pk:
                obj.community = self.community  # get_absolute_url needs the slug
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            rows.append((obj._meta.verbose_name, str(obj), url))
        context = {
            "community": self.community,
            "membership": self.membership,
            "object": self.object,
            "used_by": rows,
            "more": max(len(used_by) - self.SHOW_USERS, 0),
        }
        return render(self.request, "generic/delete_protected.html", context, status=409)
