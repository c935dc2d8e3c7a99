"""The shared file module (safecommunity.files): every upload checked by content with a pixel limit,
documents without macros or zip bombs, photos stored under generated names and re-encoded, and
every photo served only to members of its community (issue 12 "Evidence photos and files",
issue 15 items 4 and 7)."""

import functools
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile

from emergency.models import DrillPhoto, EmergencyPlan
from hazards.models import DangerEvent, Hazard
from safecommunity import files

from .emergency import factories as ef
from .hazards import factories as hf
from .test_security_content import entry_point, files_under, refusals

# --- Samples ------------------------------------------------------------------------------------


def png_bytes(size=(40, 30), colour="#2e86c1"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def bomb_png():
    """12000×12000 pixels (144 Mpx) in a few hundred kilobytes: a decompression bomb."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return buffer.getvalue()


HTML = b"<html><body><script>alert(document.domain)</script></body></html>"


def polyglot_gif():
    """A valid GIF that is also an HTML page: markup in a comment block and after the trailer."""
    buffer = io.BytesIO()
    Image.new("P", (16, 16), 1).save(buffer, "GIF", comment=HTML)
    return buffer.getvalue() + HTML


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 27.0)}  # GPS latitude
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#884422").save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def ooxml(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


TYPES = '<Types><Default Extension="xml" ContentType="application/xml"/></Types>'


def docx(**extra):
    return ooxml({"[Content_Types].xml": TYPES, "word/document.xml": "<w:document/>", **extra})


def upload(name, content):
    return SimpleUploadedFile(name, content)


def code_of(check, content, name="file"):
    with pytest.raises(ValidationError) as raised:
        check(upload(name, content))
    return raised.value.code


# --- Images: pixel limit before any decode -------------------------------------------------------


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any pixel data is decoded."""

    def load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_bomb_png_is_a_clean_error_without_decoding(no_decoding):
    assert len(bomb_png()) < 1024 * 1024
    assert code_of(files.validate_image, bomb_png(), "bomb.png") == "too_many_pixels"
    assert code_of(files.inspect_upload, bomb_png(), "bomb.png") == "too_many_pixels"


def test_thumbnail_of_a_bomb_is_not_drawn(no_decoding):
    assert files.make_thumbnail(io.BytesIO(bomb_png())) is None


@pytest.mark.parametrize("pixels", [15_000, 50_000], ids=["warning", "error"])
def test_pillow_decompression_bomb_becomes_a_form_error(monkeypatch, settings, pixels):
    settings.UPLOAD_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    side = int(pixels**0.5)
    assert code_of(files.validate_image, png_bytes((side, side))) == "too_many_pixels"


def test_pixel_limit_comes_from_the_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 1000
    assert code_of(files.validate_image, png_bytes((40, 30))) == "too_many_pixels"
    settings.UPLOAD_MAX_PIXELS = 1200
    assert files.validate_image(upload("ok.png", png_bytes((40, 30)))).mime_type == "image/png"


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n%%EOF\n", HTML, b"GIF89a" + b"\x00" * 20],
    ids=["pdf", "html", "broken-gif"],
)
def test_image_validator_refuses_what_is_not_a_picture(content):
    assert code_of(files.validate_image, content, "photo.jpg") in {"invalid_image", "bad_type"}


IMAGE_ENTRY_POINTS = [
    "hazard",
    "inspection",
    "danger",
    "danger-rectify",
    "drill-photo",
    "project-update-attachment",
]


@pytest.mark.parametrize("name", IMAGE_ENTRY_POINTS)
def test_bomb_png_is_refused_by_every_form_with_a_photo(cast, settings, name):
    entry = entry_point(name, cast)
    before = entry.count()
    response = cast.client_for(entry.role).post(
        entry.url, {**entry.data, entry.field: upload("现场.png", bomb_png())}
    )
    errors = refusals(response, entry.field)
    assert any("像素过多" in e for e in errors), errors
    assert entry.count() == before
    assert not files_under(settings.MEDIA_ROOT)


# --- Images: re-encoded, stored under generated names -------------------------------------------


def test_gif_html_polyglot_is_stored_as_a_plain_picture(cast):
    content = polyglot_gif()
    assert b"<script" in content and Image.open(io.BytesIO(content)).format == "GIF"
    entry = entry_point("hazard", cast)
    response = cast.client_for("office").post(
        entry.url, {**entry.data, "photo": upload("polyglot.gif", content)}
    )
    assert response.status_code == 302
    photo = Hazard.objects.get().photo
    with photo.open("rb") as handle:
        stored = handle.read()
    assert b"<html" not in stored.lower() and b"<script" not in stored.lower()
    assert Image.open(io.BytesIO(stored)).format == "GIF"


