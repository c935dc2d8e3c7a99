"""Every uploaded file, once: checked by content, stored under a generated name, images re-encoded,
thumbnails drawn cheaply, and served only after the community and role check.

A file name or a browser's content type proves nothing, so the bytes decide what a file is, and the
extension we store comes from that, never from the uploader.

Checks
- ``validate_image(upload)``: a JPEG, PNG, GIF or WebP picture of at most ``UPLOAD_MAX_PIXELS``
  pixels. The size is read from the header before any pixel is decoded, so a 12000×12000 PNG of a
  few hundred kilobytes is refused as a form error instead of costing a gigabyte of memory.
- ``validate_document(upload)``: PDF, Word, Excel, PowerPoint (OOXML or the old binary formats).
  Macros are refused (``vbaProject.bin``, macro-enabled content types, VBA storages); a ZIP's
  entries are bounded in count, declared inflated size and compression ratio (zip bombs).
- ``inspect_upload(upload)``: the archive's wider allow-list (documents, images, audio, video).
All three take a Django upload or file object, raise ``ValidationError`` in Chinese and return a
``Detected``. Size limits come from one setting, ``UPLOAD_MAX_BYTES``.

Storage
- ``UploadTo(folder)``: a generated ``<folder>/<community>/<year>/<uuid><ext>`` name.
- ``ImageUploadField`` / ``DocumentUploadField``: model fields that check, name by detected type and
  (images) re-encode on save: EXIF and every other chunk are gone, a GIF+HTML polyglot becomes a
  plain picture. They are ordinary ``ImageField``/``FileField`` otherwise (``field.open()`` works).

Serving
- ``serve_file(stored, filename=...)``: the one streaming response for a stored file.
- ``serve_thumbnail(stored)``: a small JPEG, drawn once and cached on disk.
- ``StoredFileView``: the community-scoped view apps route for a record's file field.
"""

import hashlib
import io
import posixpath
import re
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from PIL import Image, ImageOps, UnidentifiedImageError

from .tenancy import CommunityMixin

HEAD_BYTES = 8192
THUMBNAIL_SIZE = (320, 240)
# Stored photos keep at most this many pixels on their long side: plenty for evidence, and it
# bounds what every later reader (pages, dossier, export) has to decode.
STORED_MAX_EDGE = 4096
DEFAULT_MAX_PIXELS = 40_000_000
# A ZIP (OOXML) is refused when it claims more than this once inflated, has more entries, or
# packs an entry more tightly than any real Office part does.
DEFAULT_MAX_INFLATED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ZIP_ENTRIES = 5000
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024  # small parts (XML) may compress very well

# Kinds (the values of archive.choices.DocumentKind)
PDF, WORD, EXCEL, POWERPOINT, IMAGE, AUDIO, VIDEO = (
    "pdf",
    "word",
    "excel",
    "powerpoint",
    "image",
    "audio",
    "video",
)


@dataclass(frozen=True)
class Detected:
    kind: str
    mime_type: str
    extension: str  # with the dot
    sha256: str = ""


IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}
IMAGE_MIMES = frozenset(mime for mime, _ext in IMAGE_FORMATS.values())
MEDIA_TYPES = {
    "audio/mpeg": (AUDIO, ".mp3"),
    "audio/x-wav": (AUDIO, ".wav"),
    "audio/wav": (AUDIO, ".wav"),
    "audio/mp4": (AUDIO, ".m4a"),
    "audio/x-m4a": (AUDIO, ".m4a"),
    "video/mp4": (VIDEO, ".mp4"),
    "video/quicktime": (VIDEO, ".mov"),
}
# Office Open XML: a ZIP whose parts live in a folder named after the application.
OOXML_TYPES = {
    "word/": (
        WORD,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/": (
        EXCEL,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "ppt/": (
        POWERPOINT,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
# Legacy Office (OLE compound file): told apart by the name of the main stream (UTF-16LE).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = (
    ("WordDocument", WORD, "application/msword", ".doc"),
    ("Workbook", EXCEL, "application/vnd.ms-excel", ".xls"),
    ("Book", EXCEL, "application/vnd.ms-excel", ".xls"),
    ("PowerPoint Document", POWERPOINT, "application/vnd.ms-powerpoint", ".ppt"),
)
OLE_MACRO_STREAMS = ("_VBA_PROJECT", "VBA", "Macros")
SAFE_EXTENSIONS = frozenset(
    [ext for _mime, ext in IMAGE_FORMATS.values()]
    + [ext for _kind, ext in MEDIA_TYPES.values()]
    + [ext for _kind, _mime, ext in OOXML_TYPES.values()]
    + [ext for *_rest, ext in OLE_STREAMS]
    + [".pdf"]
)
ALLOWED_DESCRIPTION = gettext_lazy(
    "PDF、Word、Excel、PowerPoint、JPEG/PNG/GIF/WEBP 图片、MP3/M4A/WAV 音频、MP4/MOV 视频"
)


def refuse(message, code="invalid_upload"):
    raise ValidationError(message, code=code)


def max_bytes():
    return settings.UPLOAD_MAX_BYTES


def max_pixels():
    return getattr(settings, "UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)


# --- Checks -------------------------------------------------------------------------------------


def _is_stored(upload):
    """A file already saved by us (a committed FieldFile) was checked when it came in."""
    return isinstance(upload, FieldFile) and upload._committed


def _opened(upload):
    if getattr(upload, "closed", False):
        upload.open("rb")
    upload.seek(0)
    return upload


def _check_size(upload):
    size = upload.size
    if not size:
        refuse(_("文件是空的。"), "empty")
    limit = max_bytes()
    if size > limit:
        refuse(
            _("文件大小 %(size)s，超过上限 %(limit)s。")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            "too_large",
        )


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def inspect_upload(upload):
    """Check an uploaded file (size, then content) against the archive's allow-list."""
    _check_size(upload)
    head = _opened(upload).read(HEAD_BYTES)
    try:
        detected = _detect(upload, head)
    finally:
        upload.seek(0)
    return Detected(detected.kind, detected.mime_type, detected.extension, _sha256(upload))


def validate_image(upload):
    """A model and form validator: a real JPEG/PNG/GIF/WebP picture, not too large in bytes or
    pixels. Returns the Detected type (None for a file stored earlier, which is not re-read)."""
    if _is_stored(upload):
        return None
    _check_size(upload)
    return clean_image(upload).detected


def validate_document(upload):
    """A model and form validator: PDF, Word, Excel or PowerPoint without macros."""
    if _is_stored(upload):
        return None
    _check_size(upload)
    head = _opened(upload).read(HEAD_BYTES)
    try:
        detected = _detect(upload, head, kinds=frozenset({PDF, WORD, EXCEL, POWERPOINT}))
    finally:
        upload.seek(0)
    return detected


def _detect(upload, head, kinds=None):
    """What the file is, from its bytes; ``kinds`` narrows what is accepted."""
    documents_only = kinds is not None and IMAGE not in kinds
    if head.startswith(OLE_SIGNATURE):
        return _ole(upload)
    if head.startswith(b"%PDF-"):
        return Detected(PDF, "application/pdf", ".pdf")
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(upload)
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime.startswith("image/") and not documents_only:
        if mime not in IMAGE_MIMES:
            refuse(_("只接受 JPEG、PNG、GIF、WEBP 图片。"), "bad_type")
        return clean_image(upload).detected
    if mime in MEDIA_TYPES and kinds is None:
        kind, extension = MEDIA_TYPES[mime]
        return Detected(kind, mime, extension)
    if documents_only:
        refuse(_("只接受 PDF、Word、Excel 或 PowerPoint 文件（按文件内容识别）。"), "bad_type")
    refuse(
        _("不支持的文件类型（按文件内容识别）。允许上传：%(types)s。")
        % {"types": ALLOWED_DESCRIPTION},
        "bad_type",
    )


def _ooxml(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _check_zip_bounds(entries)
            names = [entry.filename for entry in entries]
            if "[Content_Types].xml" not in names:
                refuse(_("压缩包不是 Office 文档；不接受普通压缩文件。"), "bad_type")
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(1024 * 1024).lower()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        refuse(_("文件已损坏，无法识别为 Office 文档。"), "invalid")
    lowered = [name.lower() for name in names]
    if (
        any(name.endswith("vbaproject.bin") or "/activex/" in f"/{name}" for name in lowered)
        or b"macroenabled" in content_types
        or b"vbaproject" in content_types
    ):
        refuse(_("不接受含宏的 Office 文档，请另存为不含宏的格式。"), "macro")
    for folder, (kind, mime, extension) in OOXML_TYPES.items():
        if any(name.startswith(folder) for name in names):
            return Detected(kind, mime, extension)
    refuse(_("压缩包不是 Word、Excel 或 PowerPoint 文档。"), "bad_type")


def _check_zip_bounds(entries):
    """Refuse a zip bomb from the directory alone, before anything is inflated."""
    message = _("压缩文档解压后过大或条目过多，已拒绝。")
    if len(entries) > getattr(settings, "UPLOAD_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES):
        refuse(message, "zip_bomb")
    total = sum(entry.file_size for entry in entries)
    if total > getattr(settings, "UPLOAD_MAX_INFLATED_BYTES", DEFAULT_MAX_INFLATED_BYTES):
        refuse(message, "zip_bomb")
    for entry in entries:
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            refuse(message, "zip_bomb")


def _ole(upload):
    upload.seek(0)
    data = upload.read()
    if any(stream.encode("utf-16-le") + b"\x00\x00" in data for stream in OLE_MACRO_STREAMS):
        refuse(_("不接受含宏的 Office 文档，请另存为不含宏的格式。"), "macro")
    for stream, kind, mime, extension in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return Detected(kind, mime, extension)
    refuse(_("无法识别的旧版 Office 文件。"), "bad_type")


# --- Images -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded picture: only its pixels, in the format it came in."""

    data: bytes
    detected: Detected


def open_image(source):
    """Open a picture (header only) of our formats and refuse more than ``UPLOAD_MAX_PIXELS``
    before a single pixel is decoded. The caller closes it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(_opened(source), formats=list(IMAGE_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        refuse(_("上传的文件不是有效的图片（只接受 JPEG、PNG、GIF、WEBP）。"), "invalid_image")
    width, height = image.size
    if width * height > max_pixels():
        _release(image)
        _refuse_pixels()
    return image


def _release(image):
    """Let go of an image without closing the caller's file (``Image.close`` would)."""
    image.__exit__(None, None, None)


def _refuse_pixels():
    refuse(
        _("图片像素过多（上限 %(mpx)s 百万像素），请缩小后再上传。")
        % {"mpx": max_pixels() // 1_000_000},
        "too_many_pixels",
    )


MEMO = "_safecommunity_clean_image"


def clean_image(upload):
    """Check and re-encode an image upload (EXIF, comments and trailing bytes dropped).

    The result is remembered on the upload, so the form's check, the model's check and the save
    decode the picture once.
    """
    if isinstance(upload, FieldFile):  # a new upload assigned to a model field
        upload = upload.file
    memo = getattr(upload, MEMO, None)
    if memo is not None:
        return memo
    _verify(open_image(upload))
    image = open_image(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            clean = _reencode(image)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("图片文件已损坏，无法读取。"), code="invalid_image") from exc
    finally:
        _release(image)
        upload.seek(0)
    try:
        setattr(upload, MEMO, clean)
    except AttributeError:  # some file objects take no attributes; then it is decoded again
        pass
    return clean


def _verify(image):
    """Pillow's structure check (chunk CRCs, truncation). Needed even though the picture is then
    decoded: WeasyPrint turns on ``LOAD_TRUNCATED_IMAGES`` for the whole process, after which a
    truncated file would decode without complaint."""
    try:
        image.verify()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(_("图片文件已损坏，无法读取。"), code="invalid_image") from exc
    finally:
        _release(image)


SAVE_MODES = {
    "JPEG": {"RGB", "L"},
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA"},
    "GIF": {"P", "L"},
    "WEBP": {"RGB", "RGBA"},
}


def _reencode(image):
    image_format = image.format
    if image_format == "JPEG":
        image.draft("RGB", (STORED_MAX_EDGE, STORED_MAX_EDGE))
    image.load()
    transparency = image.info.get("transparency")
    picture = ImageOps.exif_transpose(image) or image
    if max(picture.size) > STORED_MAX_EDGE:
        picture = picture.copy()
        picture.thumbnail((STORED_MAX_EDGE, STORED_MAX_EDGE))
    if picture.mode not in SAVE_MODES[image_format]:
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or transparency is not None
        target = "RGBA" if has_alpha and image_format in ("PNG", "WEBP") else "RGB"
        if image_format == "GIF":
            picture = picture.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)
            transparency = None
        else:
            picture = picture.convert(target)
            transparency = None
    # A new image holding the pixels only: no EXIF, ICC, comments, text chunks or extra frames.
    clean = Image.new(picture.mode, picture.size)
    if picture.mode == "P":
        clean.putpalette(picture.getpalette())
    clean.paste(picture)
    options = {}
    if transparency is not None and clean.mode in ("P", "L", "RGB"):
        options["transparency"] = transparency
    if image_format == "JPEG":
        options.update(quality=88, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=85)
    output = io.BytesIO()
    clean.save(output, image_format, **options)
    mime, extension = IMAGE_FORMATS[image_format]
    return CleanImage(output.getvalue(), Detected(IMAGE, mime, extension))


def make_thumbnail(source, size=THUMBNAIL_SIZE):
    """JPEG bytes of a small picture of an image file object, or None if it cannot be drawn.

    The pixel limit is checked from the header first; ``draft`` lets JPEG decode at a fraction of
    its size and ``thumbnail`` reduces in steps, so a thumbnail never costs a full-size decode of a
    large JPEG, and an oversized PNG is never decoded at all.
    """
    try:
        image = open_image(source)
    except ValidationError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.draft("RGB", size)
            picture = ImageOps.exif_transpose(image) or image
            picture.thumbnail(size, reducing_gap=2.0)
            if picture.mode not in ("RGB", "L"):
                rgba = picture.convert("RGBA")
                picture = Image.new("RGB", rgba.size, "white")
                picture.paste(rgba, mask=rgba.getchannel("A"))
            output = io.BytesIO()
            picture.convert("RGB").save(output, "JPEG", quality=80, optimize=True)
            return output.getvalue()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning):
        return None
    finally:
        _release(image)


# --- Storage ------------------------------------------------------------------------------------


def generated_name(folder, community_id, extension):
    """A non-guessable storage path: <folder>/<community>/<year>/<random><ext>.

    The uploader's file name never reaches the file system.
    """
    extension = extension.lower() if extension.lower() in SAFE_EXTENSIONS else ""
    return posixpath.join(
        folder, str(community_id or 0), f"{timezone.now():%Y}", f"{uuid.uuid4().hex}{extension}"
    )


@deconstructible
class UploadTo:
    """``upload_to`` for a model's files: a generated name under ``folder``.

    ``community`` is the path to the record's community (``"drill__community"`` for a drill's
    photo); only the extension of the name handed in is used, and the field sets that from the
    detected type.
    """

    def __init__(self, folder, community="community"):
        self.folder = folder
        self.community = community

    def __call__(self, instance, filename):
        *path, last = self.community.split("__")
        owner = instance
        for step in path:
            owner = getattr(owner, step)
        community_id = getattr(owner, f"{last}_id")
        return generated_name(self.folder, community_id, posixpath.splitext(filename)[1])

    def __eq__(self, other):
        return (
            isinstance(other, UploadTo)
            and self.folder == other.folder
            and self.community == other.community
        )


class CleanImageFieldFile(ImageFieldFile):
    """Saving re-encodes the picture and names it by its detected type."""

    def save(self, name, content, save=True):
        clean = clean_image(content)
        super().save(f"image{clean.detected.extension}", ContentFile(clean.data), save)


class CheckedDocumentFieldFile(FieldFile):
    """Saving names the document by its detected type."""

    def save(self, name, content, save=True):
        detected = validate_document(content)
        content.seek(0)
        super().save(f"document{detected.extension}", content, save)


class ImageUploadField(models.ImageField):
    """A photo: checked by ``validate_image``, re-encoded and stored under a generated name."""

    attr_class = CleanImageFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)


class DocumentUploadField(models.FileField):
    """A document: checked by ``validate_document`` and stored under a generated name."""

    attr_class = CheckedDocumentFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_document])
        super().__init__(*args, **kwargs)


# --- Serving ------------------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_filename(name, extension=""):
    """A download name that looks like the original but cannot break a header or a path; its
    extension is the detected one when given."""
    stem = posixpath.basename(str(name or "").replace("\\", "/"))
    stem = unicodedata.normalize("NFC", stem)
    if extension:
        stem = posixpath.splitext(stem)[0]
    stem = _UNSAFE.sub("_", stem).strip(" ._")[:120] or "file"
    return f"{stem}{extension}"


def detect_stored(stored):
    """The Detected type of a stored file, or None when it is not one we accept (legacy files)."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    try:
        head = handle.read(HEAD_BYTES)
        if not head:
            return None
        if filetype.guess_mime(head) in IMAGE_MIMES:
            try:
                with open_image(handle) as image:
                    return Detected(IMAGE, *IMAGE_FORMATS[image.format])
            except ValidationError:
                return None
        try:
            return _detect(handle, head)
        except ValidationError:
            return None
    finally:
        stored.close()


def serve_file(stored, *, filename, content_type=None, inline=False):
    """Stream a stored file after the view checked community and role.

    ``content_type`` is what we detected at upload time; without it the bytes are looked at now.
    Only our own image types are shown inline; everything else is an attachment. Never sniffed,
    never cached by shared caches, sandboxed if a browser renders it anyway.
    """
    if not stored:
        raise Http404
    extension = ""
    if content_type is None:
        detected = detect_stored(stored)
        content_type = detected.mime_type if detected else "application/octet-stream"
        extension = detected.extension if detected else ""
    inline = inline and content_type in IMAGE_MIMES
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=safe_filename(filename, extension),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, no-cache"
    return response


def thumbnail_name(stored):
    return f"thumbs/{hashlib.sha256(stored.name.encode()).hexdigest()[:40]}.jpg"


def serve_thumbnail(stored, *, filename="thumbnail.jpg"):
    """A small JPEG of a stored picture, drawn on first request and kept beside the media."""
    if not stored:
        raise Http404
    storage, name = stored.storage, thumbnail_name(stored)
    if not storage.exists(name):
        try:
            handle = stored.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        try:
            data = make_thumbnail(handle)
        finally:
            stored.close()
        if data is None:
            raise Http404
        name = storage.save(name, ContentFile(data))
    return serve_file(
        FieldFile(None, stored.field, name),
        filename=filename,
        content_type="image/jpeg",
        inline=True,
    )


class StoredFileView(CommunityMixin, View):
    """One file field of one record of this community: 404 for another community's record,
    the login page for an anonymous visitor, the usual view roles otherwise.

    Route it with ``StoredFileView.as_view(model=..., field=...)``; ``thumbnail=True`` answers a
    small JPEG instead. Subclasses override ``get_queryset`` and ``download_name``.
    """

    model = None
    field = None
    community_path = "community"
    thumbnail = False

    def get_queryset(self):
        return self.model._default_manager.filter(**{self.community_path: self.community})

    def download_name(self, obj):
        return f"{self.model._meta.verbose_name}-{obj.pk}"

    def get(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        stored = getattr(obj, self.field)
        if self.thumbnail:
            return serve_thumbnail(stored, filename=f"{self.download_name(obj)}-thumb.jpg")
        return serve_file(stored, filename=self.download_name(obj), inline=True)
