"""The region pages for county and province reviewers: their regions, and each region's
communities ranked by readiness, with drill-down into each community's own (read-only) pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import RedirectView, TemplateView

from committee.models import Community, Region
from committee.regions import code_path, communities_under
from safecommunity.tenancy import READ_ROLES, CommunityMixin, assigned_regions, reviews_region

from .. import ranking

# A province ranks a thousand communities: rendering them all would cost more than computing
# the figures (about 0.7 s for 1,000 rows on the 2-core machine); the order is over all of them.
RANKING_PAGE = 100

COLUMNS = [
    # sort key, header
    ("name", gettext_noop("社区")),
    ("coverage", gettext_noop("要素覆盖")),
    ("overdue", gettext_noop("逾期整改")),
    ("gaps", gettext_noop("伤害漏报月数")),
    ("score", gettext_noop("最近自评得分")),
]


def _sort(request):
    sort = request.GET.get("sort", ranking.DEFAULT_SORT)
    return sort if sort.removeprefix("-") in ranking.SORTS else ranking.DEFAULT_SORT


def _columns(sort):
    """Header links: a click sorts by the column, a second click reverses."""
    return [
        {
            "key": key,
            "label": _(label),
            "active": sort.removeprefix("-") == key,
            "descending": sort == f"-{key}",
            "next": f"-{key}" if sort == key else key,
        }
        for key, label in COLUMNS
    ]


class RegionIndex(LoginRequiredMixin, TemplateView):
    """The user's regions; and the communities he reads through memberships, ranked the same way."""

    template_name = "archive/region_index.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        self.regions = (
            list(Region.objects.filter(parent=None))
            if user.is_superuser
            else assigned_regions(user)
        )
        self.member_of = Community.objects.filter(
            memberships__user=user, memberships__role__in=READ_ROLES
        )
        if len(self.regions) == 1 and not self.member_of.exists():
            return redirect(self.regions[0].get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = _sort(self.request)
        codes = list(
            Community.objects.filter(region__isnull=False).values_list("region__code", flat=True)
        )
        regions = [
            (region, sum(1 for code in codes if code.startswith(region.prefix)))
            for region in self.regions
        ]
        context.update(
            title=_("区域总览"),
            regions=regions,
            rows=ranking.rank_communities(self.member_of, today=timezone.localdate(), sort=sort),
            columns=_columns(sort),
            sort=sort,
        )
        return context


class RegionDetail(LoginRequiredMixin, TemplateView):
    """One region's communities (its sub-regions included), ranked by readiness."""

    template_name = "archive/region_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = get_object_or_404(Region, code=kwargs["code"])
        if not reviews_region(request.user, self.region):
            raise Http404  # as for communities: we do not confirm what we hide
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = _sort(self.request)
        rows = ranking.rank_communities(
            communities_under(self.region), today=timezone.localdate(), sort=sort
        )
        children = [
            (child, sum(1 for row in rows if child.contains(row.community.region)))
            for child in self.region.children.all()
        ]
        page = Paginator(rows, RANKING_PAGE).get_page(self.request.GET.get("page"))
        ancestors = Region.objects.filter(
            code__in=[code for code, _level in code_path(self.region.code)[:-1]]
        )
        context.update(
            title=str(self.region),
            region=self.region,
            ancestors=[a for a in ancestors if reviews_region(self.request.user, a)],
            children=[(child, n) for child, n in children if n],
            rows=page.object_list,
            page_obj=page,
            total=len(rows),
            querystring=f"sort={sort}",
            columns=_columns(sort),
            sort=sort,
            months=ranking.REPORTING_MONTHS,
        )
        return context


class RegionRedirect(CommunityMixin, RedirectView):
    """The former overview under /c/<slug>/archive/region/: now the top-level region pages."""

    pattern_name = "regions:index"
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs):
        return super().get_redirect_url()
