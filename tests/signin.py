"""Signing test users in with both factors, the only way the app accepts a session."""

from django.test import RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import session_register

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def totp_device_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def current_code(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def fresh_code_for(user) -> str:
    """A code the app accepts now: forget the last used step, as if 30 s had passed."""
    device = totp_device_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return current_code(device.key)


def verified_login(client, user) -> None:
    """Password and second factor already passed: a session exactly as the real flow leaves."""
    device = totp_device_for(user)
    client.force_login(user, backend=MODEL_BACKEND)
    request = RequestFactory().get("/")
    request.user, request.session = user, client.session
    session_register(request=request, device=device, ip="127.0.0.1", user_agent="test client")
    request.session.save()
