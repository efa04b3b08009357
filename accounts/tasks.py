from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from casework.links import absolute_url


@shared_task
def invitation_send(user_id: int, reinstated: bool = False) -> None:
    """Email a new (or reinstated) member the link to choose a password.

    The link is single use: setting a password changes the hash it was signed with.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return
    link = absolute_url(
        "accounts:activate",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    opening = (
        "An administrator of your organisation gave you back access to your Panah account."
        if reinstated
        else "An administrator of your organisation created a Panah account for you."
    )
    send_mail(
        "Your Panah account",
        f"{opening}\n\n"
        f"Username: {user.username}\n"
        f"Choose your password here (the link works once): {link}\n\n"
        "When you first sign in you will set up an authenticator app on your phone.",
        None,
        [user.email],
    )
