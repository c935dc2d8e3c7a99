"""Management reviews (评审, element 12) and their improvement decisions."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.models import record_url


class ManagementReview(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="management_reviews"
    )
    date = models.DateField(_("评审日期"))
    title = models.CharField(_("评审名称"), max_length=200)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.CharField(_("主持人"), max_length=60, blank=True)
    participants = models.TextField(
        _("参加人员"), help_text=_("姓名、单位，每行一人或以顿号分隔。")
    )
    participant_members = models.ManyToManyField(
        "committee.Member", verbose_name=_("参加的委员会成员"), blank=True, related_name="+"
    )
    reports = models.ManyToManyField(
        "archive.Report", verbose_name=_("评审输入：评估报告"), blank=True, related_name="reviews"
    )
    other_inputs = models.TextField(_("其他评审输入"), blank=True)
    conclusions = models.TextField(_("评审结论"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[reports])

    class Meta:
        verbose_name = _("管理评审")
        verbose_name_plural = _("管理评审")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self):
        return f"{self.date} {self.title}"

    def get_absolute_url(self):
        return record_url(self, "archive:review_detail")


class ReviewDecision(models.Model):
    """An improvement decision of a review; it becomes a tracked corrective action in hazards."""

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("管理评审"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    title = models.CharField(_("改进决定"), max_length=200)
    description = models.TextField(_("具体要求"), blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=60, blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    action_type = models.ForeignKey(
        ContentType,
        verbose_name=_("纠正措施类型"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action_id = models.PositiveBigIntegerField(_("纠正措施编号"), null=True, blank=True)
    action = GenericForeignKey("action_type", "action_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审改进决定")
        verbose_name_plural = _("评审改进决定")
        ordering = ["review", "id"]
        indexes = [models.Index(fields=["community", "due_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.review.get_absolute_url()

    @property
    def has_action(self):
        return self.action_id is not None
