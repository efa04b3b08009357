"""Turning typed or uploaded rows into bulk-intake input, with per-row duplicate warnings.

A row that looks like someone already known (same normalised name and father's name as
a visible case, or as an earlier row) is held back until the user ticks "not the same
person" on that row: logging a second case for a detainee splits their papers and their
hearings across two files, which is worse than a minute spent checking.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from detainees.intake.duplicates import DuplicateWarning, row_duplicates
from detainees.intake.services import IntakeRow, RowsInvalid, person_fields_from


@dataclass
class PreparedRow:
    label: str
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    duplicate: DuplicateWarning | None = None
    same_as: list[str] = field(default_factory=list)
    same_number_as: list[str] = field(default_factory=list)
    confirmed: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return self.duplicate is not None and not self.confirmed


@dataclass
class PreparedRows:
    items: list[PreparedRow]
    rows: list[IntakeRow]

    @property
    def errors(self) -> list[PreparedRow]:
        return [item for item in self.items if item.errors]

    @property
    def unconfirmed(self) -> list[PreparedRow]:
        return [item for item in self.items if item.needs_confirmation]

    @property
    def duplicates(self) -> list[PreparedRow]:
        return [item for item in self.items if item.duplicate is not None]

    @property
    def ready(self) -> bool:
        return bool(self.items) and not self.errors and not self.unconfirmed

    def row(self, index: int) -> PreparedRow:
        return self.items[index]

    @property
    def confirmed(self) -> set[int]:
        return {i for i, item in enumerate(self.items) if item.confirmed}

    def add_service_errors(self, invalid: RowsInvalid) -> None:
        for index, messages in invalid.rows.items():
            self.items[index].errors.extend(messages)


def _row(values: dict[str, Any]) -> IntakeRow:
    person = person_fields_from(
        name=values["name"],
        father_name=values["father_name"],
        gender=values["gender"],
        husband_name=values.get("husband_name") or "",
    )
    return IntakeRow(
        person_fields={
            **person,
            "date_of_birth": values.get("date_of_birth"),
            "estimated_age": values.get("age"),
            "age_approximate": bool(values.get("age_approximate")),
        },
        document_kind=values.get("document_kind") or "",
        document_number=values.get("document_number") or "",
        document_issued_on=values.get("issued_on"),
        document_expires_on=values.get("expires_on"),
    )


def prepare_rows(
    user,
    cleaned: Sequence[dict[str, Any] | None],
    *,
    labels: Sequence[str],
    confirmed: set[int],
    row_problems: Sequence[list[str]] | None = None,
    raw: Sequence[dict[str, Any]] | None = None,
) -> PreparedRows:
    """``cleaned[i]`` is a validated row (or None if it failed validation, with its reasons
    in ``row_problems[i]``). Returns the rows to save and what to show for each one."""
    items: list[PreparedRow] = []
    rows: list[IntakeRow] = []
    for index, values in enumerate(cleaned):
        problems = list(row_problems[index]) if row_problems else []
        shown = raw[index] if raw else (values or {})
        items.append(PreparedRow(label=labels[index], values=shown, errors=problems))
        if values is not None and not problems:
            rows.append(_row(values))
    if len(rows) != len(items):
        return PreparedRows(items=items, rows=[])
    for index, warning in row_duplicates(user, rows).items():
        item = items[index]
        item.duplicate = warning
        item.same_as = [items[i].label for i in warning.same_as_rows]
        item.same_number_as = [items[i].label for i in warning.same_number_as_rows]
        item.confirmed = index in confirmed
    return PreparedRows(items=items, rows=rows)
