"""API tokens an office issues, and the stored results of idempotent requests."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SECRET_PREFIX = "sc_"
DISPLAY_LENGTH = 11  # "sc_" and eight characters: enough to tell tokens apart on the page


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires__isnull=True) | models.Q(expires__gt=now)
        )


class ApiToken(models.Model):
    """A secret that lets another system act in one community (for a hospital: one unit), or
    read the figures of the communities of one region (a county or province platform).

    Only the SHA-256 of the secret is kept; the secret is shown once, when the token is issued.
    A region token is issued for a reviewer of the region (``created_by``) and reads no more
    than he reads on the region pages: it stops working when he no longer reviews the region.
    """

    community = models.ForeignKey(
        "committee.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    region = models.ForeignKey(
        "committee.Region",
        verbose_name=_("区域"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        editable=False,
    )
    reporting_unit = models.ForeignKey(
        "injuries.ReportingUnit",
        verbose_name=_("报告单位"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text=_(
            "医院等报告单位的令牌只能提交和读取本单位的伤害监测报告卡；不选则为全社区令牌。"
        ),
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：区人民医院 HIS 接口。"))
    prefix = models.CharField(_("令牌前缀"), max_length=DISPLAY_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires = models.DateTimeField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["community_id", "-created", "-pk"]
        indexes = [models.Index(fields=["community", "created"])]
        constraints = [
            # A token acts in one community, or reads one region: never both, never neither;
            # a reporting unit belongs to a community token only.
            models.CheckConstraint(
                condition=models.Q(community__isnull=False, region__isnull=True)
                | models.Q(
                    community__isnull=True, region__isnull=False, reporting_unit__isnull=True
                ),
                name="api_token_community_or_region",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, **fields):
        """A new token and its secret (the only time the secret exists outside the client)."""
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        token = cls(prefix=secret[:DISPLAY_LENGTH], key_hash=hash_secret(secret), **fields)
        return token, secret

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires is None or self.expires > now)

    @property
    def status_label(self):
        if self.revoked_at is not None:
            return _("已吊销")
        if not self.is_usable():
            return _("已过期")
        return _("有效")

    @property
    def is_region_token(self):
        return self.region_id is not None

    @property
    def audit_label(self):
        """How the audit history names a change made with this token."""
        return f"API {self.prefix}… {self.name}"[:100]


class IdempotentRequest(models.Model):
    """The first answer to a request sent with an ``Idempotency-Key``: a resend gets it again."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="requests")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_per_token")
        ]

    def __str__(self):
        return self.key


class ApiCall(models.Model):
    """One call made with a token: the audit of reads as well as writes (what a write changed
    is in the changed records' own history, which names the token)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    method = models.CharField(max_length=7)
    path = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("API 调用")
        verbose_name_plural = _("API 调用")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status_code}"


class WebhookEvent(models.TextChoices):
    """What a subscriber may be told about (``api.webhooks.emit``)."""

    MAJOR_DANGER = "hidden_danger.major", _("新的重大隐患")
    RECTIFICATION_OVERDUE = "rectification.overdue", _("隐患整改逾期")
    CARD_BATCH = "injury_cards.batch", _("新一批伤害监测报告卡")


class WebhookSubscription(models.Model):
    """A system (a county platform) told of the community's events by a signed POST."""

    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：区县双重预防平台。"))
    url = models.URLField(_("接收地址"), max_length=500)
    secret = models.CharField(
        _("签名密钥"),
        max_length=100,
        help_text=_("用于 HMAC-SHA256 签名（请求头 X-SafeCommunity-Signature），接收方据此验证。"),
    )
    events = models.JSONField(_("事件"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook 订阅")
        verbose_name_plural = _("Webhook 订阅")
        ordering = ["community_id", "-created", "-pk"]
        indexes = [models.Index(fields=["community", "is_active"])]

    def __str__(self):
        return self.name

    def event_labels(self):
        labels = dict(WebhookEvent.choices)
        return [labels.get(event, event) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("失败")


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one subscription, with the outcome of its attempts."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("事件"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("响应状态码"), null=True, blank=True)
    last_error = models.CharField(_("错误"), max_length=500, blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    # When a message for it last went to the broker: unset while the broker was down (the
    # sweep ``api.webhooks.requeue_pending`` then queues it again).
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Webhook 投递")
        verbose_name_plural = _("Webhook 投递")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["subscription", "created"]),
            models.Index(fields=["status", "queued_at"]),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.status})"
