"""Reads for incidents (raids) and bulk intake.

Who sees an incident: supervisors and admins of its organisation, whoever logged it, and
members who can see at least one case linked to it. A colleague with no case in a raid
gets 404 like for a case: the report names a community contact, and the list of people
taken is itself sensitive. On an incident page a member sees only the linked cases they
could open anyway, never a count or trace of the others.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from casework.models import Case
from casework.selectors import cases_visible_to, membership_of
from detainees.models import Incident
from detainees.risk_selectors import urgent_risk
from detainees.search import cases_with_spelling
from documents.models import IdentityDocument


def incidents_visible_to(user) -> QuerySet[Incident]:
    membership = membership_of(user)
    scoped = Incident.objects.filter(organisation_id=membership.organisation_id)
    if membership.sees_whole_organisation:
        return scoped
    linked = cases_visible_to(user).filter(detention__incident=OuterRef("pk"))
    return scoped.filter(Q(created_by=user) | Q(Exists(linked)))


def incident_for_user(user, incident_id: int) -> Incident:
    """404 alike for an incident that is missing, of another organisation, or not yours."""
    incident = (
        incidents_visible_to(user).select_related("created_by").filter(pk=incident_id).first()
    )
    if incident is None:
        raise Http404
    return incident


def incident_list(user) -> QuerySet[Incident]:
    """Incidents, newest first, each with the number of linked cases this user can open."""
    counted = (
        cases_visible_to(user)
        .filter(detention__incident=OuterRef("pk"))
        .order_by()
        .values("detention__incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return incidents_visible_to(user).annotate(
        visible_cases=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def incident_cases(user, incident: Incident) -> QuerySet[Case]:
    """The raid's cases this user may open: high risk and still held first, as in the case
    list, then by reference."""
    return (
        cases_visible_to(user)
        .filter(detention__incident=incident)
        .select_related("person", "detention", "lead_lawyer")
        .annotate(urgent_risk=urgent_risk())
        .order_by("-urgent_risk", "reference")
    )


@dataclass
class DuplicateWarning:
    """Why a bulk-intake row may be someone already known."""

    cases: list[Case] = field(default_factory=list)
    same_as_rows: list[int] = field(default_factory=list)
    # Same identity-document number: cases the user may open, or only that one exists
    # (as on the case page: ask a supervisor, without learning whose case it is).
    number_cases: list[Case] = field(default_factory=list)
    number_hidden: bool = False
    same_number_as_rows: list[int] = field(default_factory=list)


def _number_holders(user, numbers: set[str]) -> tuple[dict[str, list[Case]], set[str]]:
    """Visible cases per normalised document number, and the numbers also held elsewhere."""
    if not numbers:
        return {}, set()
    membership = membership_of(user)
    holders = list(
        IdentityDocument.objects.filter(
            organisation_id=membership.organisation_id, number_normalised__in=numbers
        ).values_list("number_normalised", "person_id")
    )
    if not holders:
        return {}, set()
    person_ids = {pid for _, pid in holders}
    visible = list(
        cases_visible_to(user)
        .filter(person_id__in=person_ids)
        .select_related("person", "detention")
        .order_by("-opened_at")
    )
    visible_ids = {c.pk for c in visible}
    hidden_persons = {
        pid
        for pk, pid in Case.objects.filter(
            organisation_id=membership.organisation_id, person_id__in=person_ids
        ).values_list("pk", "person_id")
        if pk not in visible_ids
    }
    by_number: dict[str, list[Case]] = {}
    hidden: set[str] = set()
    for number, pid in holders:
        by_number.setdefault(number, []).extend(c for c in visible if c.person_id == pid)
        if pid in hidden_persons:
            hidden.add(number)
    return by_number, hidden


def intake_duplicates(
    user, keys_per_row: Sequence[Sequence[str]], numbers_per_row: Sequence[str] = ()
) -> dict[int, DuplicateWarning]:
    """Per row index: visible cases with the same normalised name and father's name or the
    same document number, and earlier rows of the batch with either. A constant number of
    queries whatever the row count."""
    numbers_per_row = list(numbers_per_row) or [""] * len(keys_per_row)
    by_number, hidden_numbers = _number_holders(user, {n for n in numbers_per_row if n})
    wanted = {k for keys in keys_per_row for k in keys if k}
    by_key: dict[str, list[Case]] = {}
    if wanted:
        matches = (
            cases_with_spelling(cases_visible_to(user), wanted)
            .select_related("person", "detention")
            .order_by("-opened_at")
        )
        for case in matches:
            for key in {case.person.spelling_key, case.person.spelling_key_native} & wanted:
                by_key.setdefault(key, []).append(case)
    warnings: dict[int, DuplicateWarning] = {}
    first_row_with: dict[str, int] = {}
    first_row_with_number: dict[str, int] = {}
    for index, keys in enumerate(keys_per_row):
        warning = DuplicateWarning()
        for key in (k for k in keys if k):
            for case in by_key.get(key, []):
                if case not in warning.cases:
                    warning.cases.append(case)
            earlier = first_row_with.setdefault(key, index)
            if earlier != index and earlier not in warning.same_as_rows:
                warning.same_as_rows.append(earlier)
        number = numbers_per_row[index]
        if number:
            warning.number_cases = list(dict.fromkeys(by_number.get(number, [])))
            warning.number_hidden = number in hidden_numbers
            earlier = first_row_with_number.setdefault(number, index)
            if earlier != index:
                warning.same_number_as_rows.append(earlier)
        if (
            warning.cases or warning.same_as_rows or warning.number_cases
            or warning.number_hidden or warning.same_number_as_rows
        ):  # fmt: skip
            warnings[index] = warning
    return warnings
