from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from casework.links import absolute_url
from casework.notifications import addressed_to
from casework.outbox import outbox_task


@outbox_task(kind="invitation", time_limit=3 * settings.EMAIL_TIMEOUT + 10)
def invitation_send(user_id: int, reinstated: bool = False) -> None:
    """Email a new (or reinstated) member the link to choose a password.

    The link is single use: setting a password changes the hash it was signed with.
    """
    user = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, membership__isnull=False)
        .select_related("membership")
        .first()
    )
    if user is None or not user.email or user.has_usable_password():
        return
    link = absolute_url(
        "accounts:activate",
        # The member's random public id, not the user's sequential key (finding 12).
        uidb64=urlsafe_base64_encode(force_bytes(user.membership.public_id)),
        token=default_token_generator.make_token(user),
    )
    # A new member has chosen no language yet: the default. A reinstated one reads theirs.
    with addressed_to(user):
        opening = (
            gettext(
                "An administrator of your organisation gave you back access to your Panah account."
            )
            if reinstated
            else gettext("An administrator of your organisation created a Panah account for you.")
        )
        body = gettext(
            "%(opening)s\n\n"
            "Username: %(username)s\n"
            "Choose your password here (the link works once): %(link)s\n\n"
            "When you first sign in you will set up an authenticator app on your phone."
        ) % {"opening": opening, "username": user.username, "link": link}
        send_mail(gettext("Your Panah account"), body, None, [user.email])
