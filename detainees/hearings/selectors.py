"""Reads for hearings, agendas and outcomes. Every query starts from the cases a user may see."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.models import Case, Role
from casework.selectors import cases_visible_to, membership_of
from detainees.models import CaseOutcome, Court, Hearing
from detainees.risk.selectors import urgent_risk

User = get_user_model()

# Hearings older than this with no result stop being chased (and drop off "my hearings").
RESULT_CHASE_DAYS = 14


def attendee_candidates(case: Case) -> QuerySet:
    """Who may attend for the case: lawyers on its team and the organisation's supervisors."""
    return (
        User.objects.filter(is_active=True, membership__organisation_id=case.organisation_id)
        .filter(
            Q(membership__role=Role.SUPERVISOR)
            | Q(membership__role=Role.LAWYER, case_assignments__case=case)
        )
        .distinct()
        .order_by("first_name", "username")
    )


def _with_details(qs: QuerySet[Hearing]) -> QuerySet[Hearing]:
    return qs.select_related("case__person", "court", "order_file").prefetch_related("attending")


def case_hearings(case: Case) -> list[Hearing]:
    return list(_with_details(case.hearings.all()).order_by("starts_at", "id"))


def case_outcomes(case: Case) -> list[CaseOutcome]:
    return list(
        case.outcomes.select_related("hearing__court", "recorded_by", "reviewed_by").order_by(
            "-occurred_at", "-id"
        )
    )


def hearings_visible_to(user) -> QuerySet[Hearing]:
    return Hearing.objects.filter(case__in=cases_visible_to(user).values("pk"))


def my_hearings(user, *, start: datetime, end: datetime) -> QuerySet[Hearing]:
    """Hearings the user attends, or of cases they lead, between ``start`` and ``end``."""
    attends = Hearing.attending.through.objects.filter(user_id=user.pk).values("hearing_id")
    return _with_details(
        hearings_visible_to(user)
        .filter(Q(pk__in=attends) | Q(case__lead_lawyer_id=user.pk))
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "id")
    )


def my_hearings_awaiting_result(user, *, now: datetime) -> QuerySet[Hearing]:
    return my_hearings(user, start=now - timedelta(days=RESULT_CHASE_DAYS), end=now).filter(
        result=""
    )


@dataclass
class CourtDay:
    day: date
    courts: list[tuple[Court, list[Hearing]]] = field(default_factory=list)


def organisation_hearings(
    user, *, first_day: date, days: int, court: Court | None = None
) -> list[CourtDay]:
    """The organisation's hearings by day, then by court: the supervisors' court diary.

    Days stay in date order (it is a diary); within a day, courts hearing a high-risk case
    of someone still held come first, and within a court those hearings come first, then
    the rest by time. Each hearing carries ``urgent_risk`` for the badge.
    """
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    zone = zoneinfo.ZoneInfo(membership.organisation.time_zone)
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    qs = Hearing.objects.filter(
        organisation_id=membership.organisation_id,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=days),
    )
    if court is not None:
        qs = qs.filter(court=court)
    hearings = list(
        _with_details(qs)
        .select_related("case__lead_lawyer", "case__person")
        .annotate(urgent_risk=urgent_risk("case__"))
        .order_by("starts_at", "court__seat", "court__name", "id")
    )
    diary = []
    by_day = groupby(hearings, key=lambda h: timezone.localtime(h.starts_at, zone).date())
    for day, of_day in by_day:
        court_day = CourtDay(day=day)
        of_day = sorted(of_day, key=lambda h: (h.court.seat, h.court.name, h.court.pk))
        for court_, at_court in groupby(of_day, key=lambda h: h.court):
            # sorted() is stable: within each risk group the hearings stay in time order.
            at_court = sorted(at_court, key=lambda h: not h.urgent_risk)
            court_day.courts.append((court_, at_court))
        court_day.courts.sort(key=lambda entry: not entry[1][0].urgent_risk)
        diary.append(court_day)
    return diary


def courts_in_use() -> QuerySet[Court]:
    return Court.objects.filter(is_active=True).order_by("seat", "level", "name")


def outcome_review_queue(user) -> QuerySet[CaseOutcome]:
    """Outcomes not yet reviewed by any supervisor of the organisation: those of high-risk
    cases whose detainee is still held first (as in the case list), then oldest first.

    The flag is the case list's own stored key (``Case.list_urgent``, the same rule as
    ``urgent_risk``), asked of the organisation's urgent cases alone (an index range of
    ``case_list_order``), and the cases and hearings are fetched for the rows shown only:
    sorting by a flag read through a join made PostgreSQL read every case of the
    organisation to order a few unreviewed outcomes."""
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    urgent = Case.objects.filter(
        organisation_id=membership.organisation_id, list_urgent=True, pk=OuterRef("case_id")
    )
    return (
        CaseOutcome.objects.filter(
            organisation_id=membership.organisation_id, reviewed_at__isnull=True
        )
        .select_related("recorded_by")
        .prefetch_related("case__person", "hearing__court")
        .annotate(urgent_risk=Exists(urgent))
        .order_by("-urgent_risk", "recorded_at", "id")
    )


def last_review_by(user):
    """When the user last reviewed an outcome: what is newer than that is new to them."""
    return (
        CaseOutcome.objects.filter(reviewed_by_id=user.pk)
        .order_by("-reviewed_at")
        .values_list("reviewed_at", flat=True)
        .first()
    )


def outcomes_recently_reviewed(user, *, limit: int = 20) -> list[CaseOutcome]:
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    return list(
        CaseOutcome.objects.filter(
            organisation_id=membership.organisation_id, reviewed_at__isnull=False
        )
        .select_related("case__person", "reviewed_by")
        .order_by("-reviewed_at", "-id")[:limit]
    )