def test_exif_is_stripped_from_stored_photos(cast):
    drill = ef.DrillFactory(community=cast.community, working_group=cast.group)
    response = cast.client_for("leader").post(
        reverse("emergency:photo_add", args=[cast.community.slug, drill.pk]),
        {"image": upload("IMG_0001.jpg", jpeg_with_exif()), "caption": ""},
    )
    assert response.status_code == 302
    with DrillPhoto.objects.get().image.open("rb") as handle:
        stored = handle.read()
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def make_record(kind, community, content=None, name="张三家门口-secret.png"):
    """A record of ``kind`` with a photo saved through its model field."""
    photo = ContentFile(content or png_bytes(), name=name)
    if kind == "hazard":
        record, field = hf.HazardFactory(community=community), "photo"
    elif kind == "inspection":
        record, field = hf.InspectionFactory(community=community), "photo"
    elif kind == "danger":
        record, field = hf.HiddenDangerFactory(community=community), "photo"
    elif kind == "danger_event":
        danger = hf.HiddenDangerFactory(community=community)
        record = DangerEvent.objects.create(
            community=community,
            danger=danger,
            action="report",
            to_status="reported",
            at=timezone.now(),
        )
        field = "photo"
    elif kind == "drill":
        record = DrillPhoto.objects.create(drill=ef.DrillFactory(community=community), image="x")
        field = "image"
    else:
        raise AssertionError(kind)
    getattr(record, field).save(name, photo)
    return record, getattr(record, field)


PHOTO_KINDS = ["hazard", "inspection", "danger", "danger_event", "drill"]
FOLDERS = {
    "hazard": "hazards/hazards",
    "inspection": "hazards/inspections",
    "danger": "hazards/dangers",
    "danger_event": "hazards/evidence",
    "drill": "emergency/drills",
}


@pytest.mark.parametrize("kind", PHOTO_KINDS)
def test_stored_name_is_generated(cast, kind):
    _record, stored = make_record(kind, cast.community)
    assert "张三" not in stored.name and "secret" not in stored.name
    pattern = rf"{FOLDERS[kind]}/{cast.community.pk}/\d{{4}}/[0-9a-f]{{32}}\.png"
    assert re.fullmatch(pattern, stored.name), stored.name


def test_extension_comes_from_the_content_not_the_name(cast):
    _record, stored = make_record("hazard", cast.community, name="photo.exe")
    assert stored.name.endswith(".png")


# --- Documents: macros and zip bombs -----------------------------------------------------------


@pytest.mark.parametrize("check", [files.validate_document, files.inspect_upload])
@pytest.mark.parametrize(
    "content",
    [
        docx(**{"word/vbaProject.bin": b"\x00" * 64}),
        ooxml(
            {
                "[Content_Types].xml": '<Types><Override PartName="/xl/workbook.xml" ContentType='
                '"application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
                "xl/workbook.xml": "<workbook/>",
            }
        ),
        files.OLE_SIGNATURE
        + b"\x00" * 500
        + "Workbook".encode("utf-16-le")
        + b"\x00\x00"
        + "_VBA_PROJECT".encode("utf-16-le")
        + b"\x00\x00",
    ],
    ids=["docm-vbaproject", "xlsm-content-type", "xls-vba-storage"],
)
def test_macro_documents_are_refused(check, content):
    assert code_of(check, content, "report.docx") == "macro"


def test_zip_bomb_docx_is_refused_by_its_ratio():
    bomb = docx(**{"word/media/padding.bin": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    assert code_of(files.validate_document, bomb, "report.docx") == "zip_bomb"


def test_zip_inflated_size_and_entry_count_are_bounded(settings):
    noise = bytes(range(256)) * 400  # ~100 KB that does not compress much
    settings.UPLOAD_MAX_INFLATED_BYTES = 50_000
    assert code_of(files.validate_document, docx(**{"word/a.bin": noise})) == "zip_bomb"
    settings.UPLOAD_MAX_INFLATED_BYTES = 10**9
    settings.UPLOAD_MAX_ZIP_ENTRIES = 5
    many = docx(**{f"word/part{i}.xml": "<x/>" for i in range(5)})
    assert code_of(files.validate_document, many) == "zip_bomb"


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (b"%PDF-1.4\n%%EOF\n", ".pdf"),
        (docx(), ".docx"),
        (ooxml({"[Content_Types].xml": TYPES, "xl/workbook.xml": "<w/>"}), ".xlsx"),
        (ooxml({"[Content_Types].xml": TYPES, "ppt/presentation.xml": "<p/>"}), ".pptx"),
        (files.OLE_SIGNATURE + b"\x00" * 500 + "WordDocument".encode("utf-16-le"), ".doc"),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "doc"],
)
def test_document_validator_accepts_office_and_pdf(content, extension):
    assert files.validate_document(upload("whatever.bin", content)).extension == extension


