"""Where the detainee is now, derived from the records, and its copy on the detention.

Custody is recorded in several ways: a move in custody (lock-up, remand, holding centre,
release, deportation), an outcome (bail granted, deported, ...), the result of a hearing
before a magistrate, a production typed on the detention. ``custody_now`` reads them all
and answers one question: where is the person now, since when, on what basis, produced
or not, and when the current remand ends.

The case list, Today, Analytics, the CSV and the API count over every case, so they read
the answer's copy on the detention (``status``, ``produced_at``, ``released_at``,
``deported_at``; database triggers copy these onto the case row). Every service that
records one of the facts calls ``detention_custody_refresh`` in its transaction, which
writes that copy from ``custody_now``: there is one derivation, and the copy is its cache.
"""

from dataclasses import dataclass
from datetime import date, datetime

from casework.models import Case, Outcome
from detainees.alerts import child_held_alert_on_commit
from detainees.models import (
    REMAND_KINDS,
    CaseOutcome,
    CourtLevel,
    CustodyChange,
    CustodyKind,
    CustodyStatus,
    Detention,
    Hearing,
    HearingPurpose,
)
from detainees.models.people import HELD_STATUSES


@dataclass(frozen=True)
class OutcomeEffect:
    """What an outcome does to custody and to the case. ``None`` leaves a value alone."""

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

BAIL_OUTCOMES = (Outcome.BAIL_MAGISTRATE, Outcome.BAIL_SESSIONS, Outcome.BAIL_HIGH_COURT)
RELEASE_OUTCOMES = (
    Outcome.RELEASED_BY_POLICE,
    Outcome.RELEASED_BY_COURT,
    Outcome.FIR_QUASHED,
    Outcome.WITHDRAWN,
    Outcome.DISCHARGED,
)
# The outcomes a move that ends custody may be: the move form asks for one of these.
OUTCOMES_OF_MOVE: dict[str, tuple[str, ...]] = {
    CustodyKind.RELEASED_ON_BAIL: BAIL_OUTCOMES,
    CustodyKind.RELEASED: RELEASE_OUTCOMES,
    CustodyKind.DEPORTED: (Outcome.DEPORTED,),
}
# Where each kind of move leaves the person.
STATUS_AFTER = {
    CustodyKind.POLICE_LOCKUP: CustodyStatus.IN_CUSTODY,
    CustodyKind.POLICE_REMAND: CustodyStatus.IN_CUSTODY,
    CustodyKind.JUDICIAL_REMAND: CustodyStatus.IN_CUSTODY,
    CustodyKind.HOLDING_CENTRE: CustodyStatus.HOLDING_CENTRE,
    CustodyKind.WHEREABOUTS_UNKNOWN: CustodyStatus.UNKNOWN,
    CustodyKind.RELEASED_ON_BAIL: CustodyStatus.RELEASED,
    CustodyKind.RELEASED: CustodyStatus.RELEASED,
    CustodyKind.DEPORTED: CustodyStatus.DEPORTED,
}
ENDED_STATUSES = (CustodyStatus.RELEASED, CustodyStatus.DEPORTED)

# Hearings at which the detainee is brought before a magistrate or judge in person: one
# that took place (its result is recorded) produced the detainee.
PRODUCING_PURPOSES = frozenset({HearingPurpose.REMAND, HearingPurpose.BAIL, HearingPurpose.TRIAL})
PRODUCING_COURTS = frozenset({CourtLevel.JUDICIAL_MAGISTRATE, CourtLevel.SESSIONS})


@dataclass(frozen=True)
class CustodyNow:
    """Where the person is now and on what basis. ``basis`` is the record that put them
    there (a ``CustodyChange`` or a ``CaseOutcome``), None while nothing followed the arrest."""

    status: str
    since: datetime
    place: str
    basis: CustodyChange | CaseOutcome | None
    remand: CustodyChange | None
    produced_at: datetime | None
    released_at: datetime | None
    deported_at: datetime | None
    arrested_at: datetime

    @property
    def held(self) -> bool:
        return self.status in HELD_STATUSES

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def remand_ends_on(self) -> date | None:
        return self.remand.remand_expires_on if self.remand else None

    @property
    def order(self) -> str:
        """Under whose word the person is where they are: the order or the source."""
        if self.remand is not None:
            return self.remand.get_kind_display()
        if isinstance(self.basis, CaseOutcome):
            court = self.basis.hearing.court.name if self.basis.hearing_id else ""
            return court or self.basis.source
        return self.basis.source if self.basis is not None else ""

    def hours_without_production(self, now: datetime) -> float | None:
        if not self.held or self.produced_at is not None:
            return None
        return max((now - self.arrested_at).total_seconds() / 3600, 0.0)

    def stored(self) -> dict:
        """The detention's copy of this answer, field by field."""
        return {
            "status": self.status,
            "produced_at": self.produced_at,
            "released_at": self.released_at,
            "deported_at": self.deported_at,
        }


