"""Writes for evidence documents: upload (checked by content), tagging, attaching to records."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.files import IMAGE, clean_image, inspect_upload, make_thumbnail
from safecommunity.models import bump

from ..models import Document, DocumentElement

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model

    from committee.models import Community, User

# A record's app decides the element its attachments evidence when the uploader does not say.
ELEMENT_BY_APP = {
    "committee": 1,
    "hazards": 3,
    "projects": 5,
    "injuries": 9,
    "emergency": 7,
    "archive": 10,
}
ELEMENT_BY_MODEL = {
    "meeting": 2,
    "partner": 2,
    "volunteer": 2,
    "participation": 2,
    "plan": 4,
    "objective": 4,
    "activity": 6,
    "survey": 6,
    "awarenesssurvey": 6,
    "inspection": 8,
    "monitoring": 8,
    "danger": 11,
    "correctiveaction": 11,
    "action": 11,
    "managementreview": 12,
    "report": 12,
    "assessment": 12,
}


def default_element(record: Model) -> int:
    """The element an attachment of ``record`` most likely evidences."""
    meta = record._meta
    return ELEMENT_BY_MODEL.get(meta.model_name) or ELEMENT_BY_APP.get(meta.app_label, 10)


@transaction.atomic
def create_document(
    *,
    community: Community,
    upload: UploadedFile,
    title: str = "",
    elements: Iterable[int] = (),
    user: User | None = None,
    record: Model | None = None,
    **fields: Any,
) -> Document:
    """Store an uploaded file as a document of ``community`` after checking its content.

    ``record`` (any model instance of the same community) links the document as an attachment.
    Raises ValidationError (in Chinese) for a refused file or a record of another community.
    """
    detected = inspect_upload(upload)
    original = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
    if detected.kind == IMAGE:
        # What is kept is the re-encoded picture (pixels only), so size and checksum are its own.
        clean = clean_image(upload)
        upload = ContentFile(clean.data)
        detected = replace(clean.detected, sha256=hashlib.sha256(clean.data).hexdigest())
    if record is not None and getattr(record, "community_id", None) != community.pk:
        raise ValidationError(_("只能给本社区的记录添加附件。"))
    document = Document(
        community=community,
        title=(title or original.rsplit(".", 1)[0] or _("未命名资料"))[:200],
        original_name=original or f"document{detected.extension}",
        kind=detected.kind,
        mime_type=detected.mime_type,
        size=upload.size,
        sha256=detected.sha256,
        uploaded_by=user,
        uploaded_at=timezone.now(),
        **fields,
    )
    if record is not None:
        document.content_type = ContentType.objects.get_for_model(record)
        document.object_id = record.pk
        if document.working_group_id is None and getattr(record, "working_group_id", None):
            document.working_group_id = record.working_group_id
    document.full_clean(exclude=["file", "thumbnail"])
    upload.seek(0)
    document.file.save(f"upload{detected.extension}", upload, save=False)
    try:
        if detected.kind == IMAGE:
            thumbnail = make_thumbnail(document.file)
            if thumbnail:
                document.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
        document.save()
        set_elements(
            document, elements or ([default_element(record)] if record is not None else [])
        )
    except Exception:
        _remove_files(document)
        raise
    return document


def store_attachments(
    record: Model, uploads: Iterable[UploadedFile], user: User | None = None
) -> list[Document]:
    """Attachments chosen on ``record``'s create form (safecommunity.attachments), each a
    document linked to it. On a refused file the files already stored are removed again; the
    caller's transaction rolls back the rows."""
    stored = []
    try:
        for upload in uploads:
            stored.append(
                create_document(community=record.community, upload=upload, user=user, record=record)
            )
    except Exception:
        for document in stored:
            _remove_files(document)
        raise
    return stored


def _remove_files(document: Document) -> None:
    for stored in (document.file, document.thumbnail):
        if stored:
            stored.storage.delete(stored.name)


def set_elements(document: Document, elements: Iterable[int | str]) -> None:
    """Replace the elements a document evidences."""
    wanted = {int(e) for e in elements}
    DocumentElement.objects.filter(document=document).exclude(element__in=wanted).delete()
    existing = set(
        DocumentElement.objects.filter(document=document).values_list("element", flat=True)
    )
    DocumentElement.objects.bulk_create(
        [
            DocumentElement(community_id=document.community_id, document=document, element=e)
            for e in sorted(wanted - existing)
        ]
    )
    bump(document.community_id)  # bulk_create sends no signals: the cached summaries must go


@transaction.atomic
def update_document(
    document: Document, *, elements: Iterable[int | str] | None = None, **fields: Any
) -> Document:
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    if elements is not None:
        set_elements(document, elements)
    return document


def delete_document(document: Document) -> None:
    """Delete the record and its stored files (after the transaction commits)."""
    files = [f for f in (document.file, document.thumbnail) if f]
    storage_names = [(f.storage, f.name) for f in files]
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in storage_names])


def file_document(
    *,
    community: Community,
    content: bytes,
    filename: str,
    title: str,
    elements: Iterable[int],
    mime_type: str,
    kind: str,
    user: User | None = None,
    date: datetime.date | None = None,
    source_unit: str = "",
    description: str = "",
) -> Document:
    """File bytes we generated ourselves (a report PDF) as a document, without upload checks."""
    import hashlib

    document = Document(
        community=community,
        title=title[:200],
        original_name=filename,
        kind=kind,
        mime_type=mime_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        date=date or timezone.localdate(),
        source_unit=source_unit,
        description=description,
    )
    extension = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    document.file.save(f"generated{extension}", ContentFile(content), save=False)
    document.save()
    set_elements(document, elements)
    return document
