"""Uploads are accepted or refused by what the bytes are, not by the name they carry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive.models import Document
from archive.services.documents import create_document
from safecommunity.files import inspect_upload

from .samples import ACCEPTED, HOSTILE, image_bytes, ole_bytes, ooxml_bytes, upload, zip_bytes


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_allowed_types_are_recognised_by_content(name):
    build, kind, extension = ACCEPTED[name]
    detected = inspect_upload(upload(name, build()))
    assert (detected.kind, detected.extension) == (kind, extension)
    assert len(detected.sha256) == 64


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_and_unknown_files_are_refused(name):
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, HOSTILE[name]))
    assert error.value.code in {"bad_type", "invalid"}


def test_extension_comes_from_the_content_not_the_name():
    # A PNG called .pdf is stored as .png and labelled an image.
    detected = inspect_upload(upload("scan.pdf", image_bytes("PNG")))
    assert (detected.kind, detected.mime_type, detected.extension) == ("image", "image/png", ".png")


def test_macro_enabled_office_document_is_refused():
    with pytest.raises(ValidationError, match="宏"):
        inspect_upload(upload("plan.docm", ooxml_bytes("word", macro=True)))


def test_plain_zip_is_refused():
    with pytest.raises(ValidationError, match="Office"):
        inspect_upload(upload("files.zip", zip_bytes(**{"a.txt": "x"})))


def test_unknown_ole_file_is_refused():
    with pytest.raises(ValidationError):
        inspect_upload(upload("thing.doc", ole_bytes("SomethingElse")))


def test_truncated_image_is_refused():
    data = image_bytes("PNG", (200, 200))[:60]
    with pytest.raises(ValidationError, match="图片"):
        inspect_upload(upload("photo.png", data))


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="超过上限"):
        inspect_upload(
            upload("big.png", image_bytes("PNG", (300, 300), "#123456") + b"\x00" * 2048)
        )


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="空"):
        inspect_upload(upload("empty.pdf", b""))


def test_create_document_stores_a_non_guessable_name_and_thumbnail(cast):
    document = create_document(
        community=cast.community,
        upload=upload("现场照片.jpg", image_bytes("JPEG", (800, 600))),
        elements=[7],
    )
    assert document.file.name.startswith(f"archive/{cast.community.pk}/")
    assert "现场照片" not in document.file.name and document.file.name.endswith(".jpg")
    assert len(document.file.name.rsplit("/", 1)[1]) == 32 + 4  # uuid4 hex + .jpg
    assert document.thumbnail and document.thumbnail.name.endswith(".jpg")
    assert document.title == "现场照片" and document.original_name == "现场照片.jpg"
    assert document.element_numbers == [7]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HOSTILE["page.html"]),
        ("logo.svg", HOSTILE["logo.svg"]),
        ("invoice.pdf", HOSTILE["invoice.pdf"]),
    ],
)
def test_upload_view_refuses_hostile_files_and_writes_nothing(cast, settings, name, content):
    client = cast.client_for("office")
    response = client.post(
        reverse("archive:document_create", args=[cast.community.slug]),
        {"title": "资料", "file": upload(name, content), "date": "2025-05-01", "elements": ["10"]},
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert not Document.objects.exists()
    stored = (
        list((settings.MEDIA_ROOT / "archive").rglob("*"))
        if (settings.MEDIA_ROOT / "archive").exists()
        else []
    )
    assert not [p for p in stored if p.is_file()]


def test_upload_view_refuses_oversized_file(cast, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    client = cast.client_for("office")
    response = client.post(
        reverse("archive:document_create", args=[cast.community.slug]),
        {
            "title": "大文件",
            "file": upload("big.pdf", b"%PDF-1.4\n" + b"0" * 5000),
            "date": "2025-05-01",
            "elements": ["10"],
        },
    )
    assert response.status_code == 200
    assert "超过上限" in response.content.decode()
    assert not Document.objects.exists()
