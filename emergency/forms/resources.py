"""Forms for supplies, shelters and rescue teams, and the routine check."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.forms import CommunityModelForm, StyledForm

from ..models import RescueTeam, Shelter, Supply


class SupplyForm(CommunityModelForm):
    class Meta:
        model = Supply
        fields = [
            "name",
            "kind",
            "spec",
            "quantity",
            "unit",
            "min_quantity",
            "location",
            "custodian",
            "custodian_phone",
            "purchased_on",
            "expires_on",
            "last_checked_on",
            "check_interval_days",
            "notes",
        ]
        widgets = {
            "purchased_on": forms.DateInput(),
            "expires_on": forms.DateInput(),
            "last_checked_on": forms.DateInput(),
        }


class ShelterForm(CommunityModelForm):
    class Meta:
        model = Shelter
        fields = [
            "name",
            "kind",
            "address",
            "capacity",
            "area_m2",
            "serves",
            "manager",
            "phone",
            "facilities",
            "last_checked_on",
            "check_interval_days",
            "is_active",
        ]
        widgets = {"last_checked_on": forms.DateInput()}


class TeamForm(CommunityModelForm):
    class Meta:
        model = RescueTeam
        fields = [
            "name",
            "kind",
            "size",
            "leader",
            "phone",
            "duty_phone",
            "base",
            "coverage",
            "partner",
            "capability",
            "equipment",
            "volunteers",
            "is_active",
        ]

    def prepare_fields(self):
        self.fields["volunteers"].help_text = _("从志愿者名册中勾选，可输入姓名筛选。")


class CheckForm(StyledForm):
    """Record a routine check; a supply's counted quantity may be entered at the same time."""

    checked_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput())
    quantity = forms.IntegerField(label=_("清点数量"), min_value=0, required=False)

    def __init__(self, *args, with_quantity=False, **kwargs):
        kwargs.setdefault("initial", {"checked_on": timezone.localdate()})
        self.with_quantity = with_quantity
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        if not self.with_quantity:
            del self.fields["quantity"]


CARD_NUMBER_SPLIT = re.compile(r"[\s,，、;；]+")


def split_numbers(text):
    return [part for part in CARD_NUMBER_SPLIT.split(text or "") if part]
