"""``Authorization: Bearer <token>``: a personal access token, or a partner's inbox token.

A personal token acts as its user. An inbox token is no user at all: ``request.user`` stays
anonymous and ``request.auth`` is the InboxToken, which only the intake endpoint accepts.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api import selectors, services

INVALID = _("The token is not valid: it may have expired or been revoked.")


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as “Authorization: Bearer <token>”."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(INVALID) from None
        if raw.startswith(services.INBOX_PREFIX):
            inbox = selectors.inbox_token_by_secret(raw)
            if inbox is None:
                raise AuthenticationFailed(INVALID)
            return AnonymousUser(), inbox
        token = selectors.api_token_by_secret(raw)
        if token is None:
            raise AuthenticationFailed(INVALID)
        services.api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="panah"'
