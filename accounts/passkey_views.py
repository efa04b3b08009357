"""Passkeys: adding and removing them (security page), and signing in with one.

The browser side is ``static/js/passkeys.js``: it asks for options, lets the browser
run the ceremony and posts the answer back as JSON.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from accounts import passkeys, services
from accounts.reauth import reauth_redirect
from accounts.selectors import passkey_of
from accounts.sessions import authenticated_recently
from accounts.views import _complete_login, _pending_user, client_ip
from casework.http import method_not_allowed

REGISTER_STATE = "panah_passkey_register_state"
VERIFY_STATE = "panah_passkey_verify_state"


def _error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), **extra}, status=status)


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _security_url() -> str:
    return reverse("accounts:security")


def _reauth_needed(request) -> JsonResponse | None:
    # The page that runs the ceremony sent the member through re-authentication; this
    # catches a page left open past REAUTH_MAX_AGE, and anything that skips the page.
    if authenticated_recently(request.session):
        return None
    back = reverse("accounts:passkey-new")
    return _error(
        gettext("Confirm it is you again, then add the passkey."),
        status=403,
        redirect=f"{reverse('accounts:reauth')}?next={back}",
    )


def passkey_new(request):
    if refused := method_not_allowed(request, "GET"):
        return refused
    if stale := reauth_redirect(request):
        return stale
    context = {
        "name_max": passkeys.NAME_MAX_LENGTH,
        "usable_here": passkeys.served_at_relying_party(request),
        "rp_id": settings.PASSKEY_RP_ID,
    }
    return render(request, "accounts/passkey_new.html", context)


def passkey_register_begin(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    if stale := _reauth_needed(request):
        return stale
    try:
        options, state = passkeys.passkey_registration_begin(
            user=request.user, helper=passkeys.helper_for(request)
        )
    except ValidationError as error:
        return _error(error.messages[0])
    request.session[REGISTER_STATE] = state
    return JsonResponse(options)


def passkey_register_complete(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    # Popped before anything else: a challenge answers once, whatever happens next.
    state = request.session.pop(REGISTER_STATE, None)
    if stale := _reauth_needed(request):
        return stale
    if not state:
        return _error(gettext("That took too long. Try adding the passkey again."))
    body = _body(request)
    try:
        passkeys.passkey_register(
            user=request.user,
            name=str(body.get("name", "")),
            state=state,
            data=body.get("credential") or {},
            helper=passkeys.helper_for(request),
        )
    except ValidationError as error:
        return _error(error.messages[0])
    messages.success(request, gettext("Passkey added. You can use it at your next sign-in."))
    return JsonResponse({"redirect": _security_url()})


def passkey_remove(request, passkey_id):
    passkey = passkey_of(request.user, passkey_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if stale := reauth_redirect(request, back=_security_url()):
        return stale
    passkeys.passkey_remove(passkey=passkey, by=request.user)
    messages.success(request, gettext("Passkey removed."))
    return redirect("accounts:security")


def _pending_for_passkey(request):
    user, pending = _pending_user(request)
    if user is None:
        return (
            None,
            pending,
            _error(gettext("Please sign in again."), status=403, redirect=reverse("login")),
        )
    return user, pending, None


def _throttled(user, ip) -> JsonResponse | None:
    wait = services.login_wait_seconds(username=user.username, ip=ip)
    if not wait:
        return None
    message = ngettext(
        "Too many failed attempts. Wait %(wait)d second and try again.",
        "Too many failed attempts. Wait %(wait)d seconds and try again.",
        wait,
    )
    return _error(message % {"wait": wait}, status=429)


@login_not_required
def passkey_verify_begin(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    user, _, refused = _pending_for_passkey(request)
    if refused:
        return refused
    if throttled := _throttled(user, client_ip(request)):
        return throttled
    if not passkeys.passkeys_available(user):
        return _error(gettext("You have no passkey yet. Enter the code from your app."))
    options, state = passkeys.passkey_authentication_begin(
        user=user, helper=passkeys.helper_for(request)
    )
    # Bound to the account whose password was given in this session, so a challenge
    # cannot be carried over to another account's sign-in.
    request.session[VERIFY_STATE] = {"user": user.pk, "state": state}
    return JsonResponse(options)


@login_not_required
def passkey_verify_complete(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    saved = request.session.pop(VERIFY_STATE, None) or {}
    user, pending, refused = _pending_for_passkey(request)
    if refused:
        return refused
    ip = client_ip(request)
    if throttled := _throttled(user, ip):
        return throttled
    passkey = None
    if saved.get("user") == user.pk and saved.get("state"):
        passkey = passkeys.passkey_verify(
            user=user,
            state=saved["state"],
            data=_body(request).get("credential") or {},
            helper=passkeys.helper_for(request),
        )
    if passkey is None:
        services.login_failure_record(username=user.username, ip=ip, stage="second_factor")
        return _error(gettext("The passkey was not accepted. Try again, or enter a code."))
    next_url = _complete_login(request, user, passkey, pending)
    return JsonResponse({"redirect": next_url or reverse(settings.LOGIN_REDIRECT_URL)})
