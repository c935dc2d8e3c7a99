"""Reads of the archive app, scoped by community and carrying their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from committee.choices import Role

from .models import (
    Document,
    DocumentElement,
    DossierBuild,
    ManagementReview,
    Report,
    ReviewDecision,
)

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from committee.models import Community, Membership


def documents(community: Community, membership: Membership | None = None) -> QuerySet[Document]:
    """Documents of the community a member may see: personal ones only for the office."""
    queryset = (
        Document.objects.filter(community=community)
        .select_related("community", "working_group", "content_type")
        .prefetch_related(
            Prefetch("element_links", queryset=DocumentElement.objects.order_by("element"))
        )
    )
    if membership is None or membership.role != Role.OFFICE:
        queryset = queryset.unrestricted()
    return queryset


def attachments_of(record: Model, membership: Membership | None = None) -> QuerySet[Document]:
    """The documents attached to one record (any model), within the record's community."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(record)
    return documents(record.community, membership).filter(
        content_type=content_type, object_id=record.pk
    )


def element_counts(community: Community, membership: Membership | None = None) -> dict[int, int]:
    """{element: number of (visible) documents}."""
    return dict(
        DocumentElement.objects.filter(document__in=documents(community, membership).values("pk"))
        .values_list("element")
        .annotate(n=Count("id"))
    )


def reports(community: Community) -> QuerySet[Report]:
    return Report.objects.filter(community=community).select_related(
        "community", "document__community"
    )


def reviews(community: Community) -> QuerySet[ManagementReview]:
    return (
        ManagementReview.objects.filter(community=community)
        .select_related("community")
        .annotate(
            decision_count=Count("decisions", distinct=True),
            action_count=Count(
                "decisions", filter=Q(decisions__action_id__isnull=False), distinct=True
            ),
        )
        .order_by("-date", "-id")
    )


def review_decisions(review: ManagementReview) -> QuerySet[ReviewDecision]:
    return ReviewDecision.objects.filter(review=review).select_related("action_type")


def dossier_builds(community: Community) -> QuerySet[DossierBuild]:
    return DossierBuild.objects.filter(community=community).select_related("requested_by")
