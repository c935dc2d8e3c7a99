"""The office's forms for alert channels: a channel, and the kind × channel matrix."""

import re
import urllib.parse

from django import forms
from django.utils.translation import gettext_lazy as _

from safecommunity.forms import CommunityModelForm

from ..choices import AlertFormat, ChannelType
from .models import AlertChannel

PHONE = re.compile(r"^1\d{10}$")


def key_from(value, name):
    """Accept the robot's whole webhook address as pasted from the group settings, or the key."""
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(value).query)
        return (query.get(name) or [""])[0].strip()
    return value


class AlertChannelForm(CommunityModelForm):
    """The robot key and the secret are write-only: an edit leaves them blank, and blank keeps
    the saved value (the page shows only their last four characters)."""

    class Meta:
        model = AlertChannel
        fields = ("channel_type", "name", "key", "secret", "message_format", "phones")
        widgets = {
            "key": forms.PasswordInput(render_value=False),
            "secret": forms.PasswordInput(render_value=False),
            "phones": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message_format"].required = False
        self.fields["message_format"].help_text = _("仅用于企业微信；钉钉总是 Markdown。")
        self.saved_key = self.instance.key if self.instance.pk else ""
        self.saved_secret = self.instance.secret if self.instance.pk else ""
        if self.instance.pk:
            self.fields["channel_type"].disabled = True
            for name, saved in (("key", self.saved_key), ("secret", self.saved_secret)):
                if saved:
                    self.fields[name].help_text = _("已保存（%(masked)s）；留空则保持不变。") % {
                        "masked": AlertChannel.masked(saved)
                    }

    def clean(self):
        data = super().clean()
        kind = data.get("channel_type") or self.instance.channel_type
        param = "access_token" if kind == ChannelType.DINGTALK else "key"
        key = key_from(data.get("key", ""), param) or self.saved_key
        secret = (data.get("secret") or "").strip() or self.saved_secret
        if kind in (ChannelType.WECOM, ChannelType.DINGTALK):
            if not key:
                self.add_error("key", _("请填写机器人的 webhook 地址或密钥。"))
            data["phones"] = ""
        else:
            key, secret = "", ""
            phones = AlertChannel(phones=data.get("phones", "")).phone_list
            if not phones:
                self.add_error("phones", _("请至少填写一个手机号。"))
            wrong = [p for p in phones if not PHONE.match(p)]
            if wrong:
                self.add_error(
                    "phones", _("手机号格式不正确：%(phones)s") % {"phones": "、".join(wrong)}
                )
            data["phones"] = "\n".join(phones)
        if kind != ChannelType.DINGTALK:
            secret = ""
        data["key"], data["secret"] = key, secret
        data["message_format"] = data.get("message_format") or AlertFormat.MARKDOWN
        self.instance.key, self.instance.secret = key, secret
        return data

    def _post_clean(self):
        super()._post_clean()
        # construct_instance() skipped the write-only fields left blank: keep what clean() chose.
        self.instance.key = self.cleaned_data.get("key", self.instance.key)
        self.instance.secret = self.cleaned_data.get("secret", self.instance.secret)
