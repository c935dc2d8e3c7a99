"""Every view of the archive × every role (+ an office user of another community)."""

import datetime

import pytest
from django.urls import reverse

from archive.choices import JobState
from archive.models import DossierBuild
from archive.services.assessment import start_assessment

from .factories import DocumentFactory, ImageDocumentFactory, ReportFactory, ReviewFactory

# county_reviewer reads through a region assignment (no membership row); region_outsider reviews
# the other community's county only.
ROLES = [
    "office",
    "member",
    "leader",
    "group_member",
    "reporter",
    "reviewer",
    "outsider",
    "county_reviewer",
    "region_outsider",
]
READ = {
    "office": 200,
    "member": 200,
    "leader": 200,
    "group_member": 200,
    "reporter": 403,
    "reviewer": 200,
    "outsider": 404,
    "county_reviewer": 200,
    "region_outsider": 404,
}
OFFICE_PAGE = {
    "office": 200,
    "member": 403,
    "leader": 403,
    "group_member": 403,
    "reporter": 403,
    "reviewer": 403,
    "outsider": 404,
    "county_reviewer": 403,
    "region_outsider": 404,
}
LEADER_PAGE = {**OFFICE_PAGE, "leader": 200}
OFFICE_POST = {**OFFICE_PAGE, "office": 302}


@pytest.fixture
def objects(cast):
    document = DocumentFactory(community=cast.community, working_group=cast.other_group)
    image = ImageDocumentFactory(community=cast.community)
    report = ReportFactory(community=cast.community, state=JobState.PENDING)
    review = ReviewFactory(community=cast.community)
    assessment = start_assessment(
        community=cast.community, title="自评", date=datetime.date(2025, 1, 1)
    )
    build = DossierBuild.objects.create(
        community=cast.community,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        state=JobState.RUNNING,
    )
    return {
        "document": document.pk,
        "image": image.pk,
        "report": report.pk,
        "review": review.pk,
        "assessment": assessment.pk,
        "build": build.pk,
    }


# (url name, args from objects, expected by role)
GETS = [
    ("document_list", [], READ),
    ("catalogue", [], READ),
    ("document_create", [], LEADER_PAGE),
    ("document_detail", ["document"], READ),
    (
        "document_update",
        ["document"],
        {**OFFICE_PAGE},
    ),  # the leader does not lead this document's group
    ("document_delete", ["document"], OFFICE_PAGE),
    ("document_download", ["document"], READ),
    ("document_thumbnail", ["image"], READ),
    ("report_list", [], READ),
    ("report_detail", ["report"], READ),
    ("report_status", ["report"], READ),
    ("review_list", [], READ),
    ("review_create", [], OFFICE_PAGE),
    ("review_detail", ["review"], READ),
    ("review_update", ["review"], OFFICE_PAGE),
    ("review_delete", ["review"], OFFICE_PAGE),
    ("assessment", [], READ),
    ("assessment_create", [], OFFICE_PAGE),
    ("assessment_detail", ["assessment"], READ),
    ("assessment_delete", ["assessment"], OFFICE_PAGE),
    ("dossier", [], READ),
    ("dossier_status", ["build"], READ),
    ("region", [], {**READ, **{role: 302 for role, status in READ.items() if status == 200}}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "keys", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get_matrix(cast, objects, role, name, keys, expected):
    url = reverse(f"archive:{name}", args=[cast.community.slug, *[objects[k] for k in keys]])
    assert cast.client_for(role).get(url).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_assessment_element_page(cast, objects, role):
    url = reverse(
        "archive:assessment_element", args=[cast.community.slug, objects["assessment"], 3]
    )
    assert cast.client_for(role).get(url).status_code == OFFICE_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(cast, objects, role):
    """Office-only writes: generate a report, turn decisions into actions."""
    client = cast.client_for(role)
    report = client.post(
        reverse("archive:report_create", args=[cast.community.slug]),
        {"kind": "monthly", "year": "2025", "month": "3"},
    )
    actions = client.post(
        reverse("archive:review_actions", args=[cast.community.slug, objects["review"]])
    )
    assert report.status_code == OFFICE_POST[role]
    assert actions.status_code == OFFICE_POST[role]


@pytest.mark.parametrize("role", ROLES)
def test_finished_dossier_download(cast, objects, role):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("archive/test/dossier.pdf", ContentFile(b"%PDF-1.7 test"))
    DossierBuild.objects.filter(pk=objects["build"]).update(state=JobState.DONE, pdf=name)
    url = reverse("archive:dossier_download", args=[cast.community.slug, objects["build"], "pdf"])
    assert cast.client_for(role).get(url).status_code == READ[role]


def test_foreign_objects_are_404_for_the_office(cast):
    foreign = {
        "document_detail": DocumentFactory(community=cast.other).pk,
        "document_download": DocumentFactory(community=cast.other).pk,
        "report_detail": ReportFactory(community=cast.other).pk,
        "review_detail": ReviewFactory(community=cast.other).pk,
        "assessment_detail": start_assessment(
            community=cast.other, title="x", date=datetime.date(2025, 1, 1)
        ).pk,
    }
    client = cast.client_for("office")
    for name, pk in foreign.items():
        assert (
            client.get(reverse(f"archive:{name}", args=[cast.community.slug, pk])).status_code
            == 404
        ), name
