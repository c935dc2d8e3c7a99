"""Alert channels of a community (group robots, SMS), the reminders waiting to be summarised,
the daily summaries and every delivery attempt's outcome. Imported by ``committee.models``."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AlertFormat, AlertKind, AlertStatus, ChannelType


class AlertChannel(models.Model):
    """A 企业微信 or 钉钉 group robot, or a list of phone numbers for SMS, and the kinds of
    reminder it receives. The robot key and the signing secret are never shown back in full."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="alert_channels"
    )
    channel_type = models.CharField(_("渠道类型"), max_length=10, choices=ChannelType.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：安委办工作群"))
    key = models.CharField(
        _("机器人密钥"),
        max_length=200,
        blank=True,
        help_text=_(
            "企业微信为 webhook 地址中的 key，钉钉为 access_token；可直接粘贴整个 webhook 地址。"
        ),
    )
    secret = models.CharField(
        _("加签密钥"),
        max_length=200,
        blank=True,
        help_text=_("钉钉机器人“加签”安全设置中的 SEC 开头的密钥；未开启加签可不填。"),
    )
    message_format = models.CharField(
        _("消息格式"), max_length=10, choices=AlertFormat.choices, default=AlertFormat.MARKDOWN
    )
    phones = models.TextField(_("接收手机号"), blank=True, help_text=_("每行一个，或用逗号分隔。"))
    kinds = models.JSONField(_("提醒类别"), default=list, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("提醒渠道")
        verbose_name_plural = _("提醒渠道")
        ordering = ["community", "pk"]
        indexes = [models.Index(fields=["community", "is_active"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committee:alerts", kwargs={"community": self.community.slug})

    @staticmethod
    def masked(value):
        """Enough of a key to recognise it, never enough to use it."""
        if not value:
            return ""
        return "••••" + value[-4:] if len(value) > 8 else "••••"

    @property
    def masked_key(self):
        return self.masked(self.key)

    @property
    def masked_secret(self):
        return self.masked(self.secret)

    @property
    def phone_list(self):
        raw = self.phones.replace("，", ",").replace("\n", ",")
        return [p.strip() for p in raw.split(",") if p.strip()]

    def kind_labels(self):
        return [AlertKind(k).label for k in self.kinds if k in AlertKind.values]


class AlertDigest(models.Model):
    """The one message a day per community and kind (its deliveries go to each channel)."""

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("提醒类别"), max_length=30, choices=AlertKind.choices)
    day = models.DateField(_("日期"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("每日提醒汇总")
        verbose_name_plural = _("每日提醒汇总")
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "day"], name="alert_digest_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day}"


class AlertItem(models.Model):
    """One reminder raised by ``notify`` for a community, waiting for (or part of) a digest."""

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("提醒类别"), max_length=30, choices=AlertKind.choices)
    key = models.CharField(_("提醒标识"), max_length=100)
    day = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    digest = models.ForeignKey(
        AlertDigest, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )

    class Meta:
        verbose_name = _("待发提醒")
        verbose_name_plural = _("待发提醒")
        ordering = ["pk"]
        indexes = [models.Index(fields=["digest", "community", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "key", "day"], name="alert_item_once_a_day"
            )
        ]

    def __str__(self):
        return self.title


class AlertDelivery(models.Model):
    """One message to one channel (a digest, or a test message) and what its attempts gave."""

    community = models.ForeignKey("committee.Community", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(AlertChannel, on_delete=models.CASCADE, related_name="deliveries")
    digest = models.ForeignKey(
        AlertDigest, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(_("提醒类别"), max_length=30, blank=True, choices=AlertKind.choices)
    is_test = models.BooleanField(_("测试消息"), default=False)
    payload = models.JSONField(_("消息"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    response = models.CharField(_("响应"), max_length=500, blank=True)
    history = models.JSONField(_("各次尝试"), default=list, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒投递")
        verbose_name_plural = _("提醒投递")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self):
        return f"{self.channel} {self.get_status_display()}"
