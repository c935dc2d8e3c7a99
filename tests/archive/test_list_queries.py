"""List pages: the number of queries does not grow with the number of rows (1 vs 50)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from committee.models import Meeting

from .factories import (
    DecisionFactory,
    DocumentFactory,
    ImageDocumentFactory,
    ReportFactory,
    ReviewFactory,
)


def make_documents(community, count):
    meeting_type = ContentType.objects.get_for_model(Meeting)
    for index in range(count):
        factory = ImageDocumentFactory if index % 2 else DocumentFactory
        factory(
            community=community,
            elements=sorted({1 + index % 12, 10}),
            tags="演练 照片",
            content_type=meeting_type if index % 3 == 0 else None,
            object_id=index + 1 if index % 3 == 0 else None,
        )


def make_reports(community, count):
    for index in range(count):
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * index)
        ReportFactory(
            community=community,
            period_start=start,
            period_end=start + datetime.timedelta(days=27),
            document=DocumentFactory(community=community, elements=[12]),
        )


def make_reviews(community, count):
    for _ in range(count):
        DecisionFactory(review=ReviewFactory(community=community))


@pytest.mark.parametrize(
    ("name", "maker", "bound"),
    [
        ("document_list", make_documents, 14),
        ("report_list", make_reports, 12),
        ("review_list", make_reviews, 12),
    ],
)
@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_is_flat(cast, django_assert_max_num_queries, name, maker, bound, rows):
    maker(cast.community, rows)
    client = cast.client_for("office")
    url = reverse(f"archive:{name}", args=[cast.community.slug])
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(rows, 25)
