"""Pages for tokens (a user's own, an admin's inbox tokens) and for working the inbox."""

from django.urls import path

from api import web_views

app_name = "api_web"

urlpatterns = [
    path("accounts/api-tokens/", web_views.token_list, name="token-list"),
    path(
        "accounts/api-tokens/<uuid:token_id>/revoke/",
        web_views.token_revoke,
        name="token-revoke",
    ),
    path("inbox/", web_views.inbox_list, name="inbox-list"),
    path("inbox/<uuid:entry_id>/accept/", web_views.inbox_accept, name="inbox-accept"),
    path("inbox/<uuid:entry_id>/dismiss/", web_views.inbox_dismiss, name="inbox-dismiss"),
    path("inbox/tokens/", web_views.inbox_token_list, name="inbox-token-list"),
    path(
        "inbox/tokens/<uuid:inbox_token_id>/revoke/",
        web_views.inbox_token_revoke,
        name="inbox-token-revoke",
    ),
]
