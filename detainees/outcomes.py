"""Outcomes: every one kept as history for the supervisors' review; the latest moves the
case's stage, and custody follows (detainees.custody).

A release or a deportation ends the case's live work however it is recorded: as an
outcome here, at a hearing (its result), or as a move in custody, which records the
outcome too (``outcome_for_move``) so that the case closes or stays before the court,
goes to review, and is counted alike everywhere.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case, Membership, Outcome
from detainees.custody import OUTCOME_EFFECTS, OUTCOMES_OF_MOVE, detention_custody_refresh
from detainees.models import (
    Application,
    ApplicationKind,
    ApplicationResult,
    CaseOutcome,
    CourtLevel,
    CustodyKind,
    Hearing,
)

# An identical outcome recorded again within this long is taken as the same one.
REPEAT_WINDOW = timedelta(minutes=1)

# Bail granted by a court of this level is recorded as this outcome.
BAIL_BY_LEVEL = {
    CourtLevel.JUDICIAL_MAGISTRATE: Outcome.BAIL_MAGISTRATE,
    CourtLevel.SESSIONS: Outcome.BAIL_SESSIONS,
    CourtLevel.HIGH_COURT: Outcome.BAIL_HIGH_COURT,
    CourtLevel.SUPREME_COURT: Outcome.BAIL_HIGH_COURT,
}


def case_lock(case: Case) -> Case:
    """The case row locked, first of every custody writer's locks: whoever records an
    outcome, a move or a hearing's result on a case waits for the others on it, always in
    the same order (case, then detention), so two of them never deadlock."""
    return (
        Case.objects.select_for_update(no_key=True, of=("self",))
        .select_related("detention", "organisation")
        .get(pk=case.pk)
    )


def _bail_granted_outcome(case: Case) -> str | None:
    grant = (
        Application.objects.filter(
            case=case, kind=ApplicationKind.BAIL, result=ApplicationResult.GRANTED
        )
        .select_related("court")
        .order_by("-order_on", "-id")
        .first()
    )
    return BAIL_BY_LEVEL.get(grant.court.level) if grant else None


def outcome_for_move(case: Case, *, kind: str, outcome: str) -> str | None:
    """The outcome a move that ends custody records, or None when the case's latest outcome
    already says so (bail granted at the hearing, then the release on bail). Without a
    choice: a deportation is one; a release on bail follows the latest bail granted; any
    other release is asked for."""
    allowed = OUTCOMES_OF_MOVE[kind]
    if outcome and outcome not in allowed:
        raise ValidationError(
            {"outcome": gettext("That outcome does not fit this move; choose one from the list.")}
        )
    if outcome:
        return None if case.outcome == outcome else outcome
    if case.outcome in allowed:
        return None
    if len(allowed) == 1:
        return allowed[0]
    if kind == CustodyKind.RELEASED_ON_BAIL and (granted := _bail_granted_outcome(case)):
        return granted
    raise ValidationError(
        {"outcome": gettext("Say which outcome this was: it closes the case or keeps it open.")}
    )


def _apply_outcome(case: Case, outcome: str, occurred_at: datetime) -> list[str]:
    effect = OUTCOME_EFFECTS[outcome]
    fields = ["outcome", "outcome_at"]
    case.outcome, case.outcome_at = outcome, occurred_at
    closed_at = case.closed_at
    if effect.closes is not None:
        closed_at = occurred_at if effect.closes else None
    if case.closed_at != closed_at:
        case.closed_at = closed_at
        fields.append("closed_at")
    case.save(update_fields=fields)
    return fields


def outcome_add(
    *,
    case: Case,
    outcome: str,
    occurred_at: datetime,
    by,
    hearing: Hearing | None = None,
    source: str = "",
) -> CaseOutcome:
    """Keep the outcome and, when it is the latest, move the case. For services that hold
    the case's lock (``case_lock``) and refresh custody themselves."""
    record = CaseOutcome.objects.create(
        organisation=case.organisation,
        case=case,
        outcome=outcome,
        occurred_at=occurred_at,
        hearing=hearing,
        source=source.strip(),
        recorded_by=by,
    )
    current = case.outcome_at is None or occurred_at >= case.outcome_at
    changed = _apply_outcome(case, outcome, occurred_at) if current else []
    log_action(
        "outcome.recorded",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=record,
        data={
            "summary": record.get_outcome_display(),
            "outcome": outcome,
            "occurred_at": occurred_at.isoformat(),
            "hearing": hearing.pk if hearing else None,
            "applied": current,
            **({"changed": {"case": changed}} if changed else {}),
        },
    )
    return record


def _validate(case: Case, outcome: str, occurred_at, hearing: Hearing | None) -> None:
    errors = {}
    if outcome not in OUTCOME_EFFECTS:
        errors["outcome"] = gettext("Choose an outcome from the list.")
    if occurred_at is None:
        errors["occurred_at"] = gettext("Enter when it happened.")
    elif occurred_at > timezone.now():
        errors["occurred_at"] = gettext("An outcome cannot be in the future.")
    elif occurred_at < case.detention.arrested_at:
        errors["occurred_at"] = gettext("An outcome cannot be before the arrest.")
    if hearing is not None and hearing.case_id != case.pk:
        errors["hearing"] = gettext("That hearing belongs to another case.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def outcome_record(
    *,
    case: Case,
    outcome: str,
    occurred_at: datetime,
    hearing: Hearing | None = None,
    source: str = "",
    by,
) -> CaseOutcome:
    """Record an outcome: kept as history, and the one place that moves the case's stage.

    Custody follows from the records (``detention_custody_refresh``): a release, a
    deportation, a transfer; a decision at a hearing before a magistrate records that the
    person was produced. An outcome back-dated before the case's current one is kept for
    the record but does not overwrite the newer state.
    """
    _validate(case, outcome, occurred_at, hearing)
    case = case_lock(case)
    # The same outcome sent twice (a double tap, a resubmitted form, a retry on a poor
    # connection) is one outcome: under the case lock, so two at once are one too.
    repeated = CaseOutcome.objects.filter(
        case=case,
        outcome=outcome,
        occurred_at=occurred_at,
        hearing=hearing,
        source=source.strip(),
        recorded_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if repeated is not None:
        repeated.repeated = True
        return repeated
    record = outcome_add(
        case=case, outcome=outcome, occurred_at=occurred_at, hearing=hearing, source=source, by=by
    )
    detention_custody_refresh(case=case)
    return record


@transaction.atomic
def outcome_review(*, outcome: CaseOutcome, by, comment: str = "") -> CaseOutcome:
    membership = Membership.of(by)
    if (
        membership.organisation_id != outcome.organisation_id
        or not membership.sees_whole_organisation
    ):
        raise ValidationError(gettext("Only a supervisor of this organisation reviews outcomes."))
    locked = (
        CaseOutcome.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=outcome.pk)
    )
    if locked.reviewed_at is not None:
        raise ValidationError(gettext("This outcome has already been reviewed."))
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip()
    locked.save(update_fields=["reviewed_by", "reviewed_at", "review_comment"])
    log_action(
        "outcome.reviewed",
        organisation=locked.organisation,
        actor=by,
        case=locked.case,
        obj=locked,
        # The comment stays on the outcome, where retention can wipe it; the trail cannot be.
        data={
            "summary": locked.get_outcome_display(),
            "outcome": locked.outcome,
            "commented": bool(locked.review_comment),
        },
    )
    return locked
