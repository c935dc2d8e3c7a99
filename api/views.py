"""The REST API, /api/v1/ (docs/api.md). Every queryset starts from the token's community, and
for a unit token from its unit: a foreign object answers 404, as on the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from archive import ranking
from committee.models import Region
from hazards import selectors as hazard_selectors
from hazards.models import HiddenDanger, Inspection
from injuries import statistics
from injuries.forms import StatsFilterForm
from injuries.models import InjuryCard, ReportingUnit
from projects import selectors as project_selectors
from projects.models import Project, ProjectUpdate
from safecommunity.evidence import Period

from . import aggregates
from . import serializers as s
from .filters import CardFilter, DangerFilter, InspectionFilter, ProjectFilter, ProjectUpdateFilter
from .models import ApiCall, ApiToken
from .permissions import CommunityToken, RegionToken
from .schema import ApiSchema
from .services import MAX_BATCH, CardBatch, idempotent

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A client-chosen id (at most 100 characters): resending the same request with "
    "it returns the first answer, with its status, and writes nothing again.",
)


class Audited:
    """Every call made with a token is kept (``ApiCall``), reads included, refusals too.

    Also the schema of every endpoint: ``ApiSchema`` documents the refusals (401, 403, …)."""

    schema = ApiSchema()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            ApiCall.objects.create(
                token=token,
                method=request.method,
                path=request.get_full_path()[:200],
                status_code=response.status_code,
            )
        return response


def _fake(view):
    return getattr(view, "swagger_fake_view", False)  # drf-spectacular building the schema


class InjuryCardViewSet(
    Audited, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Injury cards (全国伤害监测报告卡): a hospital token sees and submits its unit's only."""

    lookup_value_converter = "int"

    serializer_class = s.InjuryCardSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CardFilter

    def get_queryset(self):
        if _fake(self):
            return InjuryCard.objects.none()
        token = self.request.auth
        cards = InjuryCard.objects.filter(community=token.community)
        if token.reporting_unit_id is not None:
            cards = cards.filter(reporting_unit_id=token.reporting_unit_id)
        return cards.select_related("reporting_unit").order_by("-injury_at", "-pk")

    @extend_schema(
        request=s.CardInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: s.CreatedInjuryCardSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def create(self, request):
        """One card. Errors: {field: [message]}, in the words of the import."""

        def run():
            batch = CardBatch(request.auth, [request.data])
            if batch.problems:
                return Response(batch.problems[0]["errors"], status=400)
            (card,) = batch.save()
            data = dict(self.get_serializer(card).data)
            data["warnings"] = card.confirmed_warnings
            data["unknown_fields"] = batch.unknown
            return Response(data, status=201)

        return idempotent(request, run)

    @extend_schema(
        request=s.CardBatchInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: s.CardBatchResultSerializer, 400: s.CardBatchRefusalSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Up to 1,000 cards, all or nothing (as the import): with one bad item none is written,
        and the answer lists every bad item (its index from 0) with its errors."""

        def run():
            items = request.data.get("cards") if isinstance(request.data, dict) else None
            if not isinstance(items, list) or not items:
                return Response({"cards": [_("请提供报告卡列表（cards）。")]}, status=400)
            if len(items) > MAX_BATCH:
                return Response(
                    {"cards": [_("一次最多提交 %(max)d 张报告卡。") % {"max": MAX_BATCH}]},
                    status=400,
                )
            batch = CardBatch(request.auth, items)
            if batch.problems:
                return Response(
                    {"created": 0, "errors": batch.problems, "unknown_fields": batch.unknown},
                    status=400,
                )
            created = batch.save()
            return Response(
                {
                    "created": len(created),
                    "cards": [
                        {"id": c.pk, "number": c.number, "warnings": c.confirmed_warnings}
                        for c in created
                    ],
                    "unknown_fields": batch.unknown,
                },
                status=201,
            )

        return idempotent(request, run)


class ReportingUnitViewSet(Audited, viewsets.ReadOnlyModelViewSet):
    """Reporting units of the community (a hospital token: its own unit)."""

    lookup_value_converter = "int"

    serializer_class = s.ReportingUnitSerializer

    def get_queryset(self):
        if _fake(self):
            return ReportingUnit.objects.none()
        token = self.request.auth
        units = ReportingUnit.objects.filter(community=token.community)
        if token.reporting_unit_id is not None:
            units = units.filter(pk=token.reporting_unit_id)
        return units.order_by("kind", "name")


class HiddenDangerViewSet(Audited, viewsets.ReadOnlyModelViewSet):
    """Hidden dangers (隐患) and where their rectification stands. Community tokens only."""

    lookup_value_converter = "int"

    serializer_class = s.HiddenDangerSerializer
    permission_classes = [CommunityToken]
    filter_backends = [DjangoFilterBackend]
    filterset_class = DangerFilter

    def get_queryset(self):
        if _fake(self):
            return HiddenDanger.objects.none()
        return hazard_selectors.dangers(self.request.auth.community).order_by("-found_on", "-pk")


class InjuryStatisticsView(Audited, APIView):
    """The statistics page's figures and tables (the same computation), for a period and the
    page's filters; without dates, the page's default (the last twelve months)."""

    permission_classes = [CommunityToken]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("safety_area", OpenApiTypes.STR),
            OpenApiParameter("sex", OpenApiTypes.STR),
            OpenApiParameter("age_group", OpenApiTypes.STR),
            OpenApiParameter("residence", OpenApiTypes.STR),
            OpenApiParameter("reporting_unit", OpenApiTypes.INT),
        ],
        responses={200: s.StatisticsSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def get(self, request):
        community = request.auth.community
        form = StatsFilterForm(request.query_params or None, community=community)
        if form.is_bound and not form.is_valid():
            return Response(form.errors, status=400)
        start, end, filters = form.criteria()
        stats = statistics.cached_compute(community, Period(start, end), **filters)
        return Response(
            {
                "start": start,
                "end": end,
                "total": stats.total,
                "figures": stats.figures,
                "tables": {
                    key: {
                        "title": str(t.title),
                        "headers": [str(h) for h in t.headers],
                        "rows": [
                            [c if isinstance(c, int | float) or c is None else str(c) for c in row]
                            for row in t.rows
                        ],
                        "note": str(t.note),
                    }
                    for key, t in stats.tables.items()
                },
            }
        )


class InspectionViewSet(Audited, viewsets.ReadOnlyModelViewSet):
    """Safety inspections (安全检查) with their checklist and the hidden dangers they found.
    Community tokens only."""

    lookup_value_converter = "int"

    serializer_class = s.InspectionSerializer
    permission_classes = [CommunityToken]
    filter_backends = [DjangoFilterBackend]
    filterset_class = InspectionFilter

    def get_queryset(self):
        if _fake(self):
            return Inspection.objects.none()
        return (
            hazard_selectors.inspections(self.request.auth.community)
            .prefetch_related("items")
            .order_by("-date", "-pk")
        )


class ProjectViewSet(Audited, viewsets.ReadOnlyModelViewSet):
    """Safety promotion projects (安全促进项目) and their progress. Community tokens only; the
    progress updates are ``/project-updates/?project=<id>``."""

    lookup_value_converter = "int"

    serializer_class = s.ProjectSerializer
    permission_classes = [CommunityToken]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter

    def get_queryset(self):
        if _fake(self):
            return Project.objects.none()
        return project_selectors.projects(self.request.auth.community).order_by(
            "-start_date", "-pk"
        )


class ProjectUpdateViewSet(Audited, viewsets.ReadOnlyModelViewSet):
    """Progress updates (项目进展) of the community's projects, newest first. Community tokens
    only."""

    lookup_value_converter = "int"

    serializer_class = s.ProjectUpdateSerializer
    permission_classes = [CommunityToken]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectUpdateFilter

    def get_queryset(self):
        if _fake(self):
            return ProjectUpdate.objects.none()
        return project_selectors.updates(self.request.auth.community).order_by("-date", "-pk")


class ReadinessView(Audited, APIView):
    """Accreditation readiness per element (the assessment overview page's): the evidence the
    system holds, the gaps, the documents, and the latest self-assessment."""

    permission_classes = [CommunityToken]

    @extend_schema(responses={200: s.ReadinessSerializer})
    def get(self, request):
        return Response(s.ReadinessSerializer(aggregates.readiness(request.auth.community)).data)


class SelfAssessmentView(Audited, APIView):
    """The latest self-assessment's score, per first-level indicator and in total, with the
    verdict (as the assessment page computes it)."""

    permission_classes = [CommunityToken]

    @extend_schema(responses={200: s.SelfAssessmentSerializer})
    def get(self, request):
        data = aggregates.self_assessment(request.auth.community)
        return Response(s.SelfAssessmentSerializer(data).data)


SORT_CHOICES = list(ranking.SORTS) + [f"-{key}" for key in ranking.SORTS]


class RegionFiguresView(Audited, APIView):
    """Per-community figures of a region (its sub-regions included), ranked as on the region
    page: element coverage, overdue rectifications, months without injury cards, the latest
    self-assessment. Region tokens only, for their region and the regions below it."""

    permission_classes = [RegionToken]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                enum=SORT_CHOICES,
                description="ranking order (default readiness); -key reverses",
            )
        ],
        responses={200: s.RegionFiguresSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def get(self, request, code):
        token = request.auth
        region = Region.objects.filter(code=code).first()
        if region is None or not token.region.contains(region):
            raise NotFound  # another region: not found, as on the region pages
        sort = request.query_params.get("sort", ranking.DEFAULT_SORT)
        if sort not in SORT_CHOICES:
            return Response({"sort": [_("未知的排序方式。")]}, status=400)
        data = aggregates.region_figures(region, today=timezone.localdate(), sort=sort)
        return Response(s.RegionFiguresSerializer(data).data)
