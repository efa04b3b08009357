"""Writes for hearings and outcomes. Each is one transaction and one timeline event."""

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework import stored_files
from casework.audit import log_action
from casework.models import Case
from detainees.custody import OUTCOME_EFFECTS, detention_custody_refresh
from detainees.hearings.selectors import attendee_candidates
from detainees.models import Court, Hearing, HearingPurpose
from detainees.outcomes import case_lock, outcome_add
from documents.models import FilePurpose
from documents.services import stored_file_create
from documents.uploads import CleanUpload

# A court gives the next date, not the hour: the follow-up hearing starts at the usual
# start of the cause list and the lawyer corrects it when the list is out.
NEXT_HEARING_TIME = time(9, 0)


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
    case = case_lock(hearing.case)
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
    log_action(
        "hearing.result_recorded", organisation=case.organisation, actor=by, case=case,
        obj=hearing,
        # Not the result's text: the trail is append-only and outlives retention, and a
        # result may name a surety or a relative.
        data={"summary": _summary(hearing),
              "next_date": next_date.isoformat() if next_date else None},
    )  # fmt: skip
    if outcome:
        outcome_add(
            case=case, outcome=outcome, occurred_at=hearing.starts_at, hearing=hearing, by=by
        )
    # A remand, bail or trial hearing that took place produced the person; an outcome
    # may have released or moved them.
    detention_custody_refresh(case=case)
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
