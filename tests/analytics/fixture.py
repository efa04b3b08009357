"""A small organisation whose every figure is worked out by hand in the tests.

Arrests in March 2026, 10:00 in Karachi (05:00 UTC) unless said otherwise:

| case | papers (arrest day)        | hearing at  | outcome (hours after arrest)  | petition after |
|------|----------------------------|-------------|-------------------------------|----------------|
| c1   | UNHCR refugee, covered     | Court A     | bail, magistrate (10 h)       | 2 h            |
| c2   | UNHCR refugee, covered     | Court A     | released by court (20 h)      | 4 h            |
| c3   | passport expired: not cov. | Court A     | bail refused (30 h)           | 6 h            |
| c4   | tazkira: not covered      | —           | deported (40 h)               | —              |
| c5   | none                       | —           | released by police (8 h)      | 10 h           |
| c6   | none                       | —           | —                             | 8 h            |
| c7   | UNHCR refugee, covered     | —           | withdrawn (50 h), anonymised  | —              |

c3 is arrested at 01:00 on 4 March in Karachi, which is still 3 March in UTC.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from casework.models import Case, Outcome
from casework.retention import case_anonymise
from detainees.models import Court, Detention, Hearing
from detainees.outcomes import outcome_record
from documents.models import Petition, PetitionTemplate
from documents.petitions.services import petition_create
from documents.services import document_add
from tests.factories import open_case


def at(day: int, hour: int = 5) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


@dataclass
class Fixture:
    cases: dict[str, Case]
    court: Court
    other_court: Court


def _court(name: str) -> Court:
    return Court.objects.get_or_create(
        name=name, defaults={"level": "judicial_magistrate", "seat": "Islamabad"}
    )[0]


def _document(case: Case, by, kind: str, expires_on: date | None = None) -> None:
    fields = {"kind": kind, "expires_on": expires_on, "number": f"N-{case.pk}-{kind}"}
    document_add(case=case, fields=fields, by=by)


def _petition(case: Case, by, hours: float) -> Petition:
    template = PetitionTemplate.objects.filter(organisation=None).order_by("pk").first()
    petition = petition_create(case=case, template=template, by=by)
    Petition.objects.filter(pk=petition.pk).update(
        created_at=case.detention.arrested_at + timedelta(hours=hours)
    )
    return petition


def _outcome(case: Case, outcome: str, hours: float, by, court: Court | None = None):
    case.refresh_from_db()
    hearing = None
    occurred = case.detention.arrested_at + timedelta(hours=hours)
    if court is not None:
        hearing = Hearing.objects.create(
            organisation=case.organisation, case=case, court=court, starts_at=occurred,
            purpose="bail",
        )  # fmt: skip
    return outcome_record(
        case=case, outcome=outcome, occurred_at=occurred, hearing=hearing,
        source="" if hearing else "Seen by the lawyer", by=by,
    )  # fmt: skip


def build(lawyer, *, name_prefix: str = "", petitions: bool = True) -> Fixture:
    court, other_court = _court("Court A, Islamabad"), _court("Court B, Rawalpindi")
    arrests = {"c1": at(1), "c2": at(2), "c3": at(3, 20), "c4": at(4), "c5": at(5),
               "c6": at(6), "c7": at(7)}  # fmt: skip
    cases = {}
    for key, arrested in arrests.items():
        case = open_case(
            lawyer,
            person={"given_name": f"{name_prefix}Detainee {key}"},
            detention={"arrested_at": arrested},
        )
        cases[key] = case
    _document(cases["c1"], lawyer, "unhcr_refugee", date(2027, 1, 1))
    _document(cases["c2"], lawyer, "unhcr_refugee", date(2027, 1, 1))
    _document(cases["c3"], lawyer, "passport", date(2025, 1, 1))
    _document(cases["c4"], lawyer, "tazkira")
    _document(cases["c7"], lawyer, "unhcr_refugee", date(2027, 1, 1))

    _outcome(cases["c1"], Outcome.BAIL_MAGISTRATE, 10, lawyer, court)
    _outcome(cases["c2"], Outcome.RELEASED_BY_COURT, 20, lawyer, court)
    _outcome(cases["c3"], Outcome.BAIL_REFUSED, 30, lawyer, court)
    _outcome(cases["c4"], Outcome.DEPORTED, 40, lawyer)
    _outcome(cases["c5"], Outcome.RELEASED_BY_POLICE, 8, lawyer)
    _outcome(cases["c7"], Outcome.WITHDRAWN, 50, lawyer)

    # Browser tests run in transactions that empty the seeded petition templates.
    for key, hours in (("c1", 2), ("c2", 4), ("c3", 6), ("c6", 8), ("c5", 10)) * petitions:
        _petition(cases[key], lawyer, hours)

    c7 = Case.objects.get(pk=cases["c7"].pk)
    assert case_anonymise(case_id=c7.pk, now=c7.closed_at + timedelta(days=3650))
    for key in cases:
        cases[key] = Case.objects.select_related("detention", "person").get(pk=cases[key].pk)
    return Fixture(cases=cases, court=court, other_court=other_court)


def detention_of(case: Case) -> Detention:
    return Detention.objects.get(pk=case.detention_id)
