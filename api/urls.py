from django.urls import path

from . import token_views, webhook_views

app_name = "api"

urlpatterns = [
    path("tokens/", token_views.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token_revoke"),
    path("webhooks/", webhook_views.WebhookListView.as_view(), name="webhook_list"),
    path(
        "webhooks/<int:pk>/toggle/",
        webhook_views.WebhookToggleView.as_view(),
        name="webhook_toggle",
    ),
]
