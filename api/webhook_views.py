"""The office's page for outgoing webhooks: subscribe a system, see recent deliveries."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin

from .forms import WebhookSubscriptionForm
from .models import WebhookDelivery, WebhookSubscription

RECENT = 50


class WebhookList(CommunityMixin, View):
    view_roles = OFFICE_ONLY

    def render(self, form, created=None):
        subscriptions = WebhookSubscription.objects.filter(community=self.community).select_related(
            "created_by"
        )
        deliveries = (
            WebhookDelivery.objects.filter(subscription__community=self.community)
            .select_related("subscription")
            .order_by("-created", "-pk")[:RECENT]
        )
        return render(
            self.request,
            "api/webhook_list.html",
            {
                "community": self.community,
                "membership": self.membership,
                "title": _("Webhook 订阅"),
                "subscriptions": subscriptions,
                "deliveries": deliveries,
                "form": form,
                "created": created,
            },
        )

    def get(self, request, community):
        return self.render(WebhookSubscriptionForm(community=self.community, user=request.user))

    def post(self, request, community):
        form = WebhookSubscriptionForm(request.POST, community=self.community, user=request.user)
        if not form.is_valid():
            return self.render(form)
        subscription = form.save(commit=False)
        subscription.community = self.community
        subscription.created_by = request.user
        subscription.save()
        # Rendered, not redirected: the secret is shown once, never through a URL or the session.
        form = WebhookSubscriptionForm(community=self.community, user=request.user)
        return self.render(form, created=subscription)


class WebhookToggle(CommunityMixin, View):
    view_roles = OFFICE_ONLY
    http_method_names = ["post"]

    def post(self, request, community, pk):
        subscription = get_object_or_404(WebhookSubscription, community=self.community, pk=pk)
        subscription.is_active = not subscription.is_active
        subscription.save(update_fields=["is_active"])
        if subscription.is_active:
            messages.success(request, _("订阅“%(name)s”已启用。") % {"name": subscription.name})
        else:
            messages.success(request, _("订阅“%(name)s”已停用。") % {"name": subscription.name})
        return redirect("api:webhook_list", community=self.community.slug)
