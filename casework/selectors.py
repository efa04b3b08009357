"""Reads. Every query starts from the user's organisation; nothing is found by a bare id."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as SQLCase
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from casework.audit import READ_VERBS
from casework.models import Case, Event, Membership, Role
from detainees.models import CustodyStatus
from detainees.risk_selectors import urgent_risk
from documents.selectors import annotate_case_coverage

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


def case_for_user(user, reference: str, perm: str = "view_case") -> Case:
    """The one access helper: 404 alike for a case that is missing and one that is not yours."""
    case = (
        cases_visible_to(user, perm)
        .select_related("person", "detention", "lead_lawyer", "organisation")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    return case


def user_may(user, case: Case, perm: str) -> bool:
    """Whether the user holds ``perm`` on a case already known to be visible to them."""
    return cases_visible_to(user, perm).filter(pk=case.pk).exists()


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    lawyer: int | None = None
    custody: str = ""
    q: str = ""
    papers: str = ""  # coverage on the day of arrest: documents.selectors.CASE_COVERAGE_CHOICES


AWAITING_PRODUCTION = "awaiting"


def _awaiting_production() -> SQLCase:
    return SQLCase(
        When(
            detention__status=CustodyStatus.IN_CUSTODY,
            detention__produced_at__isnull=True,
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def case_list(user, filters: CaseFilters) -> QuerySet[Case]:
    """Cases for the list page: high risk and still held first, then held longest without
    production.

    Hours are derived from timestamps at display time; ordering by "awaiting
    production, then earliest arrest" is the same order without computing them in SQL.
    """
    qs = (
        cases_visible_to(user)
        .select_related("person", "detention", "lead_lawyer")
        .annotate(awaiting_production=_awaiting_production(), urgent_risk=urgent_risk())
    )
    qs = annotate_case_coverage(qs, membership_of(user).organisation.time_zone, filters.papers)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.lawyer:
        qs = qs.filter(lead_lawyer_id=filters.lawyer)
    if filters.custody == AWAITING_PRODUCTION:
        qs = qs.filter(awaiting_production=True)
    elif filters.custody:
        qs = qs.filter(detention__status=filters.custody)
    for term in filters.q.split():
        qs = qs.filter(
            Q(reference__icontains=term)
            | Q(person__given_name__icontains=term)
            | Q(person__family_name__icontains=term)
            | Q(person__given_name_native__icontains=term)
            | Q(person__family_name_native__icontains=term)
            | Q(person__father_name__icontains=term)
            | Q(person__father_name_native__icontains=term)
            | Q(detention__fir_number__icontains=term)
        )
    # High risk and still held first; within each group, held longest without production.
    return qs.order_by("-urgent_risk", "-awaiting_production", "detention__arrested_at", "-id")


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


def possible_duplicates(user, *, match_keys: list[str]) -> list[Case]:
    """Visible cases whose person has the same normalised name and father's name."""
    keys = [k for k in match_keys if k]
    if not keys:
        return []
    return list(
        cases_visible_to(user)
        .filter(Q(person__match_key__in=keys) | Q(person__match_key_native__in=keys))
        .select_related("person", "detention")
        .order_by("-opened_at")[:10]
    )
