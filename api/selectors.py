"""Reads for tokens and the inbox. Anything not the asker's own is 404, like a case."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from api.models import ApiToken, InboxEntry, InboxEntryState, InboxToken
from api.services import INBOX_ROLES, token_digest
from casework.models import Role
from casework.selectors import membership_of

MAX_TOKEN_LENGTH = 100


def api_token_by_secret(raw: str) -> ApiToken | None:
    """The active token this secret opens, with its active member user; else None."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.select_related("user__membership__organisation")
        .filter(
            token_hash=token_digest(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            user__membership__isnull=False,
        )
        .first()
    )


def inbox_token_by_secret(raw: str) -> InboxToken | None:
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        InboxToken.objects.select_related("organisation")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True)
        .first()
    )


def tokens_of_user(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_for_owner(user, public_id: UUID) -> ApiToken:
    token = ApiToken.objects.filter(user=user, public_id=public_id).first()
    if token is None:
        raise Http404
    return token


def _admin_membership(user):
    membership = membership_of(user)
    if membership.role != Role.ADMIN:
        raise Http404
    return membership


def inbox_tokens_for_admin(user) -> QuerySet[InboxToken]:
    membership = _admin_membership(user)
    return InboxToken.objects.filter(organisation_id=membership.organisation_id).select_related(
        "created_by"
    )


def inbox_token_for_admin(user, public_id: UUID) -> InboxToken:
    token = inbox_tokens_for_admin(user).filter(public_id=public_id).first()
    if token is None:
        raise Http404
    return token


def _inbox_membership(user):
    membership = membership_of(user)
    if membership.role not in INBOX_ROLES:
        raise Http404
    return membership


def inbox_entries(user, state: str = InboxEntryState.NEW) -> QuerySet[InboxEntry]:
    """The organisation's inbox, oldest waiting first: someone may be held since then."""
    membership = _inbox_membership(user)
    qs = InboxEntry.objects.filter(organisation_id=membership.organisation_id, state=state)
    qs = qs.select_related("source", "decided_by", "case")
    if state == InboxEntryState.NEW:
        return qs.order_by("received_at", "id")
    return qs.order_by("-decided_at", "-id")


def inbox_entry_for_user(user, public_id: UUID) -> InboxEntry:
    membership = _inbox_membership(user)
    entry = (
        InboxEntry.objects.filter(organisation_id=membership.organisation_id, public_id=public_id)
        .select_related("source", "decided_by", "case")
        .first()
    )
    if entry is None:
        raise Http404
    return entry
