"""Upload checks: plan documents (PDF or Word) and drill photos are judged by their content.

A file name or a browser's content type proves nothing, so the first bytes decide: ``%PDF`` for
PDF, a ZIP holding ``word/`` for DOCX, the OLE signature for the old binary DOC.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

DOCUMENT_TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "doc": ("application/msword", ".doc"),
}

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def _limit():
    return getattr(settings, "UPLOAD_MAX_BYTES", 50 * 1024 * 1024)


def _check_size(upload, message):
    limit = _limit()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(message % {"mb": limit // (1024 * 1024)}, code="too_large")


def _rewound(upload):
    """Open the upload (a FieldFile may be closed) and rewind it to the start."""
    if getattr(upload, "closed", False):
        upload.open("rb")
    upload.seek(0)
    return upload


def document_kind(upload):
    """ "pdf", "docx" or "doc" from the file's content; ValidationError for anything else."""
    _check_size(upload, _("文件过大（上限 %(mb)d MB）。"))
    handle = _rewound(upload)
    try:
        head = handle.read(8)
        if head.startswith(b"%PDF"):
            return "pdf"
        if head == OLE_SIGNATURE:
            return "doc"
        if head.startswith(b"PK\x03\x04"):
            handle.seek(0)
            try:
                with zipfile.ZipFile(handle) as archive:
                    if any(name.startswith("word/") for name in archive.namelist()):
                        return "docx"
            except zipfile.BadZipFile:
                pass
    finally:
        handle.seek(0)
    raise ValidationError(_("预案文本须为 PDF 或 Word（DOC、DOCX）文件。"), code="bad_type")


def validate_plan_document(upload):
    document_kind(upload)


def validate_photo(upload):
    """A photo must be a real image (checked by Pillow) and not too large."""
    _check_size(upload, _("照片过大（上限 %(mb)d MB）。"))
    handle = _rewound(upload)
    try:
        with Image.open(handle) as image:
            if image.format not in IMAGE_TYPES:
                raise ValidationError(_("只支持 JPEG、PNG、GIF 或 WebP 图片。"), code="bad_type")
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds for broken or fake images
        raise ValidationError(_("上传的文件不是有效的图片。"), code="invalid_image") from exc
    finally:
        handle.seek(0)
