"""Which intake rows may be someone already known: the same normalised name and father's
name, or the same identity-document number, as a case the user can see (or, for a number,
a case they cannot), or as an earlier row of the same list."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from casework.audit import log_read
from casework.duplicates import cases_matching
from casework.models import Case
from casework.selectors import membership_of
from detainees.names import spelling_keys
from documents.numbers import normalise_number


@dataclass
class DuplicateWarning:
    cases: list[Case] = field(default_factory=list)
    same_as_rows: list[int] = field(default_factory=list)
    # Same identity-document number: cases the user may open, or only that one exists
    # (as on the case page: ask a supervisor, without learning whose case it is).
    number_cases: list[Case] = field(default_factory=list)
    number_hidden: bool = False
    same_number_as_rows: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.cases or self.same_as_rows or self.number_cases or self.number_hidden
            or self.same_number_as_rows
        )  # fmt: skip


def name_keys(person_fields: dict) -> list[str]:
    """The row's "name|father" keys in both scripts, however each was spelt."""
    p = person_fields
    return list(
        spelling_keys(
            given=p.get("given_name", ""), family=p.get("family_name", ""),
            father=p.get("father_name", ""), given_native=p.get("given_name_native", ""),
            family_native=p.get("family_name_native", ""),
            father_native=p.get("father_name_native", ""),
        )
    )  # fmt: skip


def row_duplicates(user, rows: Sequence) -> dict[int, DuplicateWarning]:
    """Per row index (only rows with a warning). A constant number of queries whatever the
    row count. ``rows`` are ``IntakeRow``s."""
    keys_per_row = [name_keys(row.person_fields) for row in rows]
    numbers_per_row = [
        normalise_number(row.document_number) if row.document_kind else "" for row in rows
    ]
    matches = cases_matching(
        user,
        name_keys=[k for keys in keys_per_row for k in keys],
        numbers=numbers_per_row,
    )
    warnings: dict[int, DuplicateWarning] = {}
    first_row_with: dict[str, int] = {}
    first_row_with_number: dict[str, int] = {}
    for index, keys in enumerate(keys_per_row):
        warning = DuplicateWarning()
        for key in (k for k in keys if k):
            for case in matches.by_key.get(key, []):
                if case not in warning.cases:
                    warning.cases.append(case)
            earlier = first_row_with.setdefault(key, index)
            if earlier != index and earlier not in warning.same_as_rows:
                warning.same_as_rows.append(earlier)
        if number := numbers_per_row[index]:
            warning.number_cases = list(dict.fromkeys(matches.by_number.get(number, [])))
            warning.number_hidden = number in matches.hidden_numbers
            earlier = first_row_with_number.setdefault(number, index)
            if earlier != index:
                warning.same_number_as_rows.append(earlier)
        if warning:
            warnings[index] = warning
    return warnings


def duplicates_shown(request, warnings: Iterable[DuplicateWarning | None]) -> None:
    """A warning names each person it matched, whoever typed the row: a read of their case.

    It answers "is this name known here?" for whatever was typed, so it is audited like
    opening the case; rows matching only a case the user cannot open show no name."""
    organisation = membership_of(request.user).organisation
    for warning in warnings:
        for case in [*warning.cases, *warning.number_cases] if warning else []:
            log_read(request, "case.viewed", organisation=organisation, case=case, obj=case,
                     data={"page": "duplicate"})  # fmt: skip
