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


# Print widths, in em of the table's font, for the column-width rule of print_columns.
NOWRAP_MAX_EM = 7.5  # a column whose every cell fits this stays on one line (names, roles, dates)
NOWRAP_BUDGET_EM = 30  # at most this much of the ~52 em A4 line goes to unbreakable columns
CELL_PADDING_EM = 1.5


def _print_width(text):
    """Width of ``text`` in em: CJK and full-width characters 1, others about half."""
    import unicodedata

    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in str(text))


@register.filter
def print_columns(table):
    """[(header, css class)] for a PDF table (headers, rows): "nowrap" on its short columns.

    Names, roles, dates and phone numbers split mid-word (陈志/强, 副主/任) when the browser
    shares the width evenly; keeping the narrowest columns whole, within a budget so the table
    still fits the page, leaves the wrapping to the long text columns.
    """
    headers = [str(h) for h in table.headers]
    widths = []
    for index, header in enumerate(headers):
        cells = [row[index] for row in table.rows if index < len(row) and row[index] is not None]
        widths.append(max([_print_width(header), *(_print_width(c) for c in cells)]))
    nowrap, budget = set(), NOWRAP_BUDGET_EM
    for index in sorted(range(len(headers)), key=lambda i: widths[i]):
        need = widths[index] + CELL_PADDING_EM
        if widths[index] > NOWRAP_MAX_EM or need > budget:
            break
        nowrap.add(index)
        budget -= need
    return [(h, "nowrap" if i in nowrap else "") for i, h in enumerate(headers)]


@register.filter
def print_rows(table):
    """The rows of ``table`` as [(cell, css class)], with the classes of print_columns."""
    classes = [css for _h, css in print_columns(table)]
    return [
        [(cell, classes[i] if i < len(classes) else "") for i, cell in enumerate(row)]
        for row in table.rows
    ]
