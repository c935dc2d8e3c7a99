from django.urls import path

from . import token_views, webhook_views

app_name = "api"

urlpatterns = [
    path("tokens/", token_views.TokenList.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevoke.as_view(), name="token_revoke"),
    path("webhooks/", webhook_views.WebhookList.as_view(), name="webhook_list"),
    path(
        "webhooks/<int:pk>/toggle/",
        webhook_views.WebhookToggle.as_view(),
        name="webhook_toggle",
    ),
]
