"""Community scoping and role checks shared by every app.

Rules (DESIGN.md, "Tenancy and roles"):
- every community page lives under /c/<slug>/ and needs a Membership in that community,
  otherwise 404 (we do not confirm that a community we hide exists);
- an object of another community answers 404, a forbidden action 403;
- leaders change what belongs to their own working groups: the guardian object permission
  ``committee.change_workinggroup`` on the group, granted by ``committee.services``;
- a region reviewer (``committee.RegionReviewer``) reads every community in the region and below
  it as a ``Role.REVIEWER``, with no Membership row: ``get_membership`` synthesises one.

Core names no domain app: the tenant models are the ones settings name (``COMMUNITY_MODEL``,
``MEMBERSHIP_MODEL``, ``REGION_REVIEWER_MODEL``, as ``AUTH_USER_MODEL`` names the user model).
"""

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils.functional import cached_property
from guardian.shortcuts import get_objects_for_user

from .models import version_annotations
from .roles import Role

READ_ROLES = frozenset({Role.OFFICE, Role.MEMBER, Role.LEADER, Role.GROUP_MEMBER, Role.REVIEWER})
ALL_ROLES = READ_ROLES | {Role.REPORTER}
OFFICE_ONLY = frozenset({Role.OFFICE})
OFFICE_AND_LEADERS = frozenset({Role.OFFICE, Role.LEADER})


def community_model():
    """The tenant model (``settings.COMMUNITY_MODEL``)."""
    return apps.get_model(settings.COMMUNITY_MODEL)


def membership_model():
    """A user's role in a community (``settings.MEMBERSHIP_MODEL``)."""
    return apps.get_model(settings.MEMBERSHIP_MODEL)


def working_group_model():
    """A working group of a community's committee (``settings.WORKING_GROUP_MODEL``)."""
    return apps.get_model(settings.WORKING_GROUP_MODEL)


def group_permission():
    """The guardian object permission a group's leaders hold: change that working group."""
    meta = working_group_model()._meta
    return f"{meta.app_label}.change_{meta.model_name}"


def region_reviewer_model():
    """A reviewer's assignment to a region (``settings.REGION_REVIEWER_MODEL``)."""
    return apps.get_model(settings.REGION_REVIEWER_MODEL)


def region_flag_key(user_id):
    """Cache key of "does this user review any region" (``has_region_assignments``)."""
    return f"region-reviewer:{user_id}"


# A region is at most four levels deep (province → city → county → town), and a community's
# region is one of them, so "under a reviewed region" is one of four parent steps.
REGION_DEPTH = 4


def in_reviewed_regions(user):
    """Q on Community: its region is, or lies below, a region the user is assigned to review.

    One subquery, no query of its own, so it can be OR-ed into any community queryset.
    """
    assigned = region_reviewer_model().objects.filter(user=user).values("region_id")
    condition = Q()
    path = "region"
    for _level in range(REGION_DEPTH):
        condition |= Q(**{f"{path}__in": assigned})
        path += "__parent"
    return condition


def reviews_community(user, community):
    """True if a region assignment gives the user read access to the community.

    One query per community and request: the answer is kept on the user object, which lives for
    one request (``request.user``).
    """
    answers = getattr(user, "_reviewed_community_ids", None)
    if answers is None:
        answers = user._reviewed_community_ids = {}
    if community.pk not in answers:
        answers[community.pk] = (
            community_model().objects.filter(in_reviewed_regions(user), pk=community.pk).exists()
        )
    return answers[community.pk]


def assigned_regions(user):
    """The regions the user is assigned to review (one query per request, kept on the user)."""
    if getattr(user, "_assigned_regions", None) is None:
        user._assigned_regions = [
            assignment.region
            for assignment in region_reviewer_model()
            .objects.filter(user=user)
            .select_related("region")
        ]
    return user._assigned_regions


def reviews_region(user, region):
    """May the user open the region's ranking page? Superusers, and reviewers of it or above."""
    if user.is_superuser:
        return True
    return any(assigned.contains(region) for assigned in assigned_regions(user))


def get_membership(user, community):
    """The user's membership in the community, or None.

    Superusers act as office staff; a reviewer of a region holding the community gets an unsaved
    ``Role.REVIEWER`` membership (read-only everywhere). A Membership row, when there is one,
    wins: a reviewer may also be, say, office staff of a street in his county.
    """
    if not user.is_authenticated:
        return None
    if getattr(community, "_membership_of", None) == user.pk:
        membership = _annotated_membership(user, community)  # loaded with the community
    else:
        membership = (
            membership_model().objects.filter(user=user, community=community).order_by().first()
        )
    if membership is None and user.is_superuser:
        membership = membership_model()(user=user, community=community, role=Role.OFFICE)
    elif membership is None and reviews_community(user, community):
        membership = membership_model()(user=user, community=community, role=Role.REVIEWER)
    return membership


def membership_annotations(user):
    """Annotations for a Community queryset that carry the user's Membership row in it (id and
    role, None without one), so the request's community and membership are one query."""
    rows = membership_model().objects.filter(user=user, community=OuterRef("pk")).order_by()
    return {
        "_membership_id": Subquery(rows.values("pk")[:1]),
        "_membership_role": Subquery(rows.values("role")[:1]),
    }


def _annotated_membership(user, community):
    """The Membership that ``membership_annotations`` loaded with the community, or None.

    Built as the ORM builds a row (``from_db``), with the other fields deferred: saving it
    updates only id, user, community and role; reading another field loads it.
    """
    if community._membership_id is None:
        return None
    Membership = membership_model()
    membership = Membership.from_db(
        community._state.db,
        ["id", "user_id", "community_id", "role"],
        [community._membership_id, user.pk, community.pk, community._membership_role],
    )
    membership.user = user
    membership.community = community
    return membership


