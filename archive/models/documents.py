"""Evidence documents (element 10): uploaded files tagged to elements, optionally linked to a record."""

import posixpath
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import Element
from safecommunity.models import record_url

from ..choices import DocumentKind

# Records of these apps may carry personal data of injured people: their attachments are shown to
# the office only and never go into the dossier.
PERSONAL_DATA_APPS = frozenset({"injuries"})


def stored_name(community_id, folder, extension):
    """A non-guessable storage path: archive/<community>/<folder>/<random>.<ext>.

    The uploader's file name never reaches the file system; it is kept in ``original_name``.
    """
    return posixpath.join("archive", str(community_id), folder, f"{uuid.uuid4().hex}{extension}")


def document_upload_to(instance, filename):
    return stored_name(
        instance.community_id, f"{timezone.now():%Y}", posixpath.splitext(filename)[1]
    )


def thumbnail_upload_to(instance, filename):
    return stored_name(instance.community_id, "thumbs", ".jpg")


class DocumentQuerySet(models.QuerySet):
    def for_element(self, element):
        return self.filter(element_links__element=element)

    def unrestricted(self):
        """Documents free of personal data: what non-office roles and the dossier may see."""
        restricted_types = ContentType.objects.filter(app_label__in=PERSONAL_DATA_APPS)
        return self.filter(personal_data=False).exclude(content_type__in=restricted_types)


class Document(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=20, choices=DocumentKind.choices)
    mime_type = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256 校验值"), max_length=64, blank=True)
    thumbnail = models.FileField(
        _("缩略图"), upload_to=thumbnail_upload_to, max_length=255, blank=True
    )
    date = models.DateField(_("资料日期"), default=timezone.localdate)
    source_unit = models.CharField(_("来源单位"), max_length=100, blank=True)
    tags = models.CharField(
        _("标签"), max_length=200, blank=True, help_text=_("多个标签以逗号或空格分隔。")
    )
    description = models.TextField(_("说明"), blank=True)
    working_group = models.ForeignKey(
        "committee.WorkingGroup",
        verbose_name=_("工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    personal_data = models.BooleanField(
        _("含个人信息"),
        default=False,
        help_text=_("勾选后仅办公室可查看，且不纳入申报材料。"),
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("关联记录类型"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("关联记录编号"), null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案资料")
        verbose_name_plural = _("档案资料")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "kind"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="document_record_link_complete",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url(self, "archive:document_detail")

    def get_download_url(self):
        return record_url(self, "archive:document_download")

    def get_thumbnail_url(self):
        if not self.thumbnail:
            return ""
        return record_url(self, "archive:document_thumbnail")

    def clean(self):
        if (self.content_type_id is None) != (self.object_id is None):
            raise ValidationError(_("关联记录的类型和编号必须同时填写。"))

    @property
    def is_restricted(self):
        """Only the office sees it: flagged as personal, or attached to an injury record."""
        if self.personal_data:
            return True
        if self.content_type_id is None:
            return False
        return ContentType.objects.get_for_id(self.content_type_id).app_label in PERSONAL_DATA_APPS

    @property
    def extension(self):
        return posixpath.splitext(self.file.name)[1]

    @property
    def download_name(self):
        """The uploader's name, but with the extension of the type we detected."""
        stem = posixpath.splitext(self.original_name)[0] or self.title
        return f"{stem}{self.extension}"

    @property
    def tag_list(self):
        return [t for t in self.tags.replace("，", ",").replace(",", " ").split() if t]

    @property
    def element_numbers(self):
        return sorted(link.element for link in self.element_links.all())


class DocumentElement(models.Model):
    """One element a document evidences. A document may evidence several."""

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        Document, verbose_name=_("档案资料"), on_delete=models.CASCADE, related_name="element_links"
    )
    element = models.PositiveSmallIntegerField(_("要素"), choices=Element.choices)

    class Meta:
        verbose_name = _("资料所属要素")
        verbose_name_plural = _("资料所属要素")
        ordering = ["element"]
        indexes = [models.Index(fields=["community", "element"])]
        constraints = [
            models.UniqueConstraint(fields=["document", "element"], name="uniq_document_element"),
            models.CheckConstraint(
                condition=models.Q(element__gte=1, element__lte=12), name="document_element_range"
            ),
        ]

    def __str__(self):
        return f"{self.document} · {self.get_element_display()}"
