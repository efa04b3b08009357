"""Hearing reminders: the evening before, and when a result is still missing a day after.

Run every 15 minutes by beat; each reminder has a unique notification key, so a second
run (or a second beat process) sends nothing new.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

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
    # The weekday too: "tomorrow" is read late in the evening, and a Monday is not a Tuesday.
    local = timezone.localtime(hearing.starts_at, zone)
    return f"{date_format(local, 'D')} {date_format(local, 'DATETIME_FORMAT')}"


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
        compose=lambda: (
            (
                gettext("Panah: hearing today, %(reference)s, %(when)s")
                if same_day
                else gettext("Panah: hearing tomorrow, %(reference)s, %(when)s")
            )
            % {"reference": reference, "when": _local(hearing)},
            gettext(
                "Case %(reference)s: %(purpose)s hearing before %(court)s on %(when)s.\n\n"
                "Open the case: %(link)s\n"
            )
            % _facts(hearing),
        ),  # fmt: skip
    )


def _facts(hearing: Hearing) -> dict:
    """What both hearing emails say of the hearing, in the recipient's language."""
    reference = hearing.case.reference
    return {
        "reference": reference,
        "purpose": hearing.get_purpose_display().lower(),
        "court": hearing.court,
        "when": _local(hearing),
        "link": case_url(reference),
    }


def _send_result_missing(hearing: Hearing) -> None:
    reference = hearing.case.reference
    notify_once(
        key_prefix=f"hearing-result:{hearing.pk}",
        recipients=_recipients(hearing),
        organisation=hearing.organisation,
        case=hearing.case,
        compose=lambda: (
            gettext("Panah: record the result of the %(reference)s hearing of %(when)s")
            % {"reference": reference, "when": _local(hearing)},
            gettext(
                "Case %(reference)s: the %(purpose)s hearing before %(court)s on %(when)s has "
                "no result yet. Supervisors review every outcome; please record what the "
                "court did.\n\nOpen the case: %(link)s\n"
            )
            % _facts(hearing),
        ),  # fmt: skip
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
