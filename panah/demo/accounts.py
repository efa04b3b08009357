"""Demo second factors: fixed, derivable TOTP secrets for the demo users only.

Never imported by production code; ``seed_demo`` refuses to run unless DEBUG is on.
"""

import hashlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import TOTP_DEVICE_NAME


def demo_totp_key(username: str) -> str:
    """A fixed, well-known TOTP secret per demo user: for demo data only, never real users."""
    return hashlib.sha1(f"panah-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


@transaction.atomic
def demo_totp_device_ensure(*, user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    key = demo_totp_key(user.get_username())
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=True, key=key
        )
    elif device.key != key:
        device.key = key
        device.save(update_fields=["key"])
    return device
