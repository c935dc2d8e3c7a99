"""The form for a real emergency response, with its links to accidents and injury cards."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.forms import CommunityModelForm

from .. import selectors
from ..choices import PlanStatus
from ..models import EmergencyPlan, EmergencyResponse
from .resources import split_numbers


class ResponseForm(CommunityModelForm):
    card_numbers = forms.CharField(
        label=gettext_lazy("关联伤害报告卡编号"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "填写本次事件造成伤害的报告卡编号，多个用逗号或空格分隔；关联事故下的报告卡会自动列出。"
        ),
    )

    class Meta:
        model = EmergencyResponse
        fields = [
            "title",
            "category",
            "emergency_type",
            "response_level",
            "plan",
            "occurred_at",
            "ended_at",
            "place",
            "commander",
            "evacuated",
            "description",
            "actions_taken",
            "teams",
            "outcome",
            "lessons",
            "accidents",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(),
            "ended_at": forms.DateTimeInput(),
        }

    def prepare_fields(self):
        plans = EmergencyPlan.objects.filter(community=self.community).exclude(
            status=PlanStatus.SUPERSEDED
        )
        if self.instance.plan_id:
            plans = plans | EmergencyPlan.objects.filter(pk=self.instance.plan_id)
        self.fields["plan"].queryset = plans.order_by("category", "title")
        self.fields["accidents"].queryset = self.fields["accidents"].queryset.order_by(
            "-occurred_at"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["card_numbers"] = " ".join(
                card.number for card in self.instance.injury_cards.order_by("pk")
            )

    def clean_card_numbers(self):
        numbers = split_numbers(self.cleaned_data.get("card_numbers"))
        found, unknown = selectors.cards_by_number(self.community, numbers)
        if unknown:
            raise forms.ValidationError(
                _("本社区找不到这些报告卡：%(numbers)s") % {"numbers": "、".join(unknown)}
            )
        self.linked_cards = list({card.pk: card for card in found.values()}.values())
        return " ".join(numbers)

    def save(self, commit=True):
        response = super().save(commit)
        if commit:
            response.injury_cards.set(getattr(self, "linked_cards", []))
        return response
