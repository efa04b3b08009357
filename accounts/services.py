"""Writes for sign-in, second factors and sessions. Member management: ``members.py``."""

import hashlib
from datetime import timedelta

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import sessions
from accounts.audit import organisation_of, record
from accounts.models import LoginThrottle, Passkey, UserSession
from accounts.tokens import tokens_revoke_all
from casework.notifications import addressed_to, notification_send

User = get_user_model()

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _name(username: str) -> str:
    return username.strip().casefold()


# Kept hand-written rather than django-axes and the like: it slows a guesser down instead
# of locking the account, so nobody can lock a lawyer out on the day of a hearing.
def throttle_key(username: str, ip: str) -> str:
    return hashlib.sha256(f"{_name(username)}|{ip}".encode()).hexdigest()


def _throttle_keys(username: str, ip: str) -> dict[str, str]:
    """The three counters a failure adds to: the pair, the address, the username."""
    return {
        "pair": throttle_key(username, ip),
        "address": hashlib.sha256(f"address|{ip}".encode()).hexdigest(),
        "username": hashlib.sha256(f"username|{_name(username)}".encode()).hexdigest(),
    }


def _policy(kind: str) -> tuple[int, int]:
    """(free attempts, longest delay) for one kind of counter."""
    if kind == "address":
        return settings.LOGIN_THROTTLE_ADDRESS_FREE_ATTEMPTS, settings.LOGIN_THROTTLE_MAX_DELAY
    if kind == "username":
        return (
            settings.LOGIN_THROTTLE_USERNAME_FREE_ATTEMPTS,
            settings.LOGIN_THROTTLE_USERNAME_MAX_DELAY,
        )
    return settings.LOGIN_THROTTLE_FREE_ATTEMPTS, settings.LOGIN_THROTTLE_MAX_DELAY


def throttle_delay(failures: int, kind: str = "pair") -> int:
    """Seconds to wait after ``failures`` failed sign-ins: a few free, then doubling, capped.

    The cap keeps it a delay, never a lock-out someone could impose on a real user.
    """
    free, cap = _policy(kind)
    if failures < free:
        return 0
    return min(2 ** (failures - free), cap)


def login_wait_seconds(*, username: str, ip: str) -> int:
    """How long this username from this address must still wait before trying again.

    The longest of three waits: for the pair, for the address (one address trying many
    usernames), and for the username (one name tried from many addresses).
    """
    keys = _throttle_keys(username, ip)
    kind_of = {key: kind for kind, key in keys.items()}
    now = timezone.now()
    wait = 0
    for throttle in LoginThrottle.objects.filter(key__in=keys.values()):
        elapsed = (now - throttle.last_failure_at).total_seconds()
        delay = throttle_delay(throttle.failures, kind_of[throttle.key])
        wait = max(wait, int(delay - elapsed + 0.999))
    return wait


def username_digest(username: str) -> str:
    """A keyed hash of a typed username: the same name gives the same digest (to see one
    name tried many times), but the trail never holds what someone typed."""
    return salted_hmac("panah.audit.username", _name(username)).hexdigest()[:32]


@transaction.atomic
def login_failure_record(*, username: str, ip: str, stage: str = "password") -> int:
    """Count a failed sign-in and audit it; returns the delay now imposed."""
    delay = 0
    pair_failures = 0
    for kind, key in _throttle_keys(username, ip).items():
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(key=key)
        if timezone.now() - throttle.last_failure_at > timedelta(
            seconds=settings.LOGIN_THROTTLE_RESET
        ):
            throttle.failures = 0
        throttle.failures += 1
        throttle.last_failure_at = timezone.now()
        throttle.save(update_fields=["failures", "last_failure_at"])
        delay = max(delay, throttle_delay(throttle.failures, kind))
        if kind == "pair":
            pair_failures = throttle.failures
    user = User.objects.filter(username=username).select_related("membership").first()
    # A typed username may be a password typed in the wrong box, or a real person's name:
    # the append-only trail keeps the account's id when it exists, else a keyed hash.
    who = {"user": user.pk} if user else {"username_hash": username_digest(username)}
    record(
        "auth.login_failed",
        actor=None,
        organisation=organisation_of(user),
        obj=user,
        data={**who, "ip": ip, "stage": stage, "failures": pair_failures},
    )
    return delay


@transaction.atomic
def login_success_record(*, user, ip: str, device) -> None:
    keys = _throttle_keys(user.get_username(), ip)
    LoginThrottle.objects.filter(key__in=[keys["pair"], keys["username"]]).delete()
    record(
        "auth.logged_in",
        actor=user,
        organisation=organisation_of(user),
        obj=user,
        data={"ip": ip, "second_factor": type(device).__name__},
    )


@transaction.atomic
def session_register(*, request, device, ip: str | None, user_agent: str) -> UserSession:
    """Mark the request's session as signed in with both factors (django-otp's own login
    records the device) and remember the session for ending it later."""
    user, session = request.user, request.session
    django_otp.login(request, device)
    sessions.mark_signed_in(session)
    if session.session_key is None:
        session.save()
    # Signing in again on a session that is already this user's keeps its key.
    registered, _ = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "ip_address": ip, "user_agent": user_agent[:200]},
    )
    return registered


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def sign_out_everywhere(
    *, user, by, reason: str, keep_session_key: str | None = None
) -> tuple[int, dict[str, int]]:
    """End every session of ``user`` (but ``keep_session_key``) and revoke every token.

    The one path behind "sign out everywhere", a password change, a second-factor reset
    or enrolment, and "revoke access now": a calendar feed (or any token added later,
    ``accounts/tokens.py``) must not outlive the sessions it was issued beside.
    """
    others = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    keys = list(others.values_list("session_key", flat=True))
    for key in keys:
        sessions.store_for(key).delete()
    others.delete()
    tokens = tokens_revoke_all(user=user, by=by)
    record(
        "auth.sessions_ended",
        actor=by,
        organisation=organisation_of(user),
        obj=user,
        data={"user": user.get_username(), "sessions": len(keys), "reason": reason,
              "tokens": sum(tokens.values()), "tokens_revoked": tokens},
    )  # fmt: skip
    return len(keys), tokens


