"""Passkeys (WebAuthn) as a second factor beside TOTP: adding, removing, signing in.

A passkey is phishing-resistant: the browser signs only for our domain (the relying
party id), so a look-alike site that relays a code cannot relay a passkey. It is only
ever a *second* factor here (after the password) and is only added from a session that
is already fully signed in and has just re-authenticated with password and code: a
first enrolment window, where someone else may know the password, cannot add one.

The ceremony itself (options, signature checks, sign counters) is django-otp-webauthn's
``WebAuthnHelper``; these functions decide who may run it and record what happened.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from webauthn.helpers.exceptions import WebAuthnException

from accounts.audit import organisation_of, record
from accounts.models import Passkey
from accounts.services import has_second_factor, second_factor_notify
from casework.notifications import admins_notify

NAME_MAX_LENGTH = 64


class PasskeyHelper(WebAuthnHelper):
    """The library's ceremonies with our origins.

    The configured origins (``PASSKEY_ORIGINS``) are the https addresses of the app. A
    request to ``localhost`` also accepts its own origin, whatever the port: ``make run``
    and the browser tests serve plain http there, which browsers treat as secure, and a
    localhost origin can only be reached from the same machine.
    """

    def get_allowed_origins(self) -> list[str]:
        origins = list(super().get_allowed_origins())
        host = urlsplit(f"//{self.request.get_host()}").hostname
        if host == "localhost":
            origins.append(f"{self.request.scheme}://{self.request.get_host()}")
        return origins


def served_at_relying_party(request) -> bool:
    """Whether this page's host can hold passkeys for our relying party id: the same
    domain or a subdomain of it. Browsers refuse an IP address, such as 127.0.0.1."""
    rp_id = settings.PASSKEY_RP_ID
    host = urlsplit(f"//{request.get_host()}").hostname or ""
    return host == rp_id or host.endswith(f".{rp_id}")


def helper_for(request) -> PasskeyHelper:
    return PasskeyHelper(request=request)


def passkeys_available(user) -> bool:
    return Passkey.objects.filter(user=user, confirmed=True).exists()


def passkey_registration_begin(*, user, helper: PasskeyHelper) -> tuple[dict, dict]:
    """Options for the browser to create a passkey, and the state to keep in the session.

    The views let only a fully signed-in, recently re-authenticated session get here; a
    member without a TOTP device is in (or before) their first enrolment and is refused
    here as well, so the rule holds whoever calls this.
    """
    if not has_second_factor(user):
        raise ValidationError(
            gettext("Set up your authenticator app first; a passkey can be added after that.")
        )
    return helper.register_begin(user=user)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(gettext("Give the passkey a name, such as the phone it is on."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            gettext("Keep the name to %(max)d characters or fewer.") % {"max": NAME_MAX_LENGTH}
        )
    return name


@transaction.atomic
def passkey_register(*, user, name: str, state: dict, data: dict, helper: PasskeyHelper) -> Passkey:
    """Check the browser's answer against the state this session was given and keep the
    passkey; the member and their organisation's admins are told."""
    name = _clean_name(name)
    if not has_second_factor(user):
        raise ValidationError(
            gettext("Set up your authenticator app first; a passkey can be added after that.")
        )
    try:
        passkey = helper.register_complete(user=user, state=state, data=data)
    except (OTPWebAuthnApiError, WebAuthnException, KeyError, TypeError, ValueError):
        raise ValidationError(
            gettext("The passkey could not be added. Try again, or use another device.")
        ) from None
    passkey.name = name
    passkey.confirmed = True
    passkey.save(update_fields=["name", "confirmed"])
    organisation = organisation_of(user)
    record(
        "auth.passkey_added",
        actor=user, organisation=organisation, obj=user,
        data={"passkey": str(passkey.public_id), "name": name},
    )  # fmt: skip
    second_factor_notify(
        user=user,
        key=f"auth.passkey_added:{passkey.public_id}",
        subject=gettext_lazy("A passkey was added to your Panah account"),
        body=gettext_lazy(
            "A passkey was just added as a second factor of your Panah account. You can see "
            "and remove your passkeys on the “Sign-in and sessions” page.\n\n"
            "If this was not you, tell an admin of your organisation at once: they can revoke "
            "the account's access."
        ),
    )
    _tell_admins(user=user, organisation=organisation, added=True)
    return passkey


@transaction.atomic
def passkey_remove(*, passkey: Passkey, by) -> None:
    """Delete a passkey. A session that was signed in with it ends at its next request,
    as for any deleted second factor (accounts/middleware.py)."""
    user = passkey.user
    public_id, name = str(passkey.public_id), passkey.name
    passkey.delete()
    organisation = organisation_of(user)
    record(
        "auth.passkey_removed",
        actor=by, organisation=organisation, obj=user,
        data={"passkey": public_id, "name": name},
    )  # fmt: skip
    second_factor_notify(
        user=user,
        key=f"auth.passkey_removed:{public_id}",
        subject=gettext_lazy("A passkey was removed from your Panah account"),
        body=gettext_lazy(
            "A passkey was just removed from your Panah account; it no longer signs you in.\n\n"
            "If this was not you, tell an admin of your organisation at once: they can revoke "
            "the account's access."
        ),
    )
    _tell_admins(user=user, organisation=organisation, added=False)


def _tell_admins(*, user, organisation, added: bool) -> None:
    if organisation is None:
        return
    username = user.get_username()

    def compose():
        if added:
            return (
                gettext("Passkey added: %(username)s") % {"username": username},
                gettext("%(username)s added a passkey as a second factor.")
                % {"username": username},
            )
        return (
            gettext("Passkey removed: %(username)s") % {"username": username},
            gettext("A passkey of %(username)s was removed.") % {"username": username},
        )

    admins_notify(organisation=organisation, by=user, compose=compose)


def passkey_authentication_begin(*, user, helper: PasskeyHelper) -> tuple[dict, dict]:
    """Options for the browser to sign with one of ``user``'s passkeys (and only theirs)."""
    return helper.authenticate_begin(user=user, require_user_verification=False)


def passkey_verify(*, user, state: dict, data: dict, helper: PasskeyHelper) -> Passkey | None:
    """The passkey of ``user`` that signed this session's challenge, or None.

    Another member's passkey, a disabled one, a replayed or forged answer: all None, and
    the caller counts a failed second factor as for a wrong code.
    """
    try:
        with transaction.atomic():
            passkey = helper.authenticate_complete(user=user, state=state, data=data)
    except (OTPWebAuthnApiError, WebAuthnException, KeyError, TypeError, ValueError):
        return None
    if not passkey.confirmed or passkey.user_id != user.pk:
        return None
    record(
        "auth.passkey_used",
        actor=user, organisation=organisation_of(user), obj=user,
        data={"passkey": str(passkey.public_id)},
    )  # fmt: skip
    return passkey
