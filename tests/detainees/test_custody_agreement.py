"""One custody state: every way of recording a release, a deportation or a production
leaves the stage, the clock, Today's queues, the review queue, open petitions and the
Analytics figures saying the same thing as ``custody_now``.

Times are fixed (the arrest on 2 March 2026, 09:00 in Karachi; Today read 40 hours later),
never the wall clock.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from analytics.selectors import AnalyticsFilters, analytics_figures
from analytics.today import today_tables
from casework.models import Case, Outcome, Stage
from casework.services import case_assign
from detainees.case_list import CaseFilters, case_list, case_stage
from detainees.clock import is_habeas_corpus_candidate
from detainees.custody import custody_now
from detainees.hearings.application_services import application_record
from detainees.hearings.selectors import outcome_review_queue
from detainees.hearings.services import hearing_record_result, hearing_schedule
from detainees.models import Court, CourtLevel, CustodyKind, CustodyStatus
from detainees.outcomes import outcome_record
from detainees.services import custody_change_record, detention_update
from documents.models import Petition
from documents.petitions.overtaken import petition_overtaken
from documents.petitions.services import petition_create
from tests.documents.petition_helpers import template
from tests.factories import open_case

pytestmark = pytest.mark.django_db

ARREST = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:00 in Karachi
NOW = ARREST + timedelta(hours=40)


def at(hours: float) -> datetime:
    return ARREST + timedelta(hours=hours)


def court(level: str) -> Court:
    return Court.objects.filter(level=level, is_active=True).order_by("pk").first()


def hearing(case, lawyer, *, hours: float, level=CourtLevel.JUDICIAL_MAGISTRATE, purpose="bail"):
    return hearing_schedule(
        case=case,
        court=court(level),
        starts_at=at(hours),
        purpose=purpose,
        attending=[lawyer],
        by=lawyer,
    )


@pytest.fixture
def held(lawyer, paralegal, supervisor):
    """A case opened at the arrest, its team assigned, a bail petition in draft."""
    case = open_case(lawyer, detention={"arrested_at": ARREST})
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    petition_create(case=case, template=template("bail-497"), by=paralegal)
    return Case.objects.get(pk=case.pk)


# Each way of recording a release or a deportation: (what it does, status, stage, outcome).


def _move_released(case, lawyer, client):
    custody_change_record(
        case=case,
        kind=CustodyKind.RELEASED,
        occurred_at=at(30),
        source="Fictional: SHO by phone",
        outcome=Outcome.RELEASED_BY_POLICE,
        by=lawyer,
    )


def _move_form_asks_which_outcome(case, lawyer, client):
    url = reverse("detainees:custody-add", args=[case.reference])
    form = {
        "kind": CustodyKind.RELEASED,
        "occurred_at": "2026-03-03T15:00",  # Karachi: 30 h after the arrest
        "place": "",
        "source": "Fictional: the magistrate's order read to the family",
        "order_date": "",
        "remand_days": "",
        "outcome": "",
    }
    asked = client.post(url, form)
    assert asked.status_code == 400
    assert "Say which outcome this was" in asked.content.decode()
    assert not case.detention.custody_changes.exists()
    assert client.post(url, {**form, "outcome": Outcome.FIR_QUASHED}).status_code == 302


def _outcome_released(case, lawyer, client):
    outcome_record(
        case=case,
        outcome=Outcome.RELEASED_BY_COURT,
        occurred_at=at(30),
        source="Fictional: order seen by the lawyer",
        by=lawyer,
    )


def _hearing_result_released(case, lawyer, client):
    listed = hearing(case, lawyer, hours=30, purpose="habeas_corpus", level=CourtLevel.SESSIONS)
    hearing_record_result(
        hearing=listed,
        result="Fictional: detenue produced and set at liberty",
        outcome=Outcome.RELEASED_BY_COURT,
        by=lawyer,
    )


def _bail_granted_then_released_on_bail(case, lawyer, client):
    application_record(
        case=case,
        by=lawyer,
        kind="bail",
        court=court(CourtLevel.SESSIONS),
        filed_on=date(2026, 3, 3),
        result="granted",
        order_on=date(2026, 3, 3),
    )
    # The bail card's "Record the release": the outcome follows the bail granted.
    custody_change_record(
        case=case, kind=CustodyKind.RELEASED_ON_BAIL, occurred_at=at(30), by=lawyer
    )


def _bail_outcome_at_a_magistrates_hearing(case, lawyer, client):
    listed = hearing(case, lawyer, hours=30)
    outcome_record(
        case=case, outcome=Outcome.BAIL_MAGISTRATE, occurred_at=at(30), hearing=listed, by=lawyer
    )


def _move_deported(case, lawyer, client):
    custody_change_record(
        case=case,
        kind=CustodyKind.HOLDING_CENTRE,
        occurred_at=at(10),
        place="Fictional holding centre",
        by=lawyer,
    )
    custody_change_record(case=case, kind=CustodyKind.DEPORTED, occurred_at=at(30), by=lawyer)


def _outcome_deported(case, lawyer, client):
    outcome_record(
        case=case,
        outcome=Outcome.DEPORTED,
        occurred_at=at(30),
        source="Fictional: family saw him at the border",
        by=lawyer,
    )


ENDINGS = {
    "move released": (_move_released, CustodyStatus.RELEASED, Stage.CLOSED),
    "move form asks the outcome": (
        _move_form_asks_which_outcome,
        CustodyStatus.RELEASED,
        Stage.CLOSED,
    ),
    "outcome released": (_outcome_released, CustodyStatus.RELEASED, Stage.CLOSED),
    "hearing result released": (_hearing_result_released, CustodyStatus.RELEASED, Stage.CLOSED),
    "bail granted then released on bail": (
        _bail_granted_then_released_on_bail,
        CustodyStatus.RELEASED,
        Stage.COURT,
    ),
    "bail outcome at a magistrate's hearing": (
        _bail_outcome_at_a_magistrates_hearing,
        CustodyStatus.RELEASED,
        Stage.COURT,
    ),
    "moved to a holding centre then deported": (
        _move_deported,
        CustodyStatus.DEPORTED,
        Stage.CLOSED,
    ),
    "outcome deported": (_outcome_deported, CustodyStatus.DEPORTED, Stage.CLOSED),
}


def stored_agrees_with_derived(case):
    case.refresh_from_db()
    case.detention.refresh_from_db()
    now = custody_now(case)
    stored = {name: getattr(case.detention, name) for name in now.stored()}
    assert stored == now.stored()
    assert case.custody_held == now.held
    assert case.custody_released_at == now.released_at
    return now


def queue_references(tables, key):
    return {row.reference for row in tables[key].rows}


def caseload_of(tables, lawyer):
    name = lawyer.get_full_name() or lawyer.username
    return next(row.cells for row in tables["caseload"].rows if row.cells[0] == name)


@pytest.mark.parametrize("way", list(ENDINGS))
def test_a_release_or_deportation_recorded_any_way_ends_the_live_work(
    held, lawyer, supervisor, login, way
):
    record, status, stage = ENDINGS[way]
    record(held, lawyer, login(lawyer))

    now = stored_agrees_with_derived(held)
    assert now.status == status
    assert now.since == at(30)
    assert case_stage(held) == stage
    # The clock stops: nobody is held, so nobody is awaiting production.
    assert not is_habeas_corpus_candidate(held.detention, NOW)
    assert now.hours_without_production(NOW) is None
    assert not held.list_awaiting
    # The outcome is recorded once and waits for the supervisors' review.
    waiting = [o for o in outcome_review_queue(supervisor) if o.case_id == held.pk]
    assert [o.outcome for o in waiting] == [held.outcome]
    assert held.outcome
    # The bail petition in draft is kept, flagged as overtaken.
    (draft,) = Petition.objects.filter(case=held).select_related("case__detention")
    flag = petition_overtaken(draft)
    assert flag is not None and flag.since == at(30)
    # Today: off the production queue; the caseload counts nobody held.
    tables = today_tables(supervisor, supervisor.membership, now=NOW)
    assert held.reference not in queue_references(tables, "custody")
    assert caseload_of(tables, lawyer)[2] == 0
    # The case list's custody filter and the Analytics figures read the same facts.
    listed = case_list(supervisor, CaseFilters(custody=status))
    assert list(listed.values_list("pk", flat=True)) == [held.pk]
    figures = analytics_figures(held.organisation, AnalyticsFilters(), charts=False)
    decided, released = (
        sum(row.cells[i] for row in figures.tables["release_by_coverage"].rows) for i in (1, 2)
    )
    assert (decided, released) == (1, int(status == CustodyStatus.RELEASED))
    deported = sum(row.cells[1] for row in figures.tables["deportations"].rows)
    assert deported == int(status == CustodyStatus.DEPORTED)


# Each way of recording that the person was brought before a magistrate.


def _remand(case, lawyer):
    custody_change_record(
        case=case,
        kind=CustodyKind.POLICE_REMAND,
        occurred_at=at(20),
        order_date=date(2026, 3, 3),
        remand_days=4,
        by=lawyer,
    )


def _bail_hearing_result(case, lawyer):
    hearing_record_result(
        hearing=hearing(case, lawyer, hours=20), result="Fictional: adjourned", by=lawyer
    )


def _outcome_at_a_magistrates_hearing(case, lawyer):
    outcome_record(
        case=case,
        outcome=Outcome.BAIL_REFUSED,
        occurred_at=at(20),
        hearing=hearing(case, lawyer, hours=20),
        by=lawyer,
    )


def _typed_on_the_detention(case, lawyer):
    detention_update(case=case, fields={"produced_at": at(20)}, by=lawyer)


PRODUCTIONS = {
    "remand order": _remand,
    "bail hearing's result": _bail_hearing_result,
    "outcome at a magistrate's hearing": _outcome_at_a_magistrates_hearing,
    "typed on the detention": _typed_on_the_detention,
}


@pytest.mark.parametrize("way", list(PRODUCTIONS))
def test_a_production_recorded_any_way_stops_the_clock(held, lawyer, supervisor, way):
    PRODUCTIONS[way](held, lawyer)

    now = stored_agrees_with_derived(held)
    assert now.held and now.produced_at == at(20)
    assert not is_habeas_corpus_candidate(held.detention, NOW)
    tables = today_tables(supervisor, supervisor.membership, now=NOW)
    assert held.reference not in queue_references(tables, "custody")
    assert caseload_of(tables, lawyer)[1:] == [1, 1, 0]  # open, held, past 24 h
    (draft,) = Petition.objects.filter(case=held).select_related("case__detention")
    assert petition_overtaken(draft) is None


def test_unproduced_the_case_is_on_every_production_queue(held, lawyer, supervisor):
    now = stored_agrees_with_derived(held)
    assert now.held and now.produced_at is None
    assert now.hours_without_production(NOW) == 40
    assert is_habeas_corpus_candidate(held.detention, NOW)
    tables = today_tables(supervisor, supervisor.membership, now=NOW)
    assert held.reference in queue_references(tables, "custody")
    assert caseload_of(tables, lawyer)[1:] == [1, 1, 1]


def test_an_outcome_at_a_magistrates_hearing_through_the_page_records_production(
    held, lawyer, login
):
    listed = hearing(held, lawyer, hours=20)
    response = login(lawyer).post(
        reverse("detainees:outcome-create", args=[held.reference]),
        {
            "outcome": Outcome.BAIL_REFUSED,
            "occurred_at": "2026-03-03T05:00",  # Karachi: 20 h after the arrest
            "hearing": str(listed.public_id),
            "source": "",
        },
    )
    assert response.status_code == 302
    assert stored_agrees_with_derived(held).produced_at == at(20)


def test_a_release_recorded_before_an_older_move_stays_the_current_state(held, lawyer):
    _move_released(held, lawyer, None)
    custody_change_record(
        case=held, kind=CustodyKind.POLICE_LOCKUP, occurred_at=at(5), place="Fictional", by=lawyer
    )
    now = stored_agrees_with_derived(held)
    assert (now.status, now.released_at) == (CustodyStatus.RELEASED, at(30))


def test_a_release_on_bail_after_the_bail_outcome_records_no_second_outcome(held, lawyer):
    _bail_outcome_at_a_magistrates_hearing(held, lawyer, None)
    custody_change_record(
        case=held, kind=CustodyKind.RELEASED_ON_BAIL, occurred_at=at(32), by=lawyer
    )
    assert list(held.outcomes.values_list("outcome", flat=True)) == [Outcome.BAIL_MAGISTRATE]
    # Released at the hearing: the later move on the same facts does not move the release.
    assert stored_agrees_with_derived(held).released_at == at(30)


def test_an_outcome_that_does_not_fit_the_move_is_refused(held, lawyer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        custody_change_record(
            case=held,
            kind=CustodyKind.RELEASED_ON_BAIL,
            occurred_at=at(30),
            outcome=Outcome.DEPORTED,
            by=lawyer,
        )
    assert "outcome" in refused.value.error_dict
    assert not held.detention.custody_changes.exists()
