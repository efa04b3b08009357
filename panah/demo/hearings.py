"""Fictional hearings and outcomes for the demo organisation (called by ``seed_demo``).

Idempotent: an organisation that has hearings already is left alone. Everything goes through the
services, so the timelines, the review queue and the agenda look as they would in use.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from casework.models import Case, Membership, Role
from detainees.bail.release import bail_release_alerts_send
from detainees.clock import detention_clock_alerts_send
from detainees.hearings.reminders import hearing_reminders_send
from detainees.hearings.services import hearing_record_result, hearing_schedule
from detainees.models import CaseOutcome, Court, CustodyStatus, Hearing
from detainees.outcomes import outcome_record, outcome_review

DISTRICT = {"Islamabad": "Islamabad (West)", "Karachi": "Karachi East"}
HIGH_COURT = {
    "Islamabad": "Islamabad High Court", "Rawalpindi": "Lahore High Court, Rawalpindi Bench",
    "Lahore": "Lahore High Court", "Peshawar": "Peshawar High Court",
    "Karachi": "Sindh High Court", "Quetta": "Balochistan High Court",
}  # fmt: skip
JUDGES = [
    "Judge (fictional) S. Baloch",
    "Judge (fictional) R. Awan",
    "Judge (fictional) N. Siddiqui",
]

# (days from today, local hour, purpose, court level, result, outcome, reviewed)
# Negative days are past hearings; None as result leaves it for the lawyer to record.
PLANS = [
    [(-6, 10, "remand", "magistrate", "Remanded to judicial custody for 14 days.", "", False),
     (0, 11, "bail", "magistrate", None, "", False)],
    [(-4, 9, "bail", "magistrate", "Bail granted against surety of Rs 50,000.",
      "bail_magistrate", False)],
    [(-3, 12, "bail", "sessions", "Released: PoR card shown valid on the date of arrest.",
      "released_by_court", True)],
    [(-5, 10, "bail", "magistrate", "Bail refused; prosecution objects to the PoR card.",
      "bail_refused", False),
     (1, 10, "bail", "sessions", None, "", False)],
    [(-2, 11, "remand", "magistrate", None, "", False)],  # result never recorded: chased
    [(2, 9, "habeas_corpus", "high", None, "", False)],
    [(-3, 14, "deportation", "sessions", "Court informed the detainee was handed over at "
      "Torkham on the previous day.", "deported", False)],
    [(3, 10, "trial", "magistrate", None, "", False)],
    [(-1, 10, "remand", "magistrate", "Moved to a holding centre by order of the district "
      "administration.", "holding_centre", False),
     (5, 11, "habeas_corpus", "high", None, "", False)],
    [(1, 14, "bail", "magistrate", None, "", False)],
    [(8, 10, "bail", "sessions", None, "", False)],
    [(0, 15, "other", "magistrate", None, "", False)],
]  # fmt: skip


def _city(case: Case) -> str:
    return case.detention.police_station.rsplit(",", 1)[-1].strip() or "Islamabad"


def _court(case: Case, level: str) -> Court:
    city = _city(case)
    if level == "high":
        return Court.objects.get(name=HIGH_COURT.get(city, "Islamabad High Court"))
    district = DISTRICT.get(city, city)
    prefix = "Judicial Magistrate" if level == "magistrate" else "District and Sessions Court"
    return Court.objects.get(name=f"{prefix}, {district}")


def seed_hearings(organisation) -> int:
    """Hearings, results, outcomes (some reviewed) on cases already produced in court."""
    if Hearing.objects.filter(organisation=organisation).exists():
        return 0  # seeded before: outcomes since then changed which cases would qualify
    zone = zoneinfo.ZoneInfo(organisation.time_zone)
    now = timezone.now()
    today = timezone.localtime(now, zone).date()
    supervisor = (
        Membership.objects.filter(organisation=organisation, role=Role.SUPERVISOR)
        .select_related("user")
        .first()
    )
    cases = list(
        Case.objects.filter(
            organisation=organisation,
            lead_lawyer__isnull=False,
            detention__produced_at__isnull=False,
            detention__status=CustodyStatus.IN_CUSTODY,
            detention__arrested_at__lt=now - timedelta(days=8),
        )
        .select_related("detention", "lead_lawyer", "organisation")
        .order_by("reference")[: len(PLANS)]
    )
    made = 0
    for index, (case, plan) in enumerate(zip(cases, PLANS, strict=False)):
        lawyer = case.lead_lawyer
        attending = [lawyer] + ([supervisor.user] if supervisor and index % 4 == 0 else [])
        for days, hour, purpose, level, result, outcome, reviewed in plan:
            starts_at = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)
            hearing = hearing_schedule(
                case=case, court=_court(case, level), starts_at=starts_at, purpose=purpose,
                judge=JUDGES[index % len(JUDGES)], attending=attending, by=lawyer,
            )  # fmt: skip
            if result and starts_at < now:
                hearing_record_result(hearing=hearing, result=result, outcome=outcome,
                                      by=lawyer)  # fmt: skip
                if outcome and reviewed and supervisor:
                    outcome_review(
                        outcome=case.outcomes.get(hearing=hearing), by=supervisor.user,
                        comment="Good result; file the certified copy of the order.",
                    )  # fmt: skip
            made += 1
    _release_by_police(organisation, now)
    return made


def _release_by_police(organisation, now) -> None:
    """One detainee let go from the station before any charge: an outcome with no hearing."""
    if CaseOutcome.objects.filter(
        organisation=organisation, outcome="released_by_police", hearing__isnull=True
    ).exists():
        return
    case = (
        Case.objects.filter(
            organisation=organisation, lead_lawyer__isnull=False, outcome="",
            detention__produced_at__isnull=True, detention__status=CustodyStatus.IN_CUSTODY,
            hearings__isnull=True,
        )
        .select_related("detention", "lead_lawyer", "organisation")
        .order_by("-detention__arrested_at")
        .first()
    )  # fmt: skip
    if case is None:
        return
    hours_held = (now - case.detention.arrested_at).total_seconds() / 3600
    if hours_held > 12:
        return  # keep the detainees already far along the clock for the clock demo
    outcome_record(
        case=case, outcome="released_by_police", occurred_at=now - timedelta(minutes=30),
        source="Released from the lock-up without charge; his brother collected him",
        by=case.lead_lawyer,
    )  # fmt: skip


def run_periodic_once() -> None:
    """What beat would have done by now: the demo shows alerts even without a worker."""
    detention_clock_alerts_send()
    hearing_reminders_send()
    bail_release_alerts_send()
