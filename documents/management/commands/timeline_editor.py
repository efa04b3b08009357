"""Grant or withdraw the right to edit the shared validity timeline (platform staff only).

The same permission can be given in the Django admin by a superuser; this is the way
to do it from the server's shell, which only platform staff reach.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError

PERMISSION = "edit_shared_timeline"


class Command(BaseCommand):
    help = "Grant (or with --revoke, withdraw) the shared timeline editor permission."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username: str, revoke: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username}.")
        permission = Permission.objects.get(
            codename=PERMISSION, content_type__app_label="documents"
        )
        if revoke:
            user.user_permissions.remove(permission)
            self.stdout.write(f"{username} may no longer edit the shared timeline.")
        else:
            user.user_permissions.add(permission)
            self.stdout.write(f"{username} may now edit the shared timeline.")
