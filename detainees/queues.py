"""Custody looked at backward as well as forward: remands that ran out while the person is
still held, bail refused and nothing filed since, open cases nobody has touched.

Each reads the cases it is given in a fixed number of queries, whatever their number; the
few rows that qualify are then checked day by day in Python, in the organisation's days.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.audit import READ_VERBS
from casework.models import Case, Event, Outcome
from detainees.models import (
    REMAND_KINDS,
    Application,
    ApplicationKind,
    ApplicationResult,
    CaseOutcome,
    CustodyChange,
    Hearing,
)
from detainees.models.people import HELD_STATUSES

# Bail refused: the next application (sessions court, high court) should be on file within
# days; after this many with nothing filed, the case is chased.
BAIL_REFUSED_IDLE_DAYS = 3
# An open case nobody has worked on for this long is chased.
IDLE_DAYS = 14


def _day(moment: datetime | None, zone) -> date | None:
    return timezone.localtime(moment, zone).date() if moment else None


def _held_and_open(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(closed_at__isnull=True, detention__status__in=HELD_STATUSES)


@dataclass(frozen=True)
class RunOutRemand:
    case: Case
    change: CustodyChange
    ended_on: date
    days_over: int


def remands_run_out(cases: QuerySet[Case], *, today: date) -> list[RunOutRemand]:
    """Held people whose latest order is a remand that ended before ``today``, with no move,
    outcome or hearing result recorded since the day it ended: nobody has recorded what
    holds them now. Longest overdue first; one query."""
    later = CustodyChange.objects.filter(
        detention_id=OuterRef("detention_id"), occurred_at__gt=OuterRef("occurred_at")
    )
    case = OuterRef("detention__case__id")
    decided = Hearing.objects.filter(case_id=case).exclude(result="").order_by("-starts_at")
    outcome = CaseOutcome.objects.filter(case_id=case).order_by("-occurred_at")
    candidates = (
        CustodyChange.objects.filter(
            detention__case__in=_held_and_open(cases),
            kind__in=REMAND_KINDS,
            order_date__lt=today,
        )
        .exclude(Exists(later))
        .annotate(
            decided_at=Subquery(decided.values("starts_at")[:1]),
            outcome_at=Subquery(outcome.values("occurred_at")[:1]),
        )
        .select_related(
            "detention__case__person",
            "detention__case__lead_lawyer",
            "detention__case__organisation",
        )
    )
    run_out = []
    for change in candidates:
        ended = change.remand_expires_on
        if ended is None or ended >= today:
            continue
        case_ = change.detention.case
        zone = zoneinfo.ZoneInfo(case_.organisation.time_zone)
        since = [_day(change.decided_at, zone), _day(change.outcome_at, zone)]
        if any(day is not None and day >= ended for day in since):
            continue  # a court has decided something since: that order holds them
        run_out.append(RunOutRemand(case_, change, ended, (today - ended).days))
    return sorted(run_out, key=lambda r: (r.ended_on, r.case.reference))


@dataclass(frozen=True)
class IdleRefusal:
    case: Case
    refused_on: date
    days: int


def bail_refused_idle(
    cases: QuerySet[Case], *, today: date, days: int = BAIL_REFUSED_IDLE_DAYS
) -> list[IdleRefusal]:
    """Held people refused bail ``days`` or more ago, with no application filed since: the
    refusal recorded as an application's result or as an outcome, whichever is later.
    Oldest refusal first; two queries."""
    refused_bail = Application.objects.filter(
        case_id=OuterRef("pk"), kind=ApplicationKind.BAIL, result=ApplicationResult.REFUSED
    )
    refused_outcome = CaseOutcome.objects.filter(
        case_id=OuterRef("pk"), outcome=Outcome.BAIL_REFUSED
    )
    candidates = (
        _held_and_open(cases)
        .filter(Exists(refused_bail) | Exists(refused_outcome))
        .annotate(
            refused_order=Subquery(refused_bail.order_by("-order_on").values("order_on")[:1]),
            refused_at=Subquery(refused_outcome.order_by("-occurred_at").values("occurred_at")[:1]),
        )
        .select_related("person", "lead_lawyer", "organisation")
        .prefetch_related("applications")
    )
    idle = []
    for case in candidates:
        zone = zoneinfo.ZoneInfo(case.organisation.time_zone)
        refused_on = max(d for d in (case.refused_order, _day(case.refused_at, zone)) if d)
        filed_since = [
            a
            for a in case.applications.all()
            if a.filed_on >= refused_on
            and not (a.result == ApplicationResult.REFUSED and a.order_on == refused_on)
        ]
        waited = (today - refused_on).days
        if not filed_since and waited >= days:
            idle.append(IdleRefusal(case, refused_on, waited))
    return sorted(idle, key=lambda r: (r.refused_on, r.case.reference))


def last_activity() -> Subquery:
    """When a member last did something on the case: reads and the system's own alerts
    are not work on it."""
    events = (
        Event.objects.filter(case_id=OuterRef("pk"), actor__isnull=False)
        .exclude(verb__in=READ_VERBS)
        .exclude(verb__endswith=".viewed")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(events), F("opened_at"))


def cases_idle(cases: QuerySet[Case], *, now: datetime, days: int = IDLE_DAYS) -> QuerySet[Case]:
    """Open cases with nothing done on them for ``days``, the longest idle first."""
    return (
        cases.filter(closed_at__isnull=True, opened_at__lte=now - timedelta(days=days))
        .annotate(active_at=last_activity())
        .filter(active_at__lte=now - timedelta(days=days))
        .select_related("person", "detention", "lead_lawyer")
        .order_by("active_at", "id")
    )
