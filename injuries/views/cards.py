"""Injury cards: list, detail, entry (phone-friendly), edit, delete.

Reporters see and edit only the cards they entered (others' answer 404, since the queryset is
scoped); office staff see everything with personal data; every other role reads with personal
data masked on the server.
"""

from django.contrib import messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.choices import Role
from safecommunity.offline import OfflineCreateMixin, VersionCheckMixin
from safecommunity.tenancy import ALL_ROLES, OFFICE_ONLY
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
)

from .. import selectors, services
from ..filters import CardFilter
from ..forms import CARD_SECTIONS, InjuryCardForm
from ..models import PERSONAL_FIELDS, InjuryCard

CARD_EDIT_ROLES = frozenset({Role.OFFICE, Role.REPORTER})
CARD_SEARCH_FIELDS = ("card_no", "diagnosis", "narrative", "address", "name", "phone")


def shows_personal(membership, card=None):
    """Office staff see personal data; a reporter sees it on the cards he entered."""
    if membership.role == Role.OFFICE:
        return True
    if membership.role == Role.REPORTER:
        if card is None:
            return True  # his list holds only his own cards
        user_id = membership.user_id
        return user_id in (card.reporter_id, card.created_by_id)
    return False


def personal_value(card, name, show):
    value = getattr(card, name)
    if show or not value:
        return value
    masked = getattr(card, f"masked_{name}", None)
    return masked if masked is not None else _("（已隐藏）")


class CardMixin:
    model = InjuryCard
    view_roles = ALL_ROLES
    edit_roles = CARD_EDIT_ROLES

    def get_queryset(self):
        return selectors.card_detail_queryset(self.community, self.membership)

    def can_edit_object(self, obj):
        # The queryset already limits a reporter to his own cards.
        return self.membership.role in self.edit_roles


class CardList(CommunityListView):
    model = InjuryCard
    view_roles = ALL_ROLES
    edit_roles = CARD_EDIT_ROLES
    template_name = "injuries/card_list.html"
    filterset_class = CardFilter
    create_url_name = "injuries:card_create"

    @property
    def search_fields(self):
        # The detail page's rule: a field it masks (PERSONAL_FIELDS) is searched only by those
        # who may see it, or a search would tell which card has a given address.
        show = shows_personal(self.membership)
        return tuple(f for f in CARD_SEARCH_FIELDS if show or f not in PERSONAL_FIELDS)

    def base_queryset(self):
        return selectors.card_list(self.community, self.membership).select_related("community")

    def cached_count_name(self):
        # A reporter sees his own cards only; everyone else all of them.
        return "injuries-card-count" if self.unfiltered() and self.role != Role.REPORTER else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = (
            _("我填报的伤害监测报告卡") if self.role == Role.REPORTER else _("伤害监测报告卡")
        )
        context["show_personal"] = shows_personal(self.membership)
        context["is_office"] = self.role == Role.OFFICE
        context["is_reporter"] = self.role == Role.REPORTER
        return context


class CardDetail(CardMixin, CommunityDetailView):
    template_name = "injuries/card_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card = self.object
        show = shows_personal(self.membership, card)
        sections = []
        for title, names in CARD_SECTIONS:
            rows = []
            for name in names:
                field = InjuryCard._meta.get_field(name)
                if name in PERSONAL_FIELDS:
                    value = personal_value(card, name, show)
                elif getattr(field, "choices", None):
                    value = getattr(card, f"get_{name}_display")()
                elif isinstance(field, models.DateTimeField) and getattr(card, name):
                    value = f"{timezone.localtime(getattr(card, name)):%Y-%m-%d %H:%M}"
                else:
                    value = getattr(card, name)
                rows.append((field.verbose_name, value))
            sections.append((title, rows))
        sections[0][1].append((_("填报账号"), card.reporter or ""))
        age_group = InjuryCard._meta.get_field("age_group").verbose_name
        sections[1][1].insert(2, (age_group, card.get_age_group_display()))
        context["sections"] = sections
        context["show_personal"] = show
        context["duplicates"] = []
        if card.is_duplicate:
            visible = selectors.visible_cards(self.community, self.membership).values("pk")
            context["duplicates"] = list(services.duplicates_of(card).filter(pk__in=visible)[:5])
        slug = self.community.slug
        context["edit_url"] = reverse(
            "injuries:card_update", kwargs={"community": slug, "pk": card.pk}
        )
        if self.role in OFFICE_ONLY:
            context["delete_url"] = reverse(
                "injuries:card_delete", kwargs={"community": slug, "pk": card.pk}
            )
        return context


class CardFormMixin:
    form_class = InjuryCardForm
    template_name = "injuries/card_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.membership
        return kwargs

    def form_valid(self, form):
        card = form.instance
        card.community = self.community
        if card.pk is None and card.reporter_id is None:
            card.reporter = self.request.user
        services.save_card(card, user=self.request.user)
        self.object = card
        if card.is_duplicate:
            messages.warning(
                self.request,
                _("已保存。注意：该卡片与已有卡片疑似重复（同一人、同一地点、1 小时内），请核对。"),
            )
        else:
            messages.success(self.request, _("已保存。"))
        if "save_another" in self.request.POST:
            return HttpResponseRedirect(
                reverse("injuries:card_create", kwargs={"community": self.community.slug})
            )
        return HttpResponseRedirect(card.get_absolute_url())


class CardCreate(OfflineCreateMixin, CardFormMixin, CommunityCreateView):
    model = InjuryCard
    view_roles = ALL_ROLES
    edit_roles = CARD_EDIT_ROLES

    def form_title(self):
        return _("填报伤害监测报告卡")


class CardUpdate(VersionCheckMixin, CardFormMixin, CardMixin, CommunityUpdateView):
    def form_title(self):
        return _("编辑伤害监测报告卡 %(no)s") % {"no": self.object.number}


class CardDelete(CardMixin, CommunityDeleteView):
    edit_roles = OFFICE_ONLY
    success_url_name = "injuries:card_list"

    def can_edit_object(self, obj):
        return self.membership.role == Role.OFFICE
