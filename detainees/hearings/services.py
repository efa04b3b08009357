"""Writes for hearings and outcomes. Each is one transaction and one timeline event."""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework import stored_files
from casework.audit import log_action
from casework.models import Case, Membership, Outcome
from detainees.hearings.selectors import attendee_candidates
from detainees.models import (
    CaseOutcome,
    Court,
    CourtLevel,
    CustodyStatus,
    Hearing,
    HearingPurpose,
)
from documents.models import FilePurpose
from documents.services import stored_file_create
from documents.uploads import CleanUpload

# A court gives the next date, not the hour: the follow-up hearing starts at the usual
# start of the cause list and the lawyer corrects it when the list is out.
NEXT_HEARING_TIME = time(9, 0)


@dataclass(frozen=True)
class OutcomeEffect:
    """What an outcome does to the detention and the case. ``None`` leaves a value alone."""

    custody: str | None
    # True closes the case, False reopens it, None leaves it as it is.
    closes: bool | None
    stamps: str | None = None  # "released_at" or "deported_at"


_RELEASED_CLOSED = OutcomeEffect(CustodyStatus.RELEASED, True, "released_at")
OUTCOME_EFFECTS: dict[str, OutcomeEffect] = {
    Outcome.RELEASED_BY_POLICE: _RELEASED_CLOSED,
    Outcome.RELEASED_BY_COURT: _RELEASED_CLOSED,
    Outcome.FIR_QUASHED: _RELEASED_CLOSED,
    Outcome.WITHDRAWN: _RELEASED_CLOSED,
    Outcome.DISCHARGED: _RELEASED_CLOSED,
    # Out on bail, but the prosecution goes on: the case stays before the court.
    Outcome.BAIL_MAGISTRATE: OutcomeEffect(CustodyStatus.RELEASED, False, "released_at"),
    Outcome.BAIL_SESSIONS: OutcomeEffect(CustodyStatus.RELEASED, False, "released_at"),
    Outcome.BAIL_HIGH_COURT: OutcomeEffect(CustodyStatus.RELEASED, False, "released_at"),
    Outcome.BAIL_REFUSED: OutcomeEffect(CustodyStatus.IN_CUSTODY, False),
    Outcome.CONVICTED_HELD: OutcomeEffect(CustodyStatus.IN_CUSTODY, False),
    Outcome.POST_SENTENCE_CHALLENGED: OutcomeEffect(CustodyStatus.IN_CUSTODY, False),
    Outcome.DEPORTED: OutcomeEffect(CustodyStatus.DEPORTED, True, "deported_at"),
    # The team keeps working these: a transfer or a disappearance does not end the case.
    Outcome.HOLDING_CENTRE: OutcomeEffect(CustodyStatus.HOLDING_CENTRE, None),
    Outcome.WHEREABOUTS_UNKNOWN: OutcomeEffect(CustodyStatus.UNKNOWN, None),
}


class CancelReason(models.TextChoices):
    """Why a hearing came off the agenda. A choice, not free text: the hearing row is deleted,
    so the reason lives only in the append-only trail, which must not hold client data."""

    DUPLICATE = "duplicate", _("Entered twice")
    MISTAKE = "mistake", _("Entered by mistake")
    NOT_LISTED = "not_listed", _("Case not listed; new date awaited")
    MOVED = "moved", _("Moved to another date")


def _local_datetime(day: date, at: time, organisation) -> datetime:
    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(organisation.time_zone))


def _validate_hearing(case: Case, *, court: Court, purpose: str, starts_at, attending) -> None:
    errors = {}
    if court is None or not court.is_active:
        errors["court"] = gettext("Choose a court from the list.")
    if purpose not in HearingPurpose.values:
        errors["purpose"] = gettext("Choose the purpose of the hearing from the list.")
    if starts_at is None:
        errors["starts_at"] = gettext("Enter the date and time of the hearing.")
    elif starts_at < case.detention.arrested_at:
        errors["starts_at"] = gettext("A hearing cannot be before the arrest.")
    allowed = set(attendee_candidates(case).values_list("pk", flat=True))
    strangers = [u for u in attending if u.pk not in allowed]
    if strangers:
        names = ", ".join(u.get_full_name() or u.username for u in strangers)
        errors["attending"] = gettext(
            "%(names)s cannot attend for this case: only lawyers on the case team and "
            "supervisors can."
        ) % {"names": names}
    if errors:
        raise ValidationError(errors)


def _summary(hearing: Hearing) -> str:
    zone = zoneinfo.ZoneInfo(hearing.organisation.time_zone)
    when = timezone.localtime(hearing.starts_at, zone).strftime("%d %b %Y %H:%M")
    return f"{hearing.get_purpose_display()} hearing before {hearing.court}, {when}"