def test_document_validator_refuses_pictures():
    assert code_of(files.validate_document, png_bytes(), "plan.pdf") == "bad_type"


def test_plan_form_refuses_a_macro_document(cast):
    entry = entry_point("plan-document", cast)
    response = cast.client_for("office").post(
        entry.url,
        {**entry.data, "document": upload("预案.docm", docx(**{"word/vbaProject.bin": b"x"}))},
    )
    assert response.status_code == 200
    assert "含宏" in " ".join(response.context["form"].errors["document"])
    assert not EmergencyPlan.objects.exists()


# --- Serving: one permission-checked view for every photo --------------------------------------

URLS = {
    "hazard": ("hazards:hazard_photo", "hazards:hazard_photo_thumbnail"),
    "inspection": ("hazards:inspection_photo", "hazards:inspection_photo_thumbnail"),
    "danger": ("hazards:danger_photo", "hazards:danger_photo_thumbnail"),
    "danger_event": ("hazards:danger_event_photo", "hazards:danger_event_photo_thumbnail"),
    "drill": ("emergency:photo_view", "emergency:photo_thumbnail"),
}
# who → (client, whose record, expected status)
AUDIENCES = {
    "member": ("member", "ours", 200),
    "reviewer": ("reviewer", "ours", 200),
    "reporter": ("reporter", "ours", 403),
    "outsider": ("outsider", "ours", 404),
    "foreign-record": ("office", "theirs", 404),
    "anonymous": (None, "ours", 302),
}


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("kind", PHOTO_KINDS)
def test_photo_serving_matrix(cast, kind, audience):
    who, whose, status = AUDIENCES[audience]
    community = cast.community if whose == "ours" else cast.other
    record, _stored = make_record(kind, community)
    client = Client() if who is None else cast.client_for(who)
    for name, content_type in zip(URLS[kind], ("image/png", "image/jpeg"), strict=True):
        response = client.get(reverse(name, args=[cast.community.slug, record.pk]))
        assert response.status_code == status, name
        if status == 302:
            assert "/login/" in response["Location"] or "login" in response["Location"]
        if status == 200:
            assert response["Content-Type"] == content_type
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("inline")
            assert "张三" not in response["Content-Disposition"]
            assert Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_hazard_detail_shows_a_photo_that_loads(cast):
    hazard, _stored = make_record("hazard", cast.community, png_bytes((1600, 1200)))
    client = cast.client_for("member")
    page = client.get(hazard.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+/photo/)"><img src="([^"]+/photo/thumbnail/)"', page)
    assert link, "no photo on the page"
    full, thumbnail = (client.get(url) for url in link.groups())
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))) as picture:
        assert max(picture.size) <= max(files.THUMBNAIL_SIZE)
    assert full.status_code == 200 and full["Content-Type"] == "image/png"
    # the thumbnail is drawn once and kept
    assert default_storage.exists(files.thumbnail_name(hazard.photo))


def test_content_type_comes_from_the_bytes_not_the_name(cast):
    hazard = hf.HazardFactory(community=cast.community)
    name = default_storage.save("hazards/hazards/2025/01/evil.jpg", ContentFile(HTML))
    Hazard.objects.filter(pk=hazard.pk).update(photo=name)
    url = reverse("hazards:hazard_photo", args=[cast.community.slug, hazard.pk])
    response = cast.client_for("member").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "evil" not in response["Content-Disposition"]
    thumbnail = cast.client_for("member").get(
        reverse("hazards:hazard_photo_thumbnail", args=[cast.community.slug, hazard.pk])
    )
    assert thumbnail.status_code == 404


def test_download_name_is_made_safe():
    assert files.safe_filename('../../etc/pa"ss\r\nwd.jpg', ".png") == "pa_ss_wd.png"
    assert files.safe_filename("应急预案（2025）.docx") == "应急预案（2025）.docx"
    assert files.safe_filename("", ".pdf") == "file.pdf"
