"""Sign-in state kept in the database: throttles and the list of a user's sessions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp_webauthn.models import AbstractWebAuthnAttestation, AbstractWebAuthnCredential


class LoginThrottle(models.Model):
    """Failed sign-ins for one username from one address.

    Keyed on both so an attacker hammering a username from their own address slows
    only themselves: the real user, from another address, signs in as usual.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.failures} failures, last at {self.last_failure_at:%Y-%m-%d %H:%M}"


class UserSession(models.Model):
    """A signed-in session of a user, so that all of them can be ended at once.

    Django's session table does not know whose session a row is without decoding it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"


class Passkey(AbstractWebAuthnCredential):
    """A passkey (WebAuthn credential) a member added as a second factor beside TOTP.

    A django-otp device like the TOTP one, so a session verified with it is verified in
    the same way. ``public_id`` names it in URLs: the integer key would tell how many
    passkeys exist and let anyone walk them.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


class PasskeyAttestation(AbstractWebAuthnAttestation):
    """What the authenticator said about itself when the passkey was added."""

    credential = models.OneToOneField(
        Passkey, on_delete=models.CASCADE, related_name="attestation", editable=False
    )
