"""Documents: catalogue, protected downloads, restricted documents, attachments on records."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from archive.models import Document
from committee.models import Meeting, Membership
from tests.factories import MeetingFactory

from .factories import DocumentFactory, ImageDocumentFactory
from .samples import image_bytes, pdf_bytes, upload


def url(name, community, *args):
    return reverse(f"archive:{name}", args=[community.slug, *args])


def test_download_is_an_attachment_with_nosniff(cast):
    document = DocumentFactory(
        community=cast.community, title="消防培训签到表", original_name="签到表.pdf"
    )
    response = cast.client_for("reviewer").get(
        url("document_download", cast.community, document.pk)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%BE%E5%88%B0%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_communitys_document_is_404_everywhere(cast):
    foreign = DocumentFactory(community=cast.other)
    client = cast.client_for("office")
    for name in ("document_detail", "document_download", "document_update", "document_delete"):
        assert client.get(url(name, cast.community, foreign.pk)).status_code == 404
    # and the owner of the other community cannot reach ours through their own slug either
    ours = DocumentFactory(community=cast.community)
    assert (
        cast.client_for("outsider").get(url("document_download", cast.other, ours.pk)).status_code
        == 404
    )


def test_media_url_is_not_served(cast):
    document = DocumentFactory(community=cast.community)
    response = cast.client_for("office").get(f"/media/{document.file.name}")
    assert response.status_code == 404


def test_personal_documents_are_for_the_office_only(cast):
    personal = DocumentFactory(community=cast.community, title="伤者病历复印件", personal_data=True)
    DocumentFactory(community=cast.community, title="培训照片")
    office_page = (
        cast.client_for("office").get(url("document_list", cast.community)).content.decode()
    )
    member_page = (
        cast.client_for("member").get(url("document_list", cast.community)).content.decode()
    )
    assert "伤者病历复印件" in office_page
    assert "伤者病历复印件" not in member_page and "培训照片" in member_page
    assert (
        cast.client_for("member")
        .get(url("document_download", cast.community, personal.pk))
        .status_code
        == 404
    )


def test_office_uploads_a_document_tagged_to_elements(cast):
    response = cast.client_for("office").post(
        url("document_create", cast.community),
        {
            "title": "",
            "file": upload("应急预案.pdf", pdf_bytes()),
            "date": "2025-05-01",
            "elements": ["7", "10"],
            "tags": "预案 防汛",
            "source_unit": "街道应急办",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.title == "应急预案" and document.element_numbers == [7, 10]
    assert document.uploaded_by == cast.users["office"] and document.tag_list == ["预案", "防汛"]


def test_leader_uploads_only_for_his_own_group(cast):
    client = cast.client_for("leader")
    data = {
        "title": "交通组照片",
        "file": upload("a.png", image_bytes()),
        "date": "2025-05-01",
        "elements": ["5"],
    }
    refused = client.post(
        url("document_create", cast.community), {**data, "working_group": cast.other_group.pk}
    )
    assert refused.status_code == 200 and not Document.objects.exists()
    data["file"] = upload("a.png", image_bytes())
    accepted = client.post(
        url("document_create", cast.community), {**data, "working_group": cast.group.pk}
    )
    assert accepted.status_code == 302
    document = Document.objects.get()
    assert client.get(url("document_update", cast.community, document.pk)).status_code == 200
    other = DocumentFactory(community=cast.community, working_group=cast.other_group)
    assert client.get(url("document_update", cast.community, other.pk)).status_code == 403


def test_search_by_title_and_tag_and_filter_by_element(cast):
    DocumentFactory(community=cast.community, title="防汛演练照片", tags="演练", elements=[7])
    DocumentFactory(community=cast.community, title="委员会会议纪要", tags="会议", elements=[2])
    client = cast.client_for("member")
    by_tag = client.get(url("document_list", cast.community), {"q": "会议"}).content.decode()
    assert "委员会会议纪要" in by_tag and "防汛演练照片" not in by_tag
    by_element = client.get(url("document_list", cast.community), {"element": 7}).content.decode()
    assert "防汛演练照片" in by_element and "委员会会议纪要" not in by_element


def test_catalogue_counts_documents_by_element_and_names_gaps(cast):
    DocumentFactory(community=cast.community, elements=[7])
    DocumentFactory(community=cast.community, elements=[7, 10])
    DocumentFactory(community=cast.other, elements=[3])
    response = cast.client_for("reviewer").get(url("catalogue", cast.community))
    rows = {row["number"]: row for row in response.context["rows"]}
    assert rows[7]["documents"] == 2 and rows[10]["documents"] == 1 and rows[3]["documents"] == 0
    assert "尚无归档资料" in rows[3]["missing"] and rows[3]["state"] == "missing"


def test_thumbnail_is_served_inline_as_jpeg(cast):
    document = ImageDocumentFactory(community=cast.community)
    response = cast.client_for("member").get(url("document_thumbnail", cast.community, document.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_delete_removes_the_stored_files(cast, django_capture_on_commit_callbacks):
    document = ImageDocumentFactory(community=cast.community)
    paths = [document.file.path, document.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client_for("office").post(
            url("document_delete", cast.community, document.pk)
        )
    assert response.status_code == 302 and not Document.objects.exists()
    assert not any(__import__("os").path.exists(p) for p in paths)


# Attachments on records ----------------------------------------------------------------------


def attach_url(record):
    content_type = ContentType.objects.get_for_model(record)
    return reverse(
        "archive:attachment_upload", args=[record.community.slug, content_type.pk, record.pk]
    )


@pytest.mark.parametrize(
    ("who", "group_attr", "expected"),
    [
        ("office", "group", 302),
        ("leader", "group", 302),
        ("leader", "other_group", 403),
        ("member", "group", 403),
        ("reviewer", "group", 403),
        ("reporter", "group", 403),
        ("outsider", "group", 404),
    ],
)
def test_attachment_upload_permissions(cast, who, group_attr, expected):
    meeting = MeetingFactory(community=cast.community, working_group=getattr(cast, group_attr))
    response = cast.client_for(who).post(
        attach_url(meeting), {"file": upload("纪要.pdf", pdf_bytes())}
    )
    assert response.status_code == expected
    assert Document.objects.filter(object_id=meeting.pk).count() == (1 if expected == 302 else 0)


def test_attachment_links_to_the_record_and_takes_its_group_and_element(cast):
    meeting = MeetingFactory(community=cast.community, working_group=cast.group)
    response = cast.client_for("leader").post(
        attach_url(meeting), {"file": upload("签到表.pdf", pdf_bytes()), "next": "/evil.example/"}
    )
    document = Document.objects.get()
    assert document.record == meeting and document.working_group == cast.group
    assert document.element_numbers == [2]  # a meeting evidences communication (element 2)
    assert response["Location"] == "/evil.example/" or response["Location"].startswith("/")


def test_attachment_to_a_foreign_record_is_404(cast):
    foreign = MeetingFactory(community=cast.other)
    content_type = ContentType.objects.get_for_model(foreign)
    response = cast.client_for("office").post(
        reverse(
            "archive:attachment_upload", args=[cast.community.slug, content_type.pk, foreign.pk]
        ),
        {"file": upload("a.pdf", pdf_bytes())},
    )
    assert response.status_code == 404


def test_refused_attachment_is_reported_and_not_stored(cast):
    meeting = MeetingFactory(community=cast.community)
    response = cast.client_for("office").post(
        attach_url(meeting),
        {"file": upload("x.svg", b"<svg><script>alert(1)</script></svg>")},
        follow=False,
    )
    assert response.status_code == 302 and not Document.objects.exists()


def render_panel(user, community, record):
    request = RequestFactory().get("/")
    request.user = user
    membership = Membership.objects.get(user=user, community=community)
    return render_to_string(
        "_attachments.html", {"object": record, "membership": membership, "request": request}
    )


def test_attachments_panel_shows_files_and_upload_form_to_editors_only(cast):
    meeting = MeetingFactory(community=cast.community, working_group=cast.group)
    DocumentFactory(
        community=cast.community,
        title="会议签到表",
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
    )
    for role, can_upload in (
        ("office", True),
        ("leader", True),
        ("member", False),
        ("reviewer", False),
    ):
        html = render_panel(cast.users[role], cast.community, meeting)
        assert "会议签到表" in html
        assert ('enctype="multipart/form-data"' in html) is can_upload, role
    assert render_panel(cast.users["reporter"], cast.community, meeting).strip() == ""
    other_meeting = MeetingFactory(community=cast.community, working_group=cast.other_group)
    assert 'enctype="multipart/form-data"' not in render_panel(
        cast.users["leader"], cast.community, other_meeting
    )
