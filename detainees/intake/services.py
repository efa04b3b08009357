"""Intake: the one way a case is opened, for one detainee logged at a police station or for
forty after a raid. Single intake is bulk intake of one row.

All or nothing: every row is validated before anything is written, and a single bad row
saves nothing. The write costs the same number of queries for one row or five hundred
(bulk inserts, one reference allocation, queryset permission grants), which is what lets
a lawyer log forty people from a police station in minutes.

Duplicates are checked again inside the write, under a lock on the organisation: two
people uploading the same list at the same moment must not open two cases per detainee.
The second one finds the first one's cases, exactly as if it had come a minute later.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from guardian.shortcuts import assign_perm

from casework.audit import log_action, log_actions
from casework.locks import organisation_lock
from casework.models import Case, CaseAssignment, Membership, Organisation
from casework.outbox import outbox_enqueue
from casework.services import TEAM_PERMISSIONS, reference_allocate
from casework.tasks import notify_cases_opened
from detainees.alerts import child_held_alert_on_commit
from detainees.children import person_refresh_minor
from detainees.intake.duplicates import row_duplicates
from detainees.models import Detention, Incident, Person
from detainees.services import DETENTION_FIELDS, detention_build, person_build
from documents.case_coverage import case_coverage_refresh
from documents.models import DocumentKind
from documents.services import documents_add_bulk

MAX_ROWS = 1000
# Arrest details entered once for the whole raid; everything else is per detainee.
SHARED_DETENTION_FIELDS = tuple(f for f in DETENTION_FIELDS if f != "produced_at")
KIND_CODES = ", ".join(DocumentKind.values)
DOCUMENT_NUMBER_MAX = 64
OPENED_DEFERRED = gettext_noop("Saved. Those concerned will be notified when the queue is back.")


def _is_perso_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def husband_fields(husband_name: str) -> dict[str, str]:
    husband_name = husband_name.strip()
    if not husband_name:
        return {}
    key = "husband_name_native" if _is_perso_arabic(husband_name) else "husband_name"
    return {key: husband_name}


def person_fields_from(
    *, name: str, father_name: str, gender: str = "", husband_name: str = ""
) -> dict[str, Any]:
    """Rows carry one name column each; the script it is typed in decides the field, so a
    CSV written in Dari or a form filled on a Pashto keyboard needs no extra columns."""
    fields: dict[str, Any] = {"gender": gender}
    fields["given_name_native" if _is_perso_arabic(name) else "given_name"] = name.strip()
    father_key = "father_name_native" if _is_perso_arabic(father_name) else "father_name"
    fields[father_key] = father_name.strip()
    return {**fields, **husband_fields(husband_name)}


@dataclass(frozen=True)
class IntakeRow:
    """One detainee: who, their own arrest details (single intake), and a document if any."""

    person_fields: dict[str, Any]
    document_kind: str = ""
    document_number: str = ""
    document_issued_on: date | None = None
    document_expires_on: date | None = None
    detention_fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowsInvalid(Exception):
    """Every bad row with its reasons, by row index (0-based); nothing was saved.

    ``errors`` keeps each row's ValidationError as raised, so a one-row form can put each
    message on the field it belongs to; ``rows`` has them as sentences for a table.
    """

    errors: dict[int, ValidationError] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)

    @property
    def rows(self) -> dict[int, list[str]]:
        return {index: _messages(error) for index, error in self.errors.items()}

    def __str__(self) -> str:
        return f"{len(self.errors)} row(s) and {len(self.shared)} shared detail(s) invalid"


class DuplicatesFound(RowsInvalid):
    """Rows that look like someone already known and were not confirmed as new people."""


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def _document_problem(row: IntakeRow) -> str:
    if bool(row.document_kind) != bool(row.document_number.strip()):
        return "Give both the document kind and its number, or neither."
    if row.document_kind and row.document_kind not in DocumentKind.values:
        return f"Unknown document kind “{row.document_kind}”; use one of {KIND_CODES}."
    if len(row.document_number.strip()) > DOCUMENT_NUMBER_MAX:
        return f"The document number is longer than {DOCUMENT_NUMBER_MAX} characters."
    return ""


def _build(
    organisation: Organisation,
    incident: Incident | None,
    shared: dict[str, Any],
    rows: Sequence[IntakeRow],
) -> list[tuple[Person, Detention]]:
    problems = RowsInvalid()
    unknown = set(shared) - set(SHARED_DETENTION_FIELDS)
    if unknown:
        raise ValueError(f"Not shared arrest details: {', '.join(sorted(unknown))}")
    if not rows:
        problems.shared.append("Add at least one detainee.")
    if len(rows) > MAX_ROWS:
        problems.shared.append(f"At most {MAX_ROWS} detainees at a time; split the list.")
    if shared:
        try:
            probe = Person(organisation=organisation, given_name="-", father_name="-")
            detention_build(organisation=organisation, person=probe, fields=shared)
        except ValidationError as error:
            problems.shared.extend(_messages(error))
    built = []
    for index, row in enumerate(rows):
        try:
            person = person_build(organisation=organisation, fields=row.person_fields)
            detention = detention_build(
                organisation=organisation, person=person, fields={**shared, **row.detention_fields}
            )
        except ValidationError as error:
            problems.errors[index] = error
            continue
        if document_problem := _document_problem(row):
            problems.errors[index] = ValidationError({"document_number": document_problem})
            continue
        person_refresh_minor(person, detention)
        detention.incident = incident
        built.append((person, detention))
    if problems.errors or problems.shared:
        raise problems
    return built


def _refuse_unconfirmed_duplicates(membership, rows, confirmed: Collection[int]) -> None:
    warnings = row_duplicates(membership.user, rows)
    unconfirmed = {i: w for i, w in warnings.items() if i not in confirmed}
    if unconfirmed:
        raise DuplicatesFound(
            errors={
                i: ValidationError(
                    gettext(
                        "May be someone already known: check the existing case, then confirm "
                        "this is a different person or remove the row."
                    )
                )
                for i in unconfirmed
            }
        )


@transaction.atomic
def cases_open(
    *,
    membership: Membership,
    rows: Sequence[IntakeRow],
    incident: Incident | None = None,
    detention_fields: dict[str, Any] | None = None,
    confirmed: Collection[int] = (),
) -> list[Case]:
    """Open one case per row: person, detention, case, team and permissions, documents.

    ``detention_fields`` are arrest details shared by every row (a raid); ``confirmed``
    lists the rows the user confirmed are not someone already known. Raises
    ``RowsInvalid`` (or ``DuplicatesFound``) with nothing saved.
    """
    organisation = membership.organisation
    if incident is not None and incident.organisation_id != organisation.pk:
        raise ValidationError(gettext("This incident belongs to another organisation."))
    built = _build(organisation, incident, detention_fields or {}, rows)
    # One intake at a time per organisation, from the duplicate check to the last insert;
    # nothing else (page views, edits, their audit events) waits on it.
    organisation_lock("intake", organisation.pk)
    _refuse_unconfirmed_duplicates(membership, rows, confirmed)

    persons = Person.objects.bulk_create([person for person, _ in built])
    detentions = []
    for person, detention in built:
        detention.person = person
        detentions.append(detention)
    Detention.objects.bulk_create(detentions)
    references = reference_allocate(
        organisation=organisation, year=timezone.localdate().year, count=len(built)
    )
    opened_by = membership.user
    cases = Case.objects.bulk_create(
        [
            Case(
                organisation=organisation, reference=reference, person=person,
                detention=detention, opened_by=opened_by,
                lead_lawyer=opened_by if membership.is_lawyer else None,
            )
            for reference, person, detention in zip(references, persons, detentions, strict=True)
        ]
    )  # fmt: skip
    if membership.joins_case_teams:
        # Whoever logs a detainee keeps access to the case.
        CaseAssignment.objects.bulk_create(
            [CaseAssignment(case=case, user=opened_by, assigned_by=opened_by) for case in cases]
        )
        opened = Case.objects.filter(pk__in=[case.pk for case in cases])
        for perm in TEAM_PERMISSIONS:
            assign_perm(f"casework.{perm}", opened_by, opened)
    _add_documents(cases, rows, opened_by)
    case_coverage_refresh(
        organisation=organisation, cases=Case.objects.filter(pk__in=[case.pk for case in cases])
    )
    _log(organisation, opened_by, incident, cases)
    # Whoever logs the cases keeps them (above) and is not told of them: they know.
    outbox_enqueue(
        notify_cases_opened,
        [case.pk for case in cases],
        key=f"cases-opened:{cases[0].pk}",
        deferred=OPENED_DEFERRED,
    )
    child_held_alert_on_commit(case for case in cases if case.person.minor)
    return cases


def _add_documents(cases: list[Case], rows: Sequence[IntakeRow], by) -> None:
    with_documents = [
        (
            index,
            case,
            {
                "kind": row.document_kind,
                "number": row.document_number,
                "issued_on": row.document_issued_on,
                "expires_on": row.document_expires_on,
            },
        )
        for index, (case, row) in enumerate(zip(cases, rows, strict=True))
        if row.document_kind
    ]
    try:
        documents_add_bulk(items=[(case, fields) for _, case, fields in with_documents], by=by)
    except ValidationError as error:
        # "item i" counts documents, not rows: report each on its row.
        raise RowsInvalid(
            errors={
                with_documents[int(key.split()[-1])][0]: ValidationError(messages)
                for key, messages in error.message_dict.items()
            }
        ) from None


def _log(organisation, opened_by, incident, cases: list[Case]) -> None:
    incident_id = incident.pk if incident is not None else None
    log_actions(
        "case.opened", organisation=organisation, actor=opened_by,
        entries=[
            (case, case, {"reference": case.reference, "incident": incident_id})
            if incident_id else (case, case, {"reference": case.reference})
            for case in cases
        ],
    )  # fmt: skip
    if incident is not None:
        first, last = cases[0].reference, cases[-1].reference
        log_action(
            "incident.intake", organisation=organisation, actor=opened_by, obj=incident,
            data={
                "summary": f"opened {len(cases)} cases ({first} to {last})",
                "cases": len(cases), "first": first, "last": last,
            },
        )  # fmt: skip
