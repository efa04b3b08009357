"""Personal access tokens, partner inbox tokens and what partners post into the inbox.

Tokens are kept as SHA-256 digests only: a copy of the database hands out no working
credential. The clear token is shown once, when it is made.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    """A user's personal access token: acts as the user, within its scope, until it expires."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text=_("What the token is for, e.g. “Office sheet”")
    )
    # The first characters of the token, to recognise it in the list; not enough to use it.
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=16, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class InboxToken(models.Model):
    """A partner's key to the organisation's intake inbox: it can post entries, nothing else."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="inbox_tokens"
    )
    name = models.CharField(
        max_length=100, help_text=_("Who holds it, e.g. “Peshawar community hotline”")
    )
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class InboxEntryState(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class InboxEntry(models.Model):
    """What a partner knows of someone taken in a raid, waiting for a lawyer.

    Personal data from outside the organisation, not yet a client: an entry that is never
    accepted is deleted after ``INBOX_RETENTION_DAYS`` (``api.services.inbox_entries_purge``);
    one that is accepted hands its details to the new case and keeps none of them.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        InboxToken, null=True, on_delete=models.SET_NULL, related_name="entries"
    )
    received_at = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=120, blank=True)
    father_name = models.CharField(_("father's name"), max_length=120, blank=True)
    taken_at = models.DateTimeField(_("when taken"), null=True, blank=True)
    place_taken = models.CharField(_("where taken"), max_length=200, blank=True)
    held_at = models.CharField(_("where held"), max_length=200, blank=True)
    family_phone = models.CharField(_("family phone"), max_length=32, blank=True)
    # As the partner heard it, so approximate: a child is flagged before anyone opens a case.
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    state = models.CharField(
        max_length=16, choices=InboxEntryState.choices, default=InboxEntryState.NEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(blank=True)
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "received_at"])]
        verbose_name_plural = _("inbox entries")

    def __str__(self) -> str:
        return f"Inbox entry {self.pk} ({self.get_state_display()})"
