import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.forms import CommunityModelForm

from .models import ApiToken, WebhookEvent, WebhookSubscription


class ApiTokenForm(CommunityModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "reporting_unit", "expires")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires"].widget.input_type = "datetime-local"
        self.fields["expires"].help_text = _("不填则长期有效，可随时吊销。")

    def clean_expires(self):
        expires = self.cleaned_data.get("expires")
        if expires is not None and expires <= timezone.now():
            self.add_error("expires", _("有效期应晚于当前时间。"))
        return expires


class WebhookSubscriptionForm(CommunityModelForm):
    events = forms.MultipleChoiceField(
        label=_("事件"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("签名密钥"),
        required=False,
        max_length=100,
        help_text=_("不填则自动生成，保存后只显示一次。接收方用它验证 X-SafeCommunity-Signature。"),
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "secret")

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if not url.lower().startswith(("http://", "https://")):
            self.add_error("url", _("接收地址应以 http:// 或 https:// 开头。"))
        return url

    def clean_secret(self):
        return self.cleaned_data.get("secret", "").strip() or secrets.token_urlsafe(32)