def _events(changes, outcomes) -> list:
    """Moves and custody-changing outcomes in the order they happened; on the same minute,
    in the order they were recorded."""
    return sorted(
        [*changes, *(o for o in outcomes if OUTCOME_EFFECTS[o.outcome].custody is not None)],
        key=lambda e: (e.occurred_at, e.recorded_at, isinstance(e, CaseOutcome)),
    )


def _productions(detention: Detention, changes, outcomes, hearings) -> list[datetime]:
    arrested = detention.arrested_at
    moments = [detention.produced_at] if detention.produced_at else []
    moments += [c.occurred_at for c in changes if c.kind in REMAND_KINDS]
    moments += [
        h.starts_at
        for h in hearings
        if h.result and h.purpose in PRODUCING_PURPOSES and h.court.level in PRODUCING_COURTS
    ]
    # A decision at a hearing before a magistrate or a sessions judge was given with the
    # person before the court, whatever the hearing was listed for.
    moments += [
        o.hearing.starts_at
        for o in outcomes
        if o.hearing_id and o.hearing.court.level in PRODUCING_COURTS
    ]
    return [m for m in moments if m >= arrested]


def custody_from(detention: Detention, changes, outcomes, hearings) -> CustodyNow:
    """The derivation itself, from records already read (no queries)."""
    status, since, basis, remand = CustodyStatus.IN_CUSTODY, detention.arrested_at, None, None
    released = deported = None
    for event in _events(changes, outcomes):
        if isinstance(event, CustodyChange):
            after = STATUS_AFTER[event.kind]
            remand = event if event.kind in REMAND_KINDS else None
        else:
            after = OUTCOME_EFFECTS[event.outcome].custody
            # Bail refused or a conviction keeps the person where they are held.
            if after == CustodyStatus.IN_CUSTODY and status in HELD_STATUSES:
                after = status
        if after == CustodyStatus.RELEASED and status != CustodyStatus.RELEASED:
            released = event.occurred_at
        if after == CustodyStatus.DEPORTED and status != CustodyStatus.DEPORTED:
            deported = event.occurred_at
        if after != status or isinstance(event, CustodyChange):
            since = event.occurred_at
        status, basis = after, event
    productions = _productions(detention, changes, outcomes, hearings)
    return CustodyNow(
        status=status,
        since=since,
        place=detention.custody_location,
        basis=basis,
        remand=remand if status in HELD_STATUSES else None,
        produced_at=min(productions) if productions else None,
        released_at=released if status == CustodyStatus.RELEASED else None,
        deported_at=deported if status == CustodyStatus.DEPORTED else None,
        arrested_at=detention.arrested_at,
    )


def _records(detention: Detention, case_id: int) -> tuple[list, list, list]:
    changes = list(CustodyChange.objects.filter(detention_id=detention.pk))
    outcomes = list(CaseOutcome.objects.filter(case_id=case_id).select_related("hearing__court"))
    hearings = list(
        Hearing.objects.filter(case_id=case_id, purpose__in=PRODUCING_PURPOSES)
        .exclude(result="")
        .select_related("court")
    )
    return changes, outcomes, hearings


def custody_now(case: Case) -> CustodyNow:
    """Where the person of ``case`` is now, read from every record of it (three queries)."""
    return custody_from(case.detention, *_records(case.detention, case.pk))


def detention_custody_refresh(*, case: Case) -> list[str]:
    """Write ``custody_now`` onto the detention: its status, production, release and
    deportation. Called by every service that records a custody fact, in its transaction
    (the detention's row is locked first, so two writers refresh one after the other).
    Returns the fields that changed."""
    detention = Detention.objects.select_for_update(no_key=True).get(pk=case.detention_id)
    now = custody_from(detention, *_records(detention, case.pk))
    changed = [name for name, value in now.stored().items() if getattr(detention, name) != value]
    for name in changed:
        setattr(detention, name, getattr(now, name))
    if changed:
        detention.save(update_fields=changed)
    case.detention = detention
    if "status" in changed and now.held and case.person.minor:
        child_held_alert_on_commit([case])
    return changed
