"""Sign-in in two steps (password, then second factor), sessions and re-authentication."""

import base64
import io
import uuid

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, logout, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from accounts import services, sessions
from accounts.audit import organisation_of, record
from accounts.forms import CodeForm, EnrolForm, LanguageForm, LoginForm, ReauthForm
from accounts.models import UserSession
from accounts.passkeys import passkeys_available, served_at_relying_party
from accounts.reauth import reauth_redirect
from accounts.selectors import passkeys_of
from casework.http import language_cookie_set, method_not_allowed

User = get_user_model()

PENDING = "panah_pending_login"
ENROLMENT_DEVICE = "panah_enrolment_device"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_ip(request) -> str:
    # Behind a reverse proxy REMOTE_ADDR is the proxy; CLIENT_IP_HEADER names the header
    # the proxy sets (and overwrites), e.g. HTTP_X_REAL_IP.
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[0].strip()
        if forwarded:
            return forwarded[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or sessions.now() - pending.get("at", 0) > settings.LOGIN_PENDING_MAX_AGE:
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _throttled(form, wait: int) -> None:
    message = ngettext(
        "Too many failed attempts. Wait %(wait)d second and try again.",
        "Too many failed attempts. Wait %(wait)d seconds and try again.",
        wait,
    )
    form.add_error(None, message % {"wait": wait})


@login_not_required
def login_view(request):
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            username, ip = form.cleaned_data["username"], client_ip(request)
            wait = services.login_wait_seconds(username=username, ip=ip)
            if wait:
                _throttled(form, wait)
                status = 429
            else:
                user = authenticate(
                    request, username=username, password=form.cleaned_data["password"]
                )
                if user is None:
                    services.login_failure_record(username=username, ip=ip)
                    form.add_error(
                        None, gettext("Your username and password did not match. Please try again.")
                    )
                else:
                    # A fresh session key: nothing planted before sign-in survives it.
                    request.session.cycle_key()
                    request.session[PENDING] = {
                        "user": user.pk, "at": sessions.now(), "next": next_url,
                    }  # fmt: skip
                    step = "verify" if services.has_second_factor(user) else "enrol"
                    return redirect(f"accounts:{step}")
    return render(
        request, "registration/login.html", {"form": form, "next": next_url}, status=status
    )


def _complete_login(request, user, device, pending):
    next_url = pending.get("next", "")
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=MODEL_BACKEND)
    ip = client_ip(request)
    services.session_register(
        request=request, device=device, ip=ip or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )  # fmt: skip
    services.login_success_record(user=user, ip=ip, device=device)
    return next_url


def _restart(request):
    messages.info(request, gettext("Please sign in again."))
    return redirect("login")