@transaction.atomic
def hearing_schedule(
    *,
    case: Case,
    court: Court,
    starts_at: datetime,
    purpose: str,
    judge: str = "",
    attending: Iterable = (),
    by,
) -> Hearing:
    attending = list(attending)
    _validate_hearing(case, court=court, purpose=purpose, starts_at=starts_at, attending=attending)
    hearing = Hearing.objects.create(
        organisation=case.organisation, case=case, court=court, starts_at=starts_at,
        purpose=purpose, judge=judge, created_by=by,
    )  # fmt: skip
    hearing.attending.set(attending)
    log_action(
        "hearing.scheduled", organisation=case.organisation, actor=by, case=case, obj=hearing,
        data={"summary": _summary(hearing), "attending": sorted(u.username for u in attending)},
    )  # fmt: skip
    return hearing


@transaction.atomic
def hearing_update(
    *,
    hearing: Hearing,
    court: Court,
    starts_at: datetime,
    purpose: str,
    judge: str,
    attending: Iterable,
    by,
) -> list[str]:
    """Change the listing. A new date or time gets its own reminder (the key holds it)."""
    case = hearing.case
    attending = list(attending)
    _validate_hearing(case, court=court, purpose=purpose, starts_at=starts_at, attending=attending)
    changed = []
    for name, value in (("court", court), ("starts_at", starts_at), ("purpose", purpose),
                        ("judge", judge)):  # fmt: skip
        if getattr(hearing, name) != value:
            setattr(hearing, name, value)
            changed.append(name)
    if changed:
        hearing.save(update_fields=changed)
    before = set(hearing.attending.values_list("pk", flat=True))
    if before != {u.pk for u in attending}:
        hearing.attending.set(attending)
        changed.append("attending")
    if changed:
        log_action(
            "hearing.updated", organisation=case.organisation, actor=by, case=case, obj=hearing,
            data={"summary": _summary(hearing), "fields": changed},
        )  # fmt: skip
    return changed


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, reason: str = "", by) -> None:
    """Take a hearing entered by mistake, or de-listed, off the agenda and the feeds.

    A hearing with a result or an outcome is part of the record and stays.
    """
    if reason and reason not in CancelReason.values:
        raise ValidationError({"reason": gettext("Choose a reason from the list, or none.")})
    if hearing.result or hearing.outcomes.exists():
        raise ValidationError(
            gettext(
                "This hearing has a result or an outcome: it is part of the record and stays. "
                "Record what happened instead."
            )
        )
    case = hearing.case
    log_action(
        "hearing.cancelled", organisation=case.organisation, actor=by, case=case, obj=hearing,
        data={"summary": _summary(hearing), "reason": reason},
    )  # fmt: skip
    hearing.delete()


@stored_files.atomic
def hearing_record_result(
    *,
    hearing: Hearing,
    result: str,
    next_date: date | None = None,
    schedule_next: bool = False,
    order: CleanUpload | None = None,
    outcome: str = "",
    by,
) -> Hearing:
    """What the court did; optionally its order, the outcome it produced and the next listing.

    ``order`` has already passed the safe upload path (``documents.uploads.accept_upload``);
    it is stored last, so that a result that fails validation writes nothing.
    """
    case = hearing.case
    result = (result or "").strip()
    errors = {}
    if not result:
        errors["result"] = gettext("Write what the court did, even if it only adjourned.")
    elif hearing.starts_at > timezone.now():
        errors["result"] = gettext("This hearing has not taken place yet.")
    zone = zoneinfo.ZoneInfo(case.organisation.time_zone)
    if next_date is not None and next_date < timezone.localtime(hearing.starts_at, zone).date():
        errors["next_date"] = gettext("The next date cannot be before this hearing.")
    if schedule_next and next_date is None:
        errors["next_date"] = gettext("Enter the next date to put the next hearing on the agenda.")
    if outcome and outcome not in OUTCOME_EFFECTS:
        errors["outcome"] = gettext("Choose an outcome from the list.")
    if errors:
        raise ValidationError(errors)
    hearing.result = result
    hearing.next_date = next_date
    hearing.result_recorded_at = timezone.now()
    hearing.save(update_fields=["result", "next_date", "result_recorded_at"])
    _record_production(case, hearing)
    log_action(
        "hearing.result_recorded", organisation=case.organisation, actor=by, case=case,
        obj=hearing,
        # Not the result's text: the trail is append-only and outlives retention, and a
        # result may name a surety or a relative.
        data={"summary": _summary(hearing),
              "next_date": next_date.isoformat() if next_date else None},
    )  # fmt: skip
    if outcome:
        outcome_record(case=case, outcome=outcome, occurred_at=hearing.starts_at,
                       hearing=hearing, by=by)  # fmt: skip
    if schedule_next:
        hearing_schedule(
            case=case, court=hearing.court, purpose=hearing.purpose, judge=hearing.judge,
            starts_at=_local_datetime(next_date, NEXT_HEARING_TIME, case.organisation),
            attending=hearing.attending.all(), by=by,
        )  # fmt: skip
    if order is not None:
        hearing.order_file = stored_file_create(
            case=case, upload=order, purpose=FilePurpose.COURT_ORDER, by=by
        )
        hearing.save(update_fields=["order_file"])
    return hearing