class _Slot(str):
    """A parameter of ``_community_query``'s SQL filled in per request."""


_SLUG, _USER = _Slot("slug"), _Slot("user")


@functools.cache
def _community_query(authenticated, vendor):
    """``resolve_community``'s query as SQL and its parameters (``_SLUG`` and ``_USER`` where the
    request's slug and user go), compiled once per process: building and compiling the
    annotated queryset cost about 2 ms of every community page, the query itself 0.1 ms."""
    queryset = community_model().objects.annotate(**version_annotations())
    if authenticated:
        queryset = queryset.annotate(**membership_annotations(_USER_PK))
    sql, params = queryset.filter(slug=_SLUG_VALUE).query.sql_with_params()
    slots = {_SLUG_VALUE: _SLUG, _USER_PK: _USER}
    return sql, tuple(slots.get(param, param) for param in params)


# Stand-ins compiled into the query, each found again among its parameters by value.
_SLUG_VALUE = "\x00community-slug"
_USER_PK = -7_340_993_281


def resolve_community(request, slug):
    """Attach community and membership to the request, or 404 for a non-member.

    One query: the community with its data versions (so cached summaries cost no query of their
    own) and the user's membership row in it.
    """
    user = request.user
    sql, slots = _community_query(user.is_authenticated, connection.vendor)
    values = {"slug": slug, "user": user.pk}
    params = [values[param] if isinstance(param, _Slot) else param for param in slots]
    community = next(iter(community_model().objects.raw(sql, params)), None)
    if community is None:
        raise Http404
    if user.is_authenticated:
        community._membership_of = user.pk
    membership = get_membership(user, community)
    if membership is None:
        raise Http404
    request.community = community
    request.membership = membership
    return community, membership


def leads_group(user, group):
    """True if the user holds the guardian object permission to change the working group
    (``committee.change_workinggroup``, granted to its leaders by ``committee.services``)."""
    if group is None:
        return False
    return user.has_perm(group_permission(), group)


def led_groups(user, community):
    """The community's working groups the user leads: those on which they hold the guardian
    permission (granted to the groups' active leaders and deputies by ``committee.services``),
    whatever their role in the community. The one rule behind "my groups" lists and filters and
    behind a leader's ``editable_groups``."""
    groups = working_group_model().objects.filter(community=community)
    return get_objects_for_user(user, group_permission(), klass=groups, accept_global_perms=False)


def editable_groups(membership):
    """The community's working groups whose records this member may change, and so file new
    records under: all of them for the office; for a leader the groups on which they hold the
    guardian permission (the very check ``can_edit`` makes afterwards); none for anybody else."""
    WorkingGroup = working_group_model()
    if membership is None:
        return WorkingGroup.objects.none()
    groups = WorkingGroup.objects.filter(community=membership.community)
    if membership.role == Role.OFFICE:
        return groups
    if membership.role != Role.LEADER:
        return groups.none()
    return led_groups(membership.user, membership.community)


def editable_group_ids(membership):
    """``editable_groups`` as a set of ids for marking many rows with one query; ``None`` means
    "all of them" (office staff)."""
    if membership is not None and membership.role == Role.OFFICE:
        return None
    return set(editable_groups(membership).values_list("pk", flat=True))


def can_edit(membership, obj=None, *, edit_roles=OFFICE_ONLY, group=None):
    """May this member change the object? Office edits anything in scope; a leader only what
    belongs to a group they lead (when ``LEADER`` is among the edit roles)."""
    if membership is None:
        return False
    if membership.role == Role.OFFICE:
        return Role.OFFICE in edit_roles
    if membership.role not in edit_roles:
        return False
    if membership.role == Role.LEADER and obj is not None:
        return leads_group(membership.user, group)
    return True


def user_communities(user):
    """Every community the user may open: memberships and reviewed regions (one query)."""
    if user.is_superuser:
        return community_model().objects.all()
    member_of = membership_model().objects.filter(user=user).values("community_id")
    return community_model().objects.filter(Q(pk__in=member_of) | in_reviewed_regions(user))


def has_region_assignments(user):
    """Does the user review any region (for the link to the region pages)?

    Asked on every page by the navigation, so cached; ``committee.models`` forgets the answer
    when an assignment is saved or deleted. Access checks never use this flag.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    key = region_flag_key(user.pk)
    flag = cache.get(key)
    if flag is None:
        flag = region_reviewer_model().objects.filter(user=user).exists()
        cache.set(key, flag, 600)
    return flag


class CommunityMixin(LoginRequiredMixin):
    """Scope a class-based view to /c/<community>/ and check the member's role.

    ``view_roles`` may open the page; ``edit_roles`` may change records. Querysets are filtered by
    community, so a foreign object's pk yields 404.
    """

    view_roles = READ_ROLES
    edit_roles = OFFICE_ONLY
    requires_edit = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.community, self.membership = resolve_community(request, kwargs["community"])
        allowed = self.edit_roles if self.requires_edit else self.view_roles
        if self.membership.role not in allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def role(self):
        return self.membership.role

    def scope(self, queryset):
        return queryset.filter(community=self.community)

    def get_queryset(self):
        return self.scope(super().get_queryset())

    def owner_group(self, obj):
        """The working group that owns obj, for leaders' object permissions. Override per model."""
        return getattr(obj, "working_group", None)

    def can_edit_object(self, obj):
        return can_edit(
            self.membership, obj, edit_roles=self.edit_roles, group=self.owner_group(obj)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["community"] = self.community
        context["membership"] = self.membership
        context["can_create"] = self.membership.role in self.edit_roles
        return context
