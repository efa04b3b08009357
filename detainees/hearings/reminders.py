"""Hearing reminders: the evening before, and when a result is still missing a day after.

Run every 15 minutes by beat; each reminder has a unique notification key, so a second
run (or a second beat process) sends nothing new.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from casework.links import case_url
from detainees.clock import notify_once
from detainees.hearings.selectors import RESULT_CHASE_DAYS
from detainees.models import Hearing

EVENING = time(18, 0)
RESULT_GRACE = timedelta(hours=24)
# The evening before is at most ~30 hours ahead (18:00 the day before a 23:59 hearing).
EVENING_LOOKAHEAD = timedelta(hours=32)


def evening_reminder_at(hearing: Hearing) -> datetime:
    """18:00 in the organisation's zone on the day before the hearing's local date."""
    zone = zoneinfo.ZoneInfo(hearing.organisation.time_zone)
    local_day = timezone.localtime(hearing.starts_at, zone).date()
    return datetime.combine(local_day - timedelta(days=1), EVENING, tzinfo=zone)


def _recipients(hearing: Hearing) -> list:
    """The attending lawyers; when nobody is down to attend, the lead lawyer must know."""
    attending = [u for u in hearing.attending.all() if u.is_active]
    return attending or [hearing.case.lead_lawyer]


def _local(hearing: Hearing) -> str:
    zone = zoneinfo.ZoneInfo(hearing.organisation.time_zone)
    return timezone.localtime(hearing.starts_at, zone).strftime("%a %d %b %Y %H:%M")


def _hearings():
    return Hearing.objects.select_related(
        "organisation", "court", "case__lead_lawyer"
    ).prefetch_related("attending")


def _send_evening(hearing: Hearing, now: datetime) -> None:
    reference = hearing.case.reference
    zone = zoneinfo.ZoneInfo(hearing.organisation.time_zone)
    same_day = (
        timezone.localtime(hearing.starts_at, zone).date() == timezone.localtime(now, zone).date()
    )
    notify_once(
        # The time is part of the key: a hearing moved to another day is reminded again.
        key_prefix=f"hearing-eve:{hearing.pk}:{hearing.starts_at:%Y%m%dT%H%M}",
        recipients=_recipients(hearing),
        organisation=hearing.organisation,
        case=hearing.case,
        subject=f"Panah: hearing {'today' if same_day else 'tomorrow'}, {reference}, "
        f"{_local(hearing)}",
        body=(
            f"Case {reference}: {hearing.get_purpose_display().lower()} hearing before "
            f"{hearing.court} on {_local(hearing)}.\n\n"
            f"Open the case: {case_url(reference)}\n"
        ),
    )


def _send_result_missing(hearing: Hearing) -> None:
    reference = hearing.case.reference
    notify_once(
        key_prefix=f"hearing-result:{hearing.pk}",
        recipients=_recipients(hearing),
        organisation=hearing.organisation,
        case=hearing.case,
        subject=f"Panah: record the result of the {reference} hearing of {_local(hearing)}",
        body=(
            f"Case {reference}: the {hearing.get_purpose_display().lower()} hearing before "
            f"{hearing.court} on {_local(hearing)} has no result yet. Supervisors review "
            f"every outcome; please record what the court did.\n\n"
            f"Open the case: {case_url(reference)}\n"
        ),
    )


def hearing_reminders_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Send the reminders that are due. Returns (evening reminders, result reminders)."""
    now = now or timezone.now()
    upcoming = _hearings().filter(
        starts_at__gt=now, starts_at__lte=now + EVENING_LOOKAHEAD, result=""
    )
    evening = [h for h in upcoming if evening_reminder_at(h) <= now]
    for hearing in evening:
        _send_evening(hearing, now)
    overdue = list(
        _hearings().filter(
            starts_at__lte=now - RESULT_GRACE,
            starts_at__gt=now - timedelta(days=RESULT_CHASE_DAYS),
            result="",
        )
    )
    for hearing in overdue:
        _send_result_missing(hearing)
    return len(evening), len(overdue)