def sessions_end_all(*, user, by, reason: str = "signed_out_everywhere") -> int:
    """End every session of ``user``, on every device, and every token it holds, now."""
    ended, _ = sign_out_everywhere(user=user, by=by, reason=reason)
    return ended


def second_factor_verify(*, user, token: str):
    """The device that accepts ``token`` (a TOTP code or a recovery code), or None.

    Each device throttles its own failures (django-otp), so guessing codes slows down.
    """
    token = "".join(token.split())
    if not token:
        return None
    with transaction.atomic():
        totp = TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        static = StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        candidates = list(totp) if token.isdigit() else list(static)
        for device in candidates:
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    record(
                        "auth.recovery_code_used",
                        actor=user,
                        organisation=organisation_of(user),
                        obj=user,
                        data={"remaining": device.token_set.count()},
                    )
                return device
    return None


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """A fresh secret for this visit to the enrolment page; earlier unconfirmed ones go.

    Offering the same unconfirmed secret again would let someone who knows the password
    during a set-up window note it, leave, and later sign in with codes from it once the
    real user has enrolled that very secret. The caller binds the device to the session
    that was shown it (``ENROLMENT_DEVICE``).
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_device_pending(*, user, device_id) -> TOTPDevice | None:
    """The unconfirmed device this session was shown, if it is still the current one."""
    if not device_id:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


@transaction.atomic
def totp_device_confirm(*, user, device_id, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm enrolment with a first code from the app; returns fresh recovery codes.

    Only the device shown to this session (``device_id``) can be confirmed. Confirming
    ends every other session of the account and tells the user, in the app and by email.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, pk=device_id)
        .first()
        if device_id
        else None
    )
    if device is None:
        raise ValidationError(gettext("Enrolment expired. Scan the new code and try again."))
    if not device.verify_token("".join(token.split())):
        raise ValidationError(
            gettext(
                "That code did not match. Check that your phone's clock is right and enter the "
                "6-digit code your authenticator app shows now."
            )
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_regenerate(user=user)
    record(
        "auth.second_factor_enrolled",
        actor=user,
        organisation=organisation_of(user),
        obj=user,
        data={"device": device.name},
    )
    # The session confirming is not yet registered, so this ends every *other* one.
    sessions_end_all(user=user, by=user, reason="second_factor_enrolled")
    second_factor_notify(
        user=user,
        key=f"auth.second_factor_enrolled:{device.pk}",
        subject=gettext_lazy("Two-factor sign-in was set up on your Panah account"),
        body=gettext_lazy(
            "An authenticator app was just set up as the second factor of your Panah account, "
            "and every other session of the account was ended.\n\n"
            "If this was not you, tell an admin of your organisation at once: they can revoke "
            "the account's access."
        ),
    )
    return device, codes


def second_factor_notify(*, user, key: str, subject, body) -> None:
    """Tell the account holder, in the app and by email, that their second factor changed.
    ``subject`` and ``body`` are lazy translations, worded in the holder's language."""
    organisation = organisation_of(user)
    if organisation is None:
        return
    with addressed_to(user):
        notification_send(
            key=key, recipient=user, organisation=organisation, subject=str(subject),
            body=str(body),
        )  # fmt: skip


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """A new set of single-use recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    record(
        "auth.recovery_codes_issued",
        actor=user,
        organisation=organisation_of(user),
        obj=user,
        data={"count": len(codes)},
    )
    return codes


def second_factor_remove(*, user) -> int:
    """Delete every second factor of ``user``: authenticator, recovery codes and passkeys.

    The next sign-in enrols a new authenticator; passkeys can be added again after that.
    A reset, a revocation and a reinstatement all come through here, so a passkey on a
    lost or seized device stops working with the phone's secret.
    """
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    # Counted by passkey, not by row: the delete also takes their attestations.
    passkeys = Passkey.objects.filter(user=user).count()
    Passkey.objects.filter(user=user).delete()
    return removed + static + passkeys


@transaction.atomic
def password_change(*, user, new_password: str, keep_session_key: str | None) -> int:
    """Set a new password, end every other session and revoke every token.

    Returns how many sessions were ended.
    """
    user.set_password(new_password)
    user.save(update_fields=["password"])
    ended, tokens = sign_out_everywhere(
        user=user, by=user, reason="password_changed", keep_session_key=keep_session_key
    )
    record(
        "auth.password_changed",
        actor=user,
        organisation=organisation_of(user),
        obj=user,
        data={"other_sessions_ended": ended, "tokens_revoked": sum(tokens.values())},
    )
    return ended


def session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Follow a session whose key Django rotated (after a password change)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


@transaction.atomic
def membership_language_set(*, membership, language: str) -> None:
    """The interface language a member sees on every device, from the next page on."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(gettext("That language is not offered."))
    membership.language = language
    membership.save(update_fields=["language"])
