"""Bulk intake after a raid: many detainees of one incident opened as cases in one go.

All or nothing: every row is validated before anything is written, and a single bad
row saves nothing. The write costs the same number of queries for five rows or five
hundred (bulk inserts, one reference allocation, queryset permission grants), which is
what lets a lawyer log forty people from a police station in minutes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from casework.audit import log_action, log_actions
from casework.models import Case, CaseAssignment, Membership, Role, Stage
from casework.services import ASSIGNABLE_ROLES, TEAM_PERMISSIONS, reference_allocate
from detainees.models import Detention, Incident, Person
from detainees.services import DETENTION_FIELDS, detention_build, person_build
from documents.models import DocumentKind
from documents.services import documents_add_bulk

MAX_ROWS = 1000
# Arrest details entered once for the whole raid; everything else is per detainee.
SHARED_DETENTION_FIELDS = tuple(f for f in DETENTION_FIELDS if f != "produced_at")
KIND_CODES = ", ".join(DocumentKind.values)


def _is_perso_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def person_fields_from(*, name: str, father_name: str, gender: str = "") -> dict[str, Any]:
    """Rows carry one name column each; the script it is typed in decides the field, so a
    CSV written in Dari or a form filled on a Pashto keyboard needs no extra columns."""
    fields: dict[str, Any] = {"gender": gender}
    fields["given_name_native" if _is_perso_arabic(name) else "given_name"] = name.strip()
    father_key = "father_name_native" if _is_perso_arabic(father_name) else "father_name"
    fields[father_key] = father_name.strip()
    return fields


@dataclass(frozen=True)
class IntakeRow:
    person_fields: dict[str, Any]
    document_kind: str = ""
    document_number: str = ""


@dataclass
class RowsInvalid(Exception):
    """Every bad row with its reasons, by row index (0-based); nothing was saved."""

    rows: dict[int, list[str]] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.rows)} row(s) and {len(self.shared)} shared detail(s) invalid"


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def _build(incident: Incident, detention_fields, rows) -> list[tuple[Person, Detention]]:
    problems = RowsInvalid()
    unknown = set(detention_fields) - set(SHARED_DETENTION_FIELDS)
    if unknown:
        raise ValueError(f"Not shared arrest details: {', '.join(sorted(unknown))}")
    if not rows:
        problems.shared.append("Add at least one detainee.")
    if len(rows) > MAX_ROWS:
        problems.shared.append(f"At most {MAX_ROWS} detainees at a time; split the list.")
    organisation = incident.organisation
    built = []
    try:
        probe = Person(organisation=organisation, given_name="-", father_name="-")
        detention_build(organisation=organisation, person=probe, fields=detention_fields)
    except ValidationError as error:
        problems.shared.extend(_messages(error))
    for index, row in enumerate(rows):
        try:
            person = person_build(organisation=organisation, fields=row.person_fields)
        except ValidationError as error:
            problems.rows[index] = _messages(error)
            continue
        document_problem = _document_problem(row)
        if document_problem:
            problems.rows[index] = [document_problem]
            continue
        built.append((person, Detention(organisation=organisation, incident=incident)))
    if problems.rows or problems.shared:
        raise problems
    for _person, detention in built:
        for name, value in detention_fields.items():
            setattr(detention, name, value)
    return built


def _document_problem(row: IntakeRow) -> str:
    if bool(row.document_kind) != bool(row.document_number.strip()):
        return "Give both the document kind and its number, or neither."
    if row.document_kind and row.document_kind not in DocumentKind.values:
        return f"Unknown document kind “{row.document_kind}”; use one of {KIND_CODES}."
    if len(row.document_number.strip()) > 64:
        return "The document number is longer than 64 characters."
    return ""


@transaction.atomic
def incident_intake(
    *,
    incident: Incident,
    opened_by,
    detention_fields: dict[str, Any],
    rows: Sequence[IntakeRow],
) -> list[Case]:
    """Open one case per row, linked to the incident. Raises ``RowsInvalid`` (nothing saved)
    if any row or the shared arrest details are invalid."""
    membership = Membership.objects.select_related("organisation").get(user=opened_by)
    if membership.organisation_id != incident.organisation_id:
        raise ValidationError("This incident belongs to another organisation.")
    organisation = membership.organisation
    built = _build(incident, detention_fields, rows)

    persons = Person.objects.bulk_create([person for person, _ in built])
    detentions = []
    for person, detention in built:
        detention.person = person
        detentions.append(detention)
    Detention.objects.bulk_create(detentions)
    references = reference_allocate(
        organisation=organisation, year=timezone.localdate().year, count=len(built)
    )
    is_lawyer = membership.role == Role.LAWYER
    cases = Case.objects.bulk_create(
        [
            Case(
                organisation=organisation, reference=reference, person=person,
                detention=detention, stage=Stage.INTAKE, opened_by=opened_by,
                lead_lawyer=opened_by if is_lawyer else None,
            )
            for reference, person, detention in zip(references, persons, detentions, strict=True)
        ]
    )  # fmt: skip
    if membership.role in ASSIGNABLE_ROLES:
        # Whoever logs the raid keeps access to every case from it, as at single intake.
        CaseAssignment.objects.bulk_create(
            [CaseAssignment(case=case, user=opened_by, assigned_by=opened_by) for case in cases]
        )
        opened = Case.objects.filter(pk__in=[case.pk for case in cases])
        for perm in TEAM_PERMISSIONS:
            assign_perm(f"casework.{perm}", opened_by, opened)
    with_documents = [
        (case, {"kind": row.document_kind, "number": row.document_number})
        for case, row in zip(cases, rows, strict=True)
        if row.document_kind
    ]
    documents_add_bulk(items=with_documents, by=opened_by)
    log_actions(
        "case.opened", organisation=organisation, actor=opened_by,
        entries=[
            (case, case, {"reference": case.reference, "incident": incident.pk})
            for case in cases
        ],
    )  # fmt: skip
    log_action(
        "incident.intake", organisation=organisation, actor=opened_by, obj=incident,
        data={
            "summary": f"opened {len(cases)} cases ({references[0]} to {references[-1]})",
            "cases": len(cases), "first": references[0], "last": references[-1],
        },
    )  # fmt: skip
    return cases
