"""Upload checks by content, not by name: an allow-list of document, image, audio and video types.

``inspect_upload(file)`` reads the bytes and returns what the file really is, or raises a
ValidationError in Chinese. The extension we store comes from the detected type, never from the
uploader, so a renamed executable or an HTML page cannot pass as a PDF or an image.
"""

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .choices import DocumentKind

HEAD_BYTES = 8192
THUMBNAIL_SIZE = (320, 240)


@dataclass(frozen=True)
class Detected:
    kind: str  # DocumentKind
    mime_type: str
    extension: str  # with the dot
    sha256: str = ""


# filetype's MIME → (kind, extension) for the binary formats we accept as they are detected.
SIMPLE_TYPES = {
    "application/pdf": (DocumentKind.PDF, ".pdf"),
    "audio/mpeg": (DocumentKind.AUDIO, ".mp3"),
    "audio/x-wav": (DocumentKind.AUDIO, ".wav"),
    "audio/wav": (DocumentKind.AUDIO, ".wav"),
    "audio/mp4": (DocumentKind.AUDIO, ".m4a"),
    "audio/x-m4a": (DocumentKind.AUDIO, ".m4a"),
    "video/mp4": (DocumentKind.VIDEO, ".mp4"),
    "video/quicktime": (DocumentKind.VIDEO, ".mov"),
}
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}
# Office Open XML: a ZIP whose parts live in a folder named after the application.
OOXML_TYPES = {
    "word/": (
        DocumentKind.WORD,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/": (
        DocumentKind.EXCEL,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "ppt/": (
        DocumentKind.POWERPOINT,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
# Legacy Office (OLE compound file): told apart by the name of the main stream (UTF-16LE).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = (
    ("WordDocument", DocumentKind.WORD, "application/msword", ".doc"),
    ("Workbook", DocumentKind.EXCEL, "application/vnd.ms-excel", ".xls"),
    ("Book", DocumentKind.EXCEL, "application/vnd.ms-excel", ".xls"),
    ("PowerPoint Document", DocumentKind.POWERPOINT, "application/vnd.ms-powerpoint", ".ppt"),
)
ALLOWED_DESCRIPTION = (
    "PDF、Word、Excel、PowerPoint、JPEG/PNG/GIF/WEBP 图片、MP3/M4A/WAV 音频、MP4/MOV 视频"
)


def refuse(message):
    raise ValidationError(message, code="invalid_upload")


def inspect_upload(upload):
    """Check an uploaded file (size, then content) and return its Detected type."""
    limit = settings.UPLOAD_MAX_BYTES
    size = upload.size
    if not size:
        refuse(_("文件是空的。"))
    if size > limit:
        refuse(
            _("文件大小 %(size)s，超过上限 %(limit)s。")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    detected = _detect(upload, head)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return Detected(detected.kind, detected.mime_type, detected.extension, digest.hexdigest())


def _detect(upload, head):
    if head.startswith(OLE_SIGNATURE):
        return _ole(upload)
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime.startswith("image/"):
        if mime not in {m for m, _e in IMAGE_TYPES.values()}:
            refuse(_("只接受 JPEG、PNG、GIF、WEBP 图片。"))
        return _image(upload)
    if head.startswith(b"PK\x03\x04") or mime == "application/zip" or mime in _ooxml_mimes():
        return _ooxml(upload)
    if mime in SIMPLE_TYPES:
        if mime == "application/pdf" and not head.startswith(b"%PDF-"):
            refuse(_("PDF 文件头不正确。"))
        kind, extension = SIMPLE_TYPES[mime]
        return Detected(kind, mime, extension)
    refuse(
        _("不支持的文件类型（按文件内容识别）。允许上传：%(types)s。")
        % {"types": ALLOWED_DESCRIPTION}
    )


def _ooxml_mimes():
    return {mime for _kind, mime, _ext in OOXML_TYPES.values()}


def _ooxml(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        refuse(_("文件已损坏，无法识别为 Office 文档。"))
    if "[Content_Types].xml" not in names:
        refuse(_("压缩包不是 Office 文档；不接受普通压缩文件。"))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        refuse(_("不接受含宏的 Office 文档，请另存为不含宏的格式。"))
    for folder, (kind, mime, extension) in OOXML_TYPES.items():
        if any(name.startswith(folder) for name in names):
            return Detected(kind, mime, extension)
    refuse(_("压缩包不是 Word、Excel 或 PowerPoint 文档。"))


def _ole(upload):
    upload.seek(0)
    data = upload.read()
    for stream, kind, mime, extension in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return Detected(kind, mime, extension)
    refuse(_("无法识别的旧版 Office 文件。"))


def _image(upload):
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        refuse(_("图片文件已损坏或尺寸过大。"))
    if image_format not in IMAGE_TYPES:
        refuse(_("只接受 JPEG、PNG、GIF、WEBP 图片。"))
    mime, extension = IMAGE_TYPES[image_format]
    return Detected(DocumentKind.IMAGE, mime, extension)


def make_thumbnail(source):
    """JPEG bytes of a thumbnail of an image file object, or None if it cannot be drawn.

    Re-encoding through Pillow also strips anything but pixels, so the thumbnail is safe to
    show inline.
    """
    try:
        source.seek(0)
        with Image.open(source) as image:
            image.draft("RGB", THUMBNAIL_SIZE)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            output = io.BytesIO()
            image.convert("RGB").save(output, "JPEG", quality=80, optimize=True)
            return output.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
