"""Template tags of the archive: the attachments panel shown on every record's page."""

from django import template
from django.contrib.contenttypes.models import ContentType

from committee.choices import Role
from safecommunity.tenancy import OFFICE_AND_LEADERS, READ_ROLES, can_edit

register = template.Library()


@register.simple_tag(takes_context=True)
def attachments_for(context, obj):
    """{'visible', 'documents', 'can_upload', 'content_type_id', 'form'} for the record ``obj``.

    Nothing is shown for objects without a community, for archive documents themselves, and for
    members who may not read the archive (injury reporters).
    """
    from archive.forms import AttachmentForm
    from archive.models import Document
    from archive.selectors import attachments_of
    from archive.services.documents import default_element

    request = context.get("request")
    membership = context.get("membership") or getattr(request, "membership", None)
    hidden = {"visible": False}
    if obj is None or getattr(obj, "pk", None) is None or isinstance(obj, Document):
        return hidden
    if membership is None or membership.role not in READ_ROLES:
        return hidden
    if getattr(obj, "community_id", None) != membership.community_id:
        return hidden
    may_upload = membership.role in (Role.OFFICE, Role.LEADER) and can_edit(
        membership, obj, edit_roles=OFFICE_AND_LEADERS, group=getattr(obj, "working_group", None)
    )
    return {
        "visible": True,
        "documents": list(attachments_of(obj, membership)),
        "can_upload": may_upload,
        "content_type_id": ContentType.objects.get_for_model(obj).pk,
        "form": AttachmentForm(initial={"element": default_element(obj)}) if may_upload else None,
    }


@register.filter
def element_badges(document):
    return document.element_numbers


@register.filter
def kind_icon(kind):
    return {
        "pdf": "bi-file-earmark-pdf",
        "word": "bi-file-earmark-word",
        "excel": "bi-file-earmark-excel",
        "powerpoint": "bi-file-earmark-ppt",
        "image": "bi-file-earmark-image",
        "audio": "bi-file-earmark-music",
        "video": "bi-file-earmark-play",
    }.get(kind, "bi-file-earmark")


@register.filter
def state_class(state):
    return {
        "done": "text-bg-success",
        "failed": "text-bg-danger",
        "running": "text-bg-info",
        "pending": "text-bg-secondary",
    }.get(state, "text-bg-secondary")


@register.filter
def grade_label(grade):
    return grade or "—"


@register.filter
def file_uri(source):
    """URI of a photo for <img> in PDFs: a file:// URI of a local path, or the media: URI that
    safecommunity.pdf reads through the storage (see ``safecommunity.pdf.media_source``)."""
    from safecommunity.pdf import image_uri

    return image_uri(source)


@register.filter
def element_name(number):
    from safecommunity.elements import Element

    try:
        return Element(int(number)).label
    except (TypeError, ValueError):
        return ""


@register.filter
def grade_class(grade):
    """Badge colour of a grade a/b/c/d (grey for a manual part)."""
    return {
        "a": "text-bg-success",
        "b": "text-bg-primary",
        "c": "text-bg-warning",
        "d": "text-bg-danger",
    }.get(grade, "text-bg-secondary")


@register.filter
def band_class(band):
    return {"pass": "text-success", "rectify": "text-warning-emphasis", "fail": "text-danger"}.get(
        band, "text-muted"
    )


@register.filter
def get_grade(grades, part):
    return (grades or {}).get(part, "")