@login_not_required
def verify(request):
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    user, pending = _pending_user(request)
    if user is None:
        return _restart(request)
    if not services.has_second_factor(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            ip = client_ip(request)
            wait = services.login_wait_seconds(username=user.username, ip=ip)
            device = None
            if wait:
                _throttled(form, wait)
                status = 429
            else:
                device = services.second_factor_verify(user=user, token=form.cleaned_data["code"])
                if device is None:
                    services.login_failure_record(
                        username=user.username, ip=ip, stage="second_factor"
                    )
                    form.add_error("code", gettext("That code is not valid. Try the newest code."))
            if device is not None:
                next_url = _complete_login(request, user, device, pending)
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    # A passkey is offered only where the browser can use it (not at an IP address).
    offer_passkey = served_at_relying_party(request) and passkeys_available(user)
    context = {"form": form, "passkeys": offer_passkey}
    return render(request, "accounts/verify.html", context, status=status)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_not_required
def enrol(request):
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    user, pending = _pending_user(request)
    if user is None:
        return _restart(request)
    if services.has_second_factor(user):
        # Only someone without a second factor enrols one; otherwise a stolen password
        # would be enough to add the thief's phone.
        return redirect("accounts:verify")
    # A fresh secret on every visit, bound to this session: a secret seen by anyone else
    # (someone else who knows the password, on another visit) can never be confirmed.
    device = None
    if request.method == "GET":
        device = services.totp_device_start(user=user)
        request.session[ENROLMENT_DEVICE] = device.pk
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        device_id = request.session.get(ENROLMENT_DEVICE)
        if form.is_valid():
            try:
                device, codes = services.totp_device_confirm(
                    user=user, device_id=device_id, token=form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                request.session.pop(ENROLMENT_DEVICE, None)
                next_url = _complete_login(request, user, device, pending)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": next_url or reverse_lazy("casework:case-list")},
                )
        device = services.totp_device_pending(user=user, device_id=device_id)
        if device is None:
            device = services.totp_device_start(user=user)
            request.session[ENROLMENT_DEVICE] = device.pk
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        # Generated here from our own library: the SVG holds only path data.
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
        "config_url": device.config_url,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/enrol.html", context, status=status)


def logout_view(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    services.session_forget(session_key=request.session.session_key)
    logout(request)
    return redirect("login")


def reauth(request):
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = ReauthForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        user, ip = request.user, client_ip(request)
        if form.is_valid():
            wait = services.login_wait_seconds(username=user.username, ip=ip)
            if wait:
                _throttled(form, wait)
                status = 429
            elif not user.check_password(form.cleaned_data["password"]) or (
                services.second_factor_verify(user=user, token=form.cleaned_data["code"]) is None
            ):
                services.login_failure_record(username=user.username, ip=ip, stage="reauth")
                form.add_error(None, gettext("The password or the code did not match."))
            else:
                sessions.mark_reauthenticated(request.session)
                record(
                    "auth.reauthenticated",
                    actor=user, organisation=organisation_of(user), obj=user, data={"ip": ip},
                )  # fmt: skip
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url}, status=status)


def security(request):
    if refused := method_not_allowed(request, "GET"):
        return refused
    signed_in = UserSession.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/security.html",
        {
            "sessions": signed_in,
            "current_key": request.session.session_key,
            "passkeys": passkeys_of(request.user),
        },
    )


def sessions_end_all(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    services.sessions_end_all(user=request.user, by=request.user)
    logout(request)
    messages.success(request, gettext("You are signed out on every device, this one included."))
    return redirect("login")


def recovery_codes_new(request):
    if refused := method_not_allowed(request, "POST"):
        return refused
    if stale := reauth_redirect(request, back=str(reverse_lazy("accounts:security"))):
        return stale
    codes = services.recovery_codes_regenerate(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse_lazy("accounts:security")},
    )


def password_change(request):
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        ended = services.password_change(
            user=request.user,
            new_password=form.cleaned_data["new_password1"],
            keep_session_key=old_key,
        )
        update_session_auth_hash(request, request.user)
        services.session_rekey(old_key=old_key, new_key=request.session.session_key)
        message = ngettext(
            "Password changed. %(ended)d other session ended.",
            "Password changed. %(ended)d other sessions ended.",
            ended,
        )
        messages.success(request, message % {"ended": ended})
        return redirect("accounts:security")
    status = 400 if form.errors else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


class ActivateView(PasswordResetConfirmView):
    """The invitation link: a new member chooses a password, then signs in with 2FA."""

    template_name = "accounts/activate.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def get_user(self, uidb64):
        # The link names the member by their random public id (accounts.tasks), not by the
        # user's sequential key, which Django's own links encode.
        try:
            public_id = uuid.UUID(urlsafe_base64_decode(uidb64).decode())
        except (TypeError, ValueError, UnicodeDecodeError):
            return None
        return User.objects.filter(membership__public_id=public_id).first()

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, gettext("Password set. Sign in to set up your second factor.")
        )
        return response


@login_not_required
def language_set(request):
    """The language switcher: a member's choice is kept on the membership (every device);
    the cookie carries it for pages before sign-in, and for anyone without a membership."""
    if refused := method_not_allowed(request, "POST"):
        return refused
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose one of the languages offered."))
        return redirect(_safe_next(request, request.POST.get("next")) or "home")
    language = form.cleaned_data["language"]
    membership = getattr(request.user, "membership", None)
    if membership is not None:
        services.membership_language_set(membership=membership, language=language)
    response = redirect(_safe_next(request, form.cleaned_data["next"]) or "home")
    language_cookie_set(response, language)
    return response
