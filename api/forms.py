from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.forms import CommunityModelForm

from .models import ApiToken


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
