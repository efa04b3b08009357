from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Passkey
from casework.models import Membership
from casework.selectors import membership_of

User = get_user_model()


def admin_membership_of(user) -> Membership:
    """The requester's membership if they are an organisation admin; 404 otherwise."""
    membership = membership_of(user)
    if not membership.is_admin:
        raise Http404
    return membership


def members_for_admin(user) -> QuerySet[Membership]:
    admin = admin_membership_of(user)
    return (
        Membership.objects.filter(organisation_id=admin.organisation_id)
        .select_related("user", "organisation")
        .annotate(
            has_second_factor=Exists(
                TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
            ),
            session_count=Count("user__signed_in_sessions", distinct=True),
        )
        .order_by("-user__is_active", "user__username")
    )


def member_for_admin(user, member_id: UUID) -> Membership:
    """A member of the admin's own organisation by public id, or 404 (other organisations
    alike)."""
    membership = members_for_admin(user).filter(public_id=member_id).first()
    if membership is None:
        raise Http404
    return membership


def passkeys_of(user) -> QuerySet:
    """A member's own passkeys for their security page, the last used first."""
    return Passkey.objects.filter(user=user, confirmed=True).order_by(
        F("last_used_at").desc(nulls_last=True), "-created_at"
    )


def passkey_of(user, public_id: UUID):
    """One of the requester's own passkeys by public id, or 404: a passkey of anyone else,
    colleague or stranger, is "not found" like one that never existed."""
    passkey = passkeys_of(user).filter(public_id=public_id).first()
    if passkey is None:
        raise Http404
    return passkey
