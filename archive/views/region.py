"""Region overview for reviewers attached to several communities (county, province): read-only."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from committee.models import Community
from safecommunity.elements import Element
from safecommunity.tenancy import READ_ROLES, CommunityMixin

from ..choices import JobState, ReportKind
from ..models import Report
from ..services import assessment as services
from ..services.assessment import latest_assessment


def current_phase(community):
    """The phase under way: the latest started and not finished, else the latest finished."""
    phases = sorted(community.phases.all(), key=lambda p: p.phase)
    started = [p for p in phases if p.actual_start and not p.actual_end]
    if started:
        return started[-1]
    finished = [p for p in phases if p.actual_end]
    return finished[-1] if finished else None


class RegionView(CommunityMixin, TemplateView):
    """Every community the user belongs to: phase, readiness per element, injuries, overdue, last report."""

    template_name = "archive/region.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        communities = (
            Community.objects.all()
            if user.is_superuser
            else Community.objects.filter(memberships__user=user, memberships__role__in=READ_ROLES)
        )
        communities = communities.distinct().prefetch_related("phases").order_by("name")
        rows = []
        for community in communities:
            assessment = latest_assessment(community)
            readiness = services.readiness(
                community, services.assessment_result(assessment) if assessment else None
            )
            monthly = list(
                Report.objects.filter(
                    community=community, kind=ReportKind.MONTHLY, state=JobState.DONE
                ).order_by("-period_end")[:3]
            )
            last = (
                Report.objects.filter(community=community, state=JobState.DONE)
                .order_by("-generated_at")
                .first()
            )
            headline = monthly[0].summary.get("headline", {}) if monthly else {}
            rows.append(
                {
                    "community": community,
                    "phase": current_phase(community),
                    "readiness": readiness,
                    "ready": sum(1 for r in readiness if r.state == "ready"),
                    "injuries": [
                        (r.period_label, r.summary.get("headline", {}).get("injuries"))
                        for r in reversed(monthly)
                    ],
                    "injury_trend": _trend(
                        headline.get("injuries"), headline.get("injuries_previous")
                    ),
                    "overdue": headline.get("overdue"),
                    "last_report": last,
                }
            )
        context.update(title=_("区域总览"), rows=rows, elements=Element.values)
        return context


def _trend(current, previous):
    if current is None or previous in (None, 0):
        return None
    return round((current - previous) / previous * 100, 1)
