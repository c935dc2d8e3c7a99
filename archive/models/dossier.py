"""A build of the accreditation dossier (申报材料): a PDF and a ZIP with the original evidence."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecommunity.models import record_url

from ..choices import JobState


class DossierBuild(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="dossier_builds"
    )
    period_start = models.DateField(_("材料期间开始"))
    period_end = models.DateField(_("材料期间结束"))
    state = models.CharField(
        _("状态"), max_length=20, choices=JobState.choices, default=JobState.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    pdf = models.FileField(_("申报材料 PDF"), max_length=255, blank=True)
    zip = models.FileField(_("资料包 ZIP"), max_length=255, blank=True)
    pdf_size = models.PositiveBigIntegerField(_("PDF 大小"), default=0)
    zip_size = models.PositiveBigIntegerField(_("ZIP 大小"), default=0)
    page_count = models.PositiveIntegerField(_("页数"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task_id = models.CharField(_("任务编号"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报材料生成")
        verbose_name_plural = _("申报材料生成")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="dossier_progress_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="dossier_period_order",
            ),
        ]

    def __str__(self):
        return f"{self.community} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("archive:dossier", kwargs={"community": self.community.slug})

    def get_status_url(self):
        return record_url(self, "archive:dossier_status")

    def get_download_url(self, what="pdf"):
        return reverse(
            "archive:dossier_download",
            kwargs={"community": self.community.slug, "pk": self.pk, "what": what},
        )

    @property
    def is_finished(self):
        return self.state in (JobState.DONE, JobState.FAILED)
