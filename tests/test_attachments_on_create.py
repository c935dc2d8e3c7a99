"""Files chosen on a create form are saved with the record, in one transaction; a refused file
refuses the whole submit and keeps everything else typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Document
from committee.choices import Role
from committee.models import Meeting
from tests.test_files import png_bytes

pytestmark = pytest.mark.django_db


def meeting_data(**extra):
    return {
        "date": "2026-03-02",
        "kind": "committee",
        "title": "第二次委员会会议",
        "attendee_count": "0",
        "agenda": "审议年度计划",
        **extra,
    }


def test_create_form_offers_attachments_to_office(cast):
    client = cast.client_for(Role.OFFICE)
    page = client.get(reverse("committee:meeting_create", args=[cast.community.slug]))
    assert 'name="attachments"' in page.text and "multiple" in page.text


def test_files_chosen_on_the_create_form_are_attached_to_the_new_record(cast):
    client = cast.client_for(Role.OFFICE)
    files = [
        SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png"),
    ]
    response = client.post(
        reverse("committee:meeting_create", args=[cast.community.slug]),
        {**meeting_data(), "attachments": files},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(community=cast.community, title="第二次委员会会议")
    documents = Document.objects.filter(object_id=meeting.pk, content_type__model="meeting")
    assert sorted(d.original_name for d in documents) == ["现场照片.png", "签到表.pdf"]
    assert all(d.community_id == cast.community.pk for d in documents)
    page = client.get(meeting.get_absolute_url()).text
    assert "签到表" in page and "现场照片" in page


def test_a_refused_file_refuses_the_whole_submit_and_keeps_the_input(cast):
    client = cast.client_for(Role.OFFICE)
    files = [
        SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg"),
    ]
    response = client.post(
        reverse("committee:meeting_create", args=[cast.community.slug]),
        {**meeting_data(), "attachments": files},
    )
    assert response.status_code == 200
    assert "附件“照片.jpg”未被接受" in response.text
    assert "记录尚未保存" in response.text
    assert "第二次委员会会议" in response.text and "审议年度计划" in response.text
    assert not Meeting.objects.filter(community=cast.community).exists()
    assert not Document.objects.filter(community=cast.community).exists()


def test_activity_create_form_in_sections_shows_attachments(cast):
    client = cast.client_for(Role.OFFICE)
    page = client.get(reverse("projects:activity_create", args=[cast.community.slug]))
    assert 'name="attachments"' in page.text
