"""The office's page for API tokens: issue (the secret is shown once), list, revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin

from .forms import ApiTokenForm
from .models import ApiToken


class TokenList(CommunityMixin, View):
    view_roles = OFFICE_ONLY

    def render(self, form, secret=None, token=None):
        tokens = (
            ApiToken.objects.filter(community=self.community)
            .select_related("reporting_unit", "created_by")
            .order_by("-created", "-pk")
        )
        return render(
            self.request,
            "api/token_list.html",
            {
                "community": self.community,
                "membership": self.membership,
                "title": _("API 令牌"),
                "tokens": tokens,
                "form": form,
                "secret": secret,
                "new_token": token,
            },
        )

    def get(self, request, community):
        return self.render(ApiTokenForm(community=self.community, user=request.user))

    def post(self, request, community):
        form = ApiTokenForm(request.POST, community=self.community, user=request.user)
        if not form.is_valid():
            return self.render(form)
        token, secret = ApiToken.issue(
            community=self.community,
            created_by=request.user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        token.save()
        # Rendered, not redirected: the secret must not pass through a URL or the session.
        return self.render(ApiTokenForm(community=self.community, user=request.user), secret, token)


class TokenRevoke(CommunityMixin, View):
    view_roles = OFFICE_ONLY
    http_method_names = ["post"]

    def post(self, request, community, pk):
        token = get_object_or_404(ApiToken, community=self.community, pk=pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
        return redirect("api:token_list", community=self.community.slug)
