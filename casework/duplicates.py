"""Who else might this be? The one duplicates selector, used by single and bulk intake and by
the document form: visible cases whose person has the same name and father's name however
spelt (the spelling keys of detainees/names.py), or holds an identity document with the same
number.

The core knows the person's match keys and documents only by their ORM paths
(``person__spelling_key``, ``person__documents__number_normalised``), never by importing the
feature apps that define them. Cases the user may open are listed; for the others only
their existence is admitted, so a lawyer learns to ask a supervisor without learning whose
case it is. Three queries, whatever the number of keys and numbers.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from casework.models import Case
from casework.selectors import cases_visible_to, membership_of


@dataclass
class Matches:
    by_key: dict[str, list[Case]] = field(default_factory=dict)
    by_number: dict[str, list[Case]] = field(default_factory=dict)
    # Numbers also held by a person in a case this user may not open.
    hidden_numbers: set[str] = field(default_factory=set)


def cases_matching(
    user,
    *,
    name_keys: Iterable[str] = (),
    numbers: Iterable[str] = (),
    exclude_person_id: int | None = None,
) -> Matches:
    membership = membership_of(user)
    keys = {k for k in name_keys if k}
    numbers = {n for n in numbers if n}
    matches = Matches()
    if not (keys or numbers):
        return matches
    organisation_cases = Case.objects.filter(organisation_id=membership.organisation_id)
    if exclude_person_id is not None:
        organisation_cases = organisation_cases.exclude(person_id=exclude_person_id)
    holders = (
        list(
            organisation_cases.filter(person__documents__number_normalised__in=numbers)
            .values_list("pk", "person__documents__number_normalised")
            .distinct()
        )
        if numbers
        else []
    )
    by_name = Q(person__spelling_key__in=keys) | Q(person__spelling_key_native__in=keys)
    wanted = Q(pk__in={pk for pk, _ in holders}) | (by_name if keys else Q(pk__in=[]))
    visible = {
        case.pk: case
        for case in cases_visible_to(user)
        .filter(pk__in=organisation_cases.filter(wanted).values("pk"))
        .select_related("person", "detention")
        .order_by("-opened_at")
    }
    for case in visible.values():
        for key in {case.person.spelling_key, case.person.spelling_key_native} & keys:
            matches.by_key.setdefault(key, []).append(case)
    for pk, number in holders:
        if pk in visible:
            matches.by_number.setdefault(number, []).append(visible[pk])
        else:
            matches.hidden_numbers.add(number)
    return matches
