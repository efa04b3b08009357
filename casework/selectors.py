"""Reads. Every query starts from the user's organisation; nothing is found by a bare id."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

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


def _grants(user, codename: str):
    """The user's grants of ``codename`` on cases, directly and through their groups.

    Read from the direct-FK tables (guardian's generic ones are far slower at scale);
    the (user, permission, case) unique index answers both the whole set and one case.
    The permission is a scalar subquery, not a join, so the planner estimates the
    user's grants from the table's statistics.
    """
    permission = Subquery(
        Permission.objects.filter(
            codename=codename, content_type__app_label="casework", content_type__model="case"
        ).values("pk")
    )
    direct = CaseUserObjectPermission.objects.filter(user_id=user.pk, permission_id=permission)
    via_group = CaseGroupObjectPermission.objects.filter(
        group__user=user.pk, permission_id=permission
    )
    return direct, via_group


def _in_any_group(user) -> bool:
    """Whether group grants can apply to ``user``; asked once per request (the user object
    lives as long as the request)."""
    if not hasattr(user, "_in_any_group"):
        user._in_any_group = user.groups.exists()
    return user._in_any_group


def cases_visible_to(user, perm: str = "view_case") -> QuerySet[Case]:
    """The cases ``user`` may ``perm``: their organisation's, and for a team member only
    the ones granted to them or to one of their groups.

    One query: the grants are a subquery (``id IN (...)``), never a list of ids read into
    Python. Without groups it is the direct grants alone, which the planner reads with
    their statistics: it walks a small caseload's grants, and for a large one walks the
    list's index probing each case's grant.
    """
    membership = membership_of(user)
    scoped = Case.objects.filter(organisation_id=membership.organisation_id)
    if membership.sees_whole_organisation:
        return scoped
    direct, via_group = _grants(user, perm.split(".")[-1])
    granted = direct.values("content_object_id")
    if _in_any_group(user):
        granted = granted.union(via_group.values("content_object_id"), all=True)
    return scoped.filter(pk__in=granted)


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
    """Whether ``perm`` is granted on the outer case: an indexed EXISTS on that case's
    grants, whatever the size of the user's caseload."""
    direct, via_group = _grants(user, perm.split(".")[-1])
    return Exists(direct.filter(content_object=OuterRef("pk"))) | Exists(
        via_group.filter(content_object=OuterRef("pk"))
    )


def case_for_user(user, reference: str, perm: str = "view_case") -> Case:
    """The one access helper: 404 alike for a case that is missing and one that is not yours.

    The case comes back with ``case.access`` (a ``CaseAccess``): what this user may do on
    it, read in the same query, so a page never asks again.
    """
    membership = membership_of(user)
    # One case by its reference first, then its own grants: an indexed EXISTS, never the
    # set of every case the user may see.
    scoped = Case.objects.filter(organisation_id=membership.organisation_id)
    if not membership.sees_whole_organisation:
        scoped = scoped.filter(_granted(user, perm))
    case = (
        scoped.select_related("person", "detention", "lead_lawyer", "organisation")
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
    membership = membership_of(user)
    one = Case.objects.filter(organisation_id=membership.organisation_id, pk=case.pk)
    if not membership.sees_whole_organisation:
        one = one.filter(_granted(user, perm))
    return one.exists()


def approval_grants(case: Case) -> set[int]:
    """The users granted ``approve_petition`` on this case, one by one."""
    direct, _ = _grants_on(case, "approve_petition")
    return set(direct.values_list("user_id", flat=True))


def _grants_on(case: Case, codename: str):
    permission = Permission.objects.filter(
        codename=codename, content_type__app_label="casework", content_type__model="case"
    ).values("pk")
    return (
        CaseUserObjectPermission.objects.filter(content_object=case, permission_id__in=permission),
        CaseGroupObjectPermission.objects.filter(content_object=case, permission_id__in=permission),
    )


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
