"""Writes for access tokens and the intake inbox. Each is one transaction and one event."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from api.models import ApiToken, InboxEntry, InboxEntryState, InboxToken, TokenScope
from casework.audit import log_action
from casework.models import Case, Membership, Role
from detainees.intake.services import IntakeRow, cases_open
from detainees.services import OLDEST_AGE

PERSONAL_PREFIX = "pnh_"
INBOX_PREFIX = "pnhinbox_"
TOKEN_BYTES = 32
MAX_TOKEN_DAYS = 366
# Who works the inbox: those who open cases. Paralegals and admins do not.
INBOX_ROLES = (Role.LAWYER, Role.SUPERVISOR)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token(prefix: str) -> tuple[str, str, str]:
    """(clear token, its digest, what the list shows to recognise it)."""
    raw = prefix + secrets.token_urlsafe(TOKEN_BYTES)
    return raw, token_digest(raw), raw[: len(prefix) + 4]


# Personal access tokens ---------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A token acting as ``user``; returns it and the clear token, which is never kept."""
    membership = Membership.of(user)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = gettext("Say what the token is for, so you recognise it later.")
    elif len(name) > 100:
        errors["name"] = gettext("Keep the name under 100 characters.")
    if scope not in TokenScope.values:
        errors["scope"] = gettext("Choose read only, or read and write.")
    if not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = gettext("A token lasts from 1 to %(days)s days.") % {
            "days": MAX_TOKEN_DAYS
        }
    if errors:
        raise ValidationError(errors)
    raw, digest, prefix = _new_token(PERSONAL_PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, token_hash=digest, scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    log_action(
        "api_token.created", organisation=membership.organisation, actor=user, obj=token,
        data={"scope": scope, "days": days},
    )  # fmt: skip
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> bool:
    """The owner stops one token. Revoking twice changes nothing."""
    if token.user_id != by.pk:
        raise ValidationError(gettext("Only the token's owner revokes it here."))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        log_action(
            "api_token.revoked", organisation=Membership.of(by).organisation, actor=by, obj=token,
            data={"tokens": 1, "reason": "by_owner"},
        )  # fmt: skip
    return bool(updated)


@transaction.atomic
def tokens_revoke_for_user(*, user, by=None, reason: str = "revoked_with_account") -> int:
    """Stop every personal access token of ``user`` at once.

    Called wherever the account's hold on its devices ends: "revoke access now", "sign out
    everywhere", a password change and a second-factor reset.
    """
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        membership = Membership.objects.filter(user=user).select_related("organisation").first()
        log_action(
            "api_token.revoked",
            organisation=membership.organisation if membership else None,
            actor=by, obj=user, data={"tokens": count, "reason": reason},
        )  # fmt: skip
    return count


@transaction.atomic
def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# Inbox tokens (organisation admins) ---------------------------------------------------------


def _require_admin(by) -> Membership:
    membership = Membership.of(by)
    if membership.role != Role.ADMIN:
        raise ValidationError(gettext("Only an organisation admin manages inbox tokens."))
    return membership


@transaction.atomic
def inbox_token_create(*, by, name: str) -> tuple[InboxToken, str]:
    membership = _require_admin(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": gettext("Name the partner who will hold this token.")})
    if len(name) > 100:
        raise ValidationError({"name": gettext("Keep the name under 100 characters.")})
    raw, digest, prefix = _new_token(INBOX_PREFIX)
    token = InboxToken.objects.create(
        organisation=membership.organisation, name=name, prefix=prefix, token_hash=digest,
        created_by=by,
    )  # fmt: skip
    log_action(
        "inbox_token.created", organisation=membership.organisation, actor=by, obj=token,
        data={"token": token.pk},
    )  # fmt: skip
    return token, raw


@transaction.atomic
def inbox_token_revoke(*, token: InboxToken, by) -> bool:
    membership = _require_admin(by)
    if token.organisation_id != membership.organisation_id:
        raise ValidationError(gettext("That token belongs to another organisation."))
    updated = InboxToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        log_action(
            "inbox_token.revoked", organisation=membership.organisation, actor=by, obj=token,
            data={"token": token.pk},
        )  # fmt: skip
    return bool(updated)


# Inbox entries ------------------------------------------------------------------------------

ENTRY_FIELDS = (
    "name",
    "father_name",
    "taken_at",
    "place_taken",
    "held_at",
    "family_phone",
    "age",
    "notes",
)
NOTES_MAX = 2000


@transaction.atomic
def inbox_entry_receive(*, token: InboxToken, fields: dict[str, Any]) -> InboxEntry:
    """Store what a partner posted. Nothing is looked up: the answer reveals no records."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Not accepted here: {', '.join(sorted(unknown))}")
    entry = InboxEntry(organisation_id=token.organisation_id, source=token, **fields)
    errors = {}
    if not entry.name.strip():
        errors["name"] = gettext("Give the name of the person taken.")
    if len(entry.notes) > NOTES_MAX:
        errors["notes"] = gettext("Keep the notes under %(limit)s characters.") % {
            "limit": NOTES_MAX
        }
    if entry.age is not None and entry.age > OLDEST_AGE:
        errors["age"] = gettext("Give the age in years, or leave it out.")
    if entry.taken_at and entry.taken_at > timezone.now() + timedelta(minutes=5):
        errors["taken_at"] = gettext("The time taken cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    entry.full_clean(exclude=["organisation", "source", "case", "decided_by"])
    entry.save()
    InboxToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    log_action(
        "inbox.entry_received", organisation=token.organisation, actor=None, obj=entry,
        data={"token": token.pk},
    )  # fmt: skip
    return entry


def _require_inbox_worker(entry: InboxEntry, by) -> Membership:
    membership = Membership.of(by)
    if membership.organisation_id != entry.organisation_id or membership.role not in INBOX_ROLES:
        raise ValidationError(
            gettext("Only a lawyer or supervisor of this organisation works the inbox.")
        )
    return membership


def _lock_new(entry: InboxEntry) -> None:
    state = InboxEntry.objects.select_for_update().values_list("state", flat=True).get(pk=entry.pk)
    if state != InboxEntryState.NEW:
        raise ValidationError(gettext("Someone has already dealt with this entry."))


@transaction.atomic
def intake_case_open(*, membership, row: IntakeRow, confirmed: bool) -> Case:
    """The API and the inbox open a case through the one intake, as one row: the same
    validation, duplicate check (``DuplicatesFound`` unless ``confirmed``) and events."""
    (case,) = cases_open(membership=membership, rows=[row], confirmed={0} if confirmed else ())
    return case


@transaction.atomic
def inbox_entry_accept(*, entry: InboxEntry, by, row: IntakeRow, confirmed: bool) -> Case:
    """Open a case from an entry (the lawyer checked and completed the details), and keep
    none of the partner's copy: the case holds it now, under the case's retention."""
    _require_inbox_worker(entry, by)
    _lock_new(entry)
    case = intake_case_open(membership=Membership.of(by), row=row, confirmed=confirmed)
    InboxEntry.objects.filter(pk=entry.pk).update(
        state=InboxEntryState.ACCEPTED, decided_by=by, decided_at=timezone.now(), case=case,
        **_wiped(),
    )  # fmt: skip
    log_action(
        "inbox.entry_accepted", organisation=case.organisation, actor=by, case=case, obj=entry,
        data={"entry": entry.pk},
    )  # fmt: skip
    return case


@transaction.atomic
def inbox_entry_dismiss(*, entry: InboxEntry, by, reason: str) -> InboxEntry:
    """Not ours to take, or a duplicate: say why. The entry is purged with the others."""
    membership = _require_inbox_worker(entry, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Say why the entry is dismissed.")})
    _lock_new(entry)
    entry.state = InboxEntryState.DISMISSED
    entry.decided_by, entry.decided_at = by, timezone.now()
    entry.dismiss_reason = reason[:2000]
    entry.save(update_fields=["state", "decided_by", "decided_at", "dismiss_reason"])
    log_action(
        "inbox.entry_dismissed", organisation=membership.organisation, actor=by, obj=entry,
        data={"entry": entry.pk},
    )  # fmt: skip
    return entry


def _wiped() -> dict[str, Any]:
    return {
        "name": "", "father_name": "", "taken_at": None, "place_taken": "", "held_at": "",
        "family_phone": "", "age": None, "notes": "", "dismiss_reason": "",
    }  # fmt: skip


@transaction.atomic
def inbox_entries_purge(*, now=None) -> int:
    """Delete entries never accepted once ``INBOX_RETENTION_DAYS`` have passed since they
    arrived (new or dismissed alike). Accepted ones keep only their link to the case."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INBOX_RETENTION_DAYS)
    due = InboxEntry.objects.filter(received_at__lt=cutoff).exclude(state=InboxEntryState.ACCEPTED)
    by_organisation: dict[int, int] = {}
    for organisation_id in due.values_list("organisation_id", flat=True):
        by_organisation[organisation_id] = by_organisation.get(organisation_id, 0) + 1
    due.delete()
    from casework.models import Organisation

    for organisation in Organisation.objects.filter(pk__in=by_organisation):
        log_action(
            "inbox.entries_purged", organisation=organisation, actor=None,
            data={"entries": by_organisation[organisation.pk],
                  "days": settings.INBOX_RETENTION_DAYS},
        )  # fmt: skip
    return sum(by_organisation.values())
