"""Reads about a detention's path through custody, and the remands about to run out."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Sum

from casework.models import Case
from casework.selectors import cases_visible_to
from detainees.models import REMAND_KINDS, CustodyChange, CustodyKind

# s.167 CrPC: police (physical) remand may not exceed fifteen days in all.
POLICE_REMAND_LIMIT_DAYS = 15
# The longest remand a magistrate orders at once; older orders have run out anyway.
LONGEST_REMAND_DAYS = 15


def custody_path(case: Case) -> list[CustodyChange]:
    return list(case.detention.custody_changes.select_related("recorded_by"))


def police_remand_days(case: Case) -> int:
    total = case.detention.custody_changes.filter(kind=CustodyKind.POLICE_REMAND).aggregate(
        days=Sum("remand_days")
    )["days"]
    return total or 0


@dataclass(frozen=True)
class ExpiringRemand:
    case: Case
    change: CustodyChange
    expires_on: date


def _current_remands(cases: QuerySet[Case], today: date) -> QuerySet[CustodyChange]:
    """Remands that are the detainee's latest move, ordered recently enough to be running."""
    later = CustodyChange.objects.filter(
        detention_id=OuterRef("detention_id"), occurred_at__gt=OuterRef("occurred_at")
    )
    return (
        CustodyChange.objects.filter(
            detention__case__in=cases,
            kind__in=REMAND_KINDS,
            order_date__gte=today - timedelta(days=LONGEST_REMAND_DAYS + 1),
        )
        .exclude(Exists(later))
        .select_related("detention__case__person", "detention__case__lead_lawyer")
    )


def remands_expiring(cases: QuerySet[Case], *, today: date, within_days: int) -> list:
    """Running remands of ``cases`` that end between today and ``within_days`` from now."""
    last_day = today + timedelta(days=within_days)
    expiring = [
        ExpiringRemand(change.detention.case, change, change.remand_expires_on)
        for change in _current_remands(cases, today)
        if change.remand_expires_on and today <= change.remand_expires_on <= last_day
    ]
    return sorted(expiring, key=lambda r: (r.expires_on, r.case.reference))


def my_expiring_remands(user, *, today: date, within_days: int = 7) -> list[ExpiringRemand]:
    return remands_expiring(cases_visible_to(user), today=today, within_days=within_days)
