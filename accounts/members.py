"""Member management for organisation admins. Every change here is audited.

Only an admin of the member's own organisation may act; views find members through
``selectors.member_for_admin`` first, so anyone else gets 404 before reaching here.
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from accounts.audit import record
from accounts.services import (
    second_factor_notify,
    second_factor_remove,
    sessions_end_all,
    sign_out_everywhere,
)
from accounts.tasks import invitation_send
from casework.models import Membership, Organisation, Role
from casework.notifications import admins_notify
from casework.outbox import outbox_enqueue

User = get_user_model()


def _admin_membership(by, organisation: Organisation) -> Membership:
    membership = Membership.of(by)
    if membership.organisation_id != organisation.pk or not membership.is_admin:
        raise ValidationError(gettext("Only an admin of this organisation manages its members."))
    return membership


def _other_active_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.ADMIN, user__is_active=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def member_create(
    *,
    organisation: Organisation,
    by,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
) -> User:
    """Create an account and email it a link to choose a password; 2FA follows at sign-in."""
    _admin_membership(by, organisation)
    username = username.strip()
    if role not in Role.values:
        raise ValidationError({"role": gettext("Choose one of the roles offered.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": gettext("That username is taken. Choose another.")})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(
        "member.created",
        actor=by,
        organisation=organisation,
        obj=membership,
        data={"username": username, "role": role},
    )
    outbox_enqueue(invitation_send, user.pk, key=f"invitation:{user.pk}:{uuid.uuid4().hex}")
    admins_notify(
        organisation=organisation, by=by,
        compose=lambda: (
            gettext("New Panah member: %(username)s") % {"username": username},
            gettext("The account %(username)s was created with the role %(role)s.")
            % {"username": username, "role": Role(role).label.lower()},
        ),
    )  # fmt: skip
    return user


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, by) -> Membership:
    _admin_membership(by, membership.organisation)
    if role not in Role.values:
        raise ValidationError(gettext("Choose one of the roles offered."))
    previous = membership.role
    if previous == role:
        return membership
    if previous == Role.ADMIN and not _other_active_admins(membership):
        raise ValidationError(
            gettext("This is the organisation's only admin. Make someone else an admin first.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        "member.role_changed",
        actor=by,
        organisation=membership.organisation,
        obj=membership,
        data={"username": membership.user.username, "from": previous, "to": role},
    )
    username = membership.user.username
    admins_notify(
        organisation=membership.organisation, by=by,
        compose=lambda: (
            gettext("Role changed: %(username)s") % {"username": username},
            gettext("%(username)s is now a %(role)s (was %(previous)s).") % {
                "username": username, "role": Role(role).label.lower(),
                "previous": Role(previous).label.lower(),
            },
        ),
    )  # fmt: skip
    return membership


@transaction.atomic
def member_second_factor_reset(*, membership: Membership, by) -> None:
    """For a lost phone: remove the member's second factors; they enrol anew at sign-in."""
    _admin_membership(by, membership.organisation)
    user = membership.user
    removed = second_factor_remove(user=user)
    sessions_end_all(user=user, by=by, reason="second_factor_reset")
    record(
        "member.second_factor_reset",
        actor=by,
        organisation=membership.organisation,
        obj=membership,
        data={"username": user.username, "devices_removed": removed},
    )
    second_factor_notify(
        user=user,
        key=f"member.second_factor_reset:{membership.pk}:{uuid.uuid4().hex}",
        subject=gettext_lazy("The second factor of your Panah account was reset"),
        body=gettext_lazy(
            "An admin of your organisation removed the authenticator app, recovery codes and "
            "passkeys of your Panah account and ended its sessions. You will set up a new "
            "authenticator at your next sign-in.\n\n"
            "If you did not ask for this, tell another admin of your organisation at once."
        ),
    )


@transaction.atomic
def member_revoke_access(*, membership: Membership, by) -> dict:
    """For a seized device or a departed member: everything the account holds stops now.

    The account is disabled, its password made unusable (which also voids any password
    link sent earlier), its second factors deleted (the seized phone holds the secret),
    every session ended and every token revoked.
    """
    _admin_membership(by, membership.organisation)
    user = membership.user
    if user.pk == by.pk:
        raise ValidationError(
            gettext(
                "You cannot revoke your own access. Use “Sign out everywhere”, "
                "or ask another admin."
            )
        )
    if membership.is_admin and not _other_active_admins(membership):
        raise ValidationError(gettext("This is the organisation's only admin."))
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    devices = second_factor_remove(user=user)
    ended, tokens = sign_out_everywhere(user=user, by=by, reason="access_revoked")
    summary = {
        "username": user.username,
        "sessions_ended": ended,
        "devices_removed": devices,
        "tokens_revoked": tokens,
    }
    record(
        "member.access_revoked",
        actor=by,
        organisation=membership.organisation,
        obj=membership,
        data=summary,
    )
    admins_notify(
        organisation=membership.organisation, by=by,
        compose=lambda: (
            gettext("Access revoked: %(username)s") % {"username": user.username},
            gettext(
                "Access was revoked for %(username)s: the account is disabled, its sessions "
                "ended, its second factor and tokens revoked."
            ) % {"username": user.username},
        ),
    )  # fmt: skip
    return summary


@transaction.atomic
def member_reinstate(*, membership: Membership, by) -> User:
    """Give a revoked member their access back, from scratch.

    Nothing the account held before comes back: its sessions and tokens stay revoked, any
    second factor is deleted (the old phone may be in someone else's hands), and the old
    password stays unusable. The member is emailed a single-use link to choose a new
    password, and enrols a new authenticator at their first sign-in.
    """
    _admin_membership(by, membership.organisation)
    user = User.objects.select_for_update(no_key=True).get(pk=membership.user_id)
    if user.is_active:
        raise ValidationError(
            gettext("%(username)s has access already.") % {"username": user.username}
        )
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    devices = second_factor_remove(user=user)
    record(
        "member.reinstated",
        actor=by,
        organisation=membership.organisation,
        obj=membership,
        data={"username": user.username, "devices_removed": devices},
    )
    outbox_enqueue(invitation_send, user.pk, True, key=f"invitation:{user.pk}:{uuid.uuid4().hex}")
    admins_notify(
        organisation=membership.organisation, by=by,
        compose=lambda: (
            gettext("Access reinstated: %(username)s") % {"username": user.username},
            gettext(
                "Access was given back to %(username)s (a %(role)s). They choose a new "
                "password from an emailed link and set up a new authenticator."
            ) % {"username": user.username, "role": membership.get_role_display().lower()},
        ),
    )  # fmt: skip
    return user