# Hearings at which the detainee is brought before a magistrate or judge in person.
PRODUCING_PURPOSES = frozenset({HearingPurpose.REMAND, HearingPurpose.BAIL, HearingPurpose.TRIAL})
PRODUCING_COURTS = frozenset({CourtLevel.JUDICIAL_MAGISTRATE, CourtLevel.SESSIONS})


def _record_production(case: Case, hearing: Hearing) -> None:
    """A remand, bail or trial hearing that took place produced the detainee: the 24-hour
    clock stops at its start, unless production was recorded earlier."""
    detention = case.detention
    if (
        detention.produced_at is None
        and hearing.purpose in PRODUCING_PURPOSES
        and hearing.court.level in PRODUCING_COURTS
        and hearing.starts_at >= detention.arrested_at
    ):
        detention.produced_at = hearing.starts_at
        detention.save(update_fields=["produced_at"])


def _apply_outcome(case: Case, outcome: str, occurred_at: datetime) -> dict[str, list[str]]:
    effect = OUTCOME_EFFECTS[outcome]
    detention = case.detention
    case_fields = ["outcome", "outcome_at"]
    case.outcome, case.outcome_at = outcome, occurred_at
    closed_at = case.closed_at
    if effect.closes is not None:
        closed_at = occurred_at if effect.closes else None
    if case.closed_at != closed_at:
        case.closed_at = closed_at
        case_fields.append("closed_at")
    detention_fields = []
    if effect.custody is not None and detention.status != effect.custody:
        detention.status = effect.custody
        detention_fields.append("status")
    if effect.stamps and getattr(detention, effect.stamps) is None:
        setattr(detention, effect.stamps, occurred_at)
        detention_fields.append(effect.stamps)
    case.save(update_fields=case_fields)
    if detention_fields:
        detention.save(update_fields=detention_fields)
    return {"case": case_fields, "detention": detention_fields}


# An identical outcome recorded again within this long is taken as the same one.
REPEAT_WINDOW = timedelta(minutes=1)


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
    """Record an outcome: kept as history, and the one place that moves stage and custody.

    An outcome back-dated before the case's current one is kept for the record but does
    not overwrite the newer state.
    """
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
    # Serialise with other outcome writers on this case so "latest wins" holds.
    case = (
        Case.objects.select_for_update(no_key=True, of=("self",))
        .select_related("detention", "organisation")
        .get(pk=case.pk)
    )
    # The same outcome sent twice (a double tap, a resubmitted form, a retry on a poor
    # connection) is one outcome: under the case lock, so two at once are one too.
    repeated = CaseOutcome.objects.filter(
        case=case, outcome=outcome, occurred_at=occurred_at, hearing=hearing,
        source=source.strip(), recorded_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()  # fmt: skip
    if repeated is not None:
        repeated.repeated = True
        return repeated
    record = CaseOutcome.objects.create(
        organisation=case.organisation, case=case, outcome=outcome, occurred_at=occurred_at,
        hearing=hearing, source=source.strip(), recorded_by=by,
    )  # fmt: skip
    current = case.outcome_at is None or occurred_at >= case.outcome_at
    changed = _apply_outcome(case, outcome, occurred_at) if current else {}
    log_action(
        "outcome.recorded", organisation=case.organisation, actor=by, case=case, obj=record,
        data={
            "summary": record.get_outcome_display(), "outcome": outcome,
            "occurred_at": occurred_at.isoformat(), "hearing": hearing.pk if hearing else None,
            "applied": current, **({"changed": changed} if changed else {}),
        },
    )  # fmt: skip
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
        "outcome.reviewed", organisation=locked.organisation, actor=by, case=locked.case,
        obj=locked,
        # The comment stays on the outcome, where retention can wipe it; the trail cannot be.
        data={"summary": locked.get_outcome_display(), "outcome": locked.outcome,
              "commented": bool(locked.review_comment)},
    )  # fmt: skip
    return locked
