"""Real emergency responses, with the accidents and injury cards they produced."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    CreatorMixin,
    DetailFieldsMixin,
)

from .. import selectors
from ..filters import ResponseFilter
from ..forms import ResponseForm
from ..models import EmergencyResponse


class ResponseList(CommunityListView):
    model = EmergencyResponse
    template_name = "emergency/response_list.html"
    filterset_class = ResponseFilter
    search_fields = ("title", "place", "description", "actions_taken")
    create_url_name = "emergency:response_create"
    title = gettext_lazy("应急响应记录")

    def base_queryset(self):
        return selectors.response_list(self.community)


class ResponseDetail(DetailFieldsMixin, CommunityDetailView):
    model = EmergencyResponse
    template_name = "emergency/response_detail.html"
    detail_fields = [
        "category",
        "emergency_type",
        "response_level",
        "plan",
        "occurred_at",
        "ended_at",
        "place",
        "commander",
        "evacuated",
        "description",
        "actions_taken",
        "outcome",
        "lessons",
    ]

    def get_queryset(self):
        return selectors.responses(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = self.object
        slug = self.community.slug
        accidents = list(response.accidents.select_related("community").order_by("occurred_at"))
        context.update(
            teams=response.teams.all(),
            accidents=accidents,
            cards=list(selectors.response_cards(response)),
            deaths=sum(a.deaths for a in accidents),
            injured=sum(a.injured for a in accidents),
        )
        if context["can_edit"]:
            context["edit_url"] = reverse("emergency:response_update", args=[slug, response.pk])
            context["delete_url"] = reverse("emergency:response_delete", args=[slug, response.pk])
        return context


class ResponseCreate(AttachmentsOnCreateMixin, CreatorMixin, CommunityCreateView):
    model = EmergencyResponse
    form_class = ResponseForm


class ResponseUpdate(CommunityUpdateView):
    model = EmergencyResponse
    form_class = ResponseForm


class ResponseDelete(CommunityDeleteView):
    model = EmergencyResponse
    success_url_name = "emergency:response_list"
