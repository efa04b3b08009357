"""Reads. Every query starts from the user's organisation; nothing is found by a bare id."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, QuerySet, Value, When
from django.db.models import Case as SQLCase
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from casework.models import Case, Event, Membership, Role
from detainees.models import CustodyStatus
from detainees.risk_selectors import urgent_risk
from detainees.search import cases_with_spelling, search_cases
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
    # High risk and still held first; within each group, held longest without production.
    order = ("-urgent_risk", "-awaiting_production", "detention__arrested_at", "-id")
    if filters.q.strip():
        # The best matches first (detainees.search), then the usual order among equals.
        matches = search_cases(qs, filters.q, pool=cases_visible_to(user))
        return matches.order_by("-search_rank", *order)
    return qs.order_by(*order)


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
    return case.events.select_related("actor").order_by("-created_at", "-id")


def possible_duplicates(user, *, spelling_keys: list[str]) -> list[Case]:
    """Visible cases whose person has the same name and father's name, however spelt
    (``detainees.names.spelling_keys``)."""
    return list(
        cases_with_spelling(cases_visible_to(user), spelling_keys)
        .select_related("person", "detention")
        .order_by("-opened_at")[:10]
    )
