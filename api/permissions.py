"""Who may call what: members through a personal token (within its scope) or their
signed-in session; an inbox token only the intake endpoint."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken, InboxToken
from casework.models import Membership


def _is_member(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    try:
        return user.membership is not None
    except Membership.DoesNotExist:
        return False


class MemberWithinScope(BasePermission):
    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, InboxToken):
            self.message = _("An inbox token can only post new entries to /api/v1/intake/.")
            return False
        if not _is_member(request.user):
            self.message = _("Sign in, or send a personal access token.")
            return False
        if (
            isinstance(request.auth, ApiToken)
            and request.method not in SAFE_METHODS
            and not request.auth.may_write
        ):
            self.message = _("This token is read-only: make a read-and-write token to change data.")
            return False
        return True


class InboxTokenOnly(BasePermission):
    message = _("Only an organisation's inbox token posts here.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, InboxToken)
