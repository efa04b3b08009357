"""Print the demo users' sign-in details, second-factor secrets included (DEBUG only)."""

import base64

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "List demo logins with their TOTP secrets, for adding to an authenticator app."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # These secrets must never be printed by, or exist on, a production server.
            raise CommandError("demo_logins only runs with DEBUG on.")
        from panah.management.commands.seed_demo import DEMO_USERS, OTHER_USERS

        usernames = [spec.username for spec in [*DEMO_USERS, *OTHER_USERS]]
        devices = {
            d.user.username: d
            for d in TOTPDevice.objects.filter(
                user__username__in=usernames, confirmed=True
            ).select_related("user")
        }
        self.stdout.write("Demo logins: add the secret to an authenticator app (TOTP, 6 digits,")
        self.stdout.write("30 s), or type the 'now' code, valid for about a minute.")
        for username in usernames:
            device = devices.get(username)
            if device is None:
                self.stdout.write(f"  {username:<17} (no second factor yet: run seed_demo)")
                continue
            secret = base64.b32encode(device.bin_key).decode()
            code = f"{totp(device.bin_key):06d}"
            self.stdout.write(f"  {username:<17} secret {secret}  now {code}")
