"""Reads. Every query starts from the user's organisation; nothing is found by a bare id."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from casework.audit import READ_VERBS
from casework.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Event,
    Membership,
    Role,
)

User = get_user_model()


def membership_of(user) -> Membership:
    """The user's membership, or 404: a user outside every organisation sees nothing."""
    if not user.is_authenticated:
        raise Http404
    try:
        return user.membership
    except Membership.DoesNotExist:
        raise Http404 from None


def cases_visible_to(user, perm: str = "view_case") -> QuerySet[Case]:
    membership = membership_of(user)
    scoped = Case.objects.filter(organisation_id=membership.organisation_id)
    if membership.sees_whole_organisation:
        return scoped
    return get_objects_for_user(
        user,
        f"casework.{perm}",
        klass=scoped,
        accept_global_perms=False,
        with_superuser=False,
    )


# What a team member may do on a case. Approval is granted separately, case by case.
CASE_PERMISSIONS = ("view_case", "change_case", "draft_petition", "approve_petition")


@dataclass(frozen=True)
class CaseAccess:
    """What the user may do on one case, computed with the case in the same query."""

    membership: Membership
    granted: frozenset[str]

    def may(self, perm: str) -> bool:
        return self.membership.sees_whole_organisation or perm in self.granted

    @property
    def change(self) -> bool:
        return self.may("change_case")

    @property
    def draft_petition(self) -> bool:
        return self.may("draft_petition")


def _granted(user, perm: str) -> Exists:
    codename = perm.split(".")[-1]
    direct = CaseUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user=user, permission__codename=codename
    )
    via_group = CaseGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group__user=user, permission__codename=codename
    )
    return Exists(direct) | Exists(via_group)


def case_for_user(user, reference: str, perm: str = "view_case") -> Case:
    """The one access helper: 404 alike for a case that is missing and one that is not yours.

    The case comes back with ``case.access`` (a ``CaseAccess``): what this user may do on
    it, read in the same query, so a page never asks again.
    """
    membership = membership_of(user)
    case = (
        cases_visible_to(user, perm)
        .select_related("person", "detention", "lead_lawyer", "organisation")
        .annotate(**{f"_may_{p}": _granted(user, p) for p in CASE_PERMISSIONS})
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    granted = frozenset(p for p in CASE_PERMISSIONS if getattr(case, f"_may_{p}"))
    case.access = CaseAccess(membership=membership, granted=granted)
    return case


def user_may(user, case: Case, perm: str) -> bool:
    """Whether the user holds ``perm`` on a case already known to be visible to them.

    Free for a case fetched through ``case_for_user``: its ``access`` already says.
    """
    access = getattr(case, "access", None)
    if access is not None and access.membership.user_id == user.pk:
        return access.may(perm)
    return cases_visible_to(user, perm).filter(pk=case.pk).exists()


def organisation_members(user, roles: tuple[str, ...] | None = None) -> QuerySet:
    membership = membership_of(user)
    qs = User.objects.filter(
        membership__organisation_id=membership.organisation_id, is_active=True
    ).select_related("membership")
    if roles:
        qs = qs.filter(membership__role__in=roles)
    return qs.order_by("first_name", "username")


def lawyers_of_organisation(user) -> QuerySet:
    return organisation_members(user, (Role.LAWYER,))


def case_timeline(case: Case) -> QuerySet[Event]:
    # Page views are in the audit trail; on the case's own timeline they would bury the work.
    return (
        case.events.exclude(verb__in=READ_VERBS)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
