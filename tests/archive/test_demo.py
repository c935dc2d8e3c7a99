"""The demo seeder: small realistic data, and the large benchmark volume in bulk."""

import datetime
import random

from archive import demo
from archive.choices import JobState
from archive.models import Assessment, Document, ManagementReview, Report
from archive.services.assessment import assessment_result
from committee.models import WorkingGroup
from safecommunity.files import inspect_upload


def test_small_demo(cast):
    groups = list(WorkingGroup.objects.filter(community=cast.community))
    demo.seed(
        cast.community,
        users=cast.users,
        groups=groups,
        rng=random.Random(3),
        scale="small",
        today=datetime.date(2025, 11, 15),
    )
    documents = Document.objects.filter(community=cast.community)
    assert documents.count() == len(demo.DOCUMENTS) + 1  # plus the filed monthly report
    covered = set(documents.values_list("element_links__element", flat=True))
    assert covered == set(range(1, 13))
    # the demo files are real: they pass the same content checks as uploads
    for document in documents.filter(kind__in=["pdf", "image"])[:4]:
        with document.file.open("rb") as handle:
            assert inspect_upload(handle).kind == document.kind
    assert documents.exclude(thumbnail="").filter(kind="image").count() == sum(
        1 for d in demo.DOCUMENTS if d[2] == "image"
    )
    report = Report.objects.get(community=cast.community)
    assert report.state == JobState.DONE and report.period_start == datetime.date(2025, 10, 1)
    review = ManagementReview.objects.get(community=cast.community)
    assert review.decisions.count() == 3 and list(review.reports.all()) == [report]
    assert review.decisions.filter(action_id__isnull=False).count() == 3
    result = assessment_result(Assessment.objects.get(community=cast.community))
    assert result.complete and result.earned > 0


def test_large_volume_is_bulk_created(cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        demo.seed_large(
            cast.community, rng=random.Random(1), today=datetime.date(2025, 11, 15), count=300
        )
    assert Document.objects.filter(community=cast.community).count() == 300
    assert (
        Document.objects.filter(community=cast.community, element_links__isnull=True).count() == 0
    )
