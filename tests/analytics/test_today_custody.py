"""Today's custody queues, forward and backward, with exact counts and whole CSVs.

Times are fixed: Today is read on 10 March 2026 at 11:00 in Karachi, never "now".
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from analytics.today import today_tables
from analytics.today_base import LIST_LIMIT
from casework.models import Case, Event, Notification, Outcome
from casework.services import case_assign
from detainees.custody_reminders import remand_run_out_alerts_send
from detainees.hearings.application_services import application_record
from detainees.hearings.services import hearing_record_result, hearing_schedule
from detainees.incidents.services import incident_create
from detainees.intake.services import IntakeRow, cases_open
from detainees.models import Court, CourtLevel, CustodyKind
from detainees.outcomes import outcome_record
from detainees.queues import last_activity
from detainees.services import custody_change_record, detention_update
from tests.factories import open_case

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 11:00 in Karachi
TODAY = date(2026, 3, 10)


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def opened(lawyer, name: str, *, hours: float, **detention):
    return open_case(
        lawyer,
        person={"given_name": name},
        detention={"arrested_at": hours_ago(hours), **detention},
    )


def tables(supervisor, **kwargs):
    return today_tables(supervisor, supervisor.membership, NOW, **kwargs)


def references(table) -> list[str]:
    return [row.reference for row in table.rows]


def magistrate() -> Court:
    return Court.objects.filter(level=CourtLevel.JUDICIAL_MAGISTRATE).order_by("pk").first()


def test_nearing_24_hours_lists_who_can_still_be_produced_in_time(lawyer, supervisor, settings):
    twenty = opened(lawyer, "Twenty", hours=20.5)
    opened(lawyer, "Seventeen", hours=17)
    past = opened(lawyer, "Past", hours=25)
    produced = opened(lawyer, "Produced", hours=21)
    detention_update(case=produced, fields={"produced_at": hours_ago(2)}, by=lawyer)
    nearing = tables(supervisor)["nearing"]
    assert references(nearing) == [twenty.reference]
    assert nearing.rows[0].cells[3:5] == [20, 3]  # held 20 h, 3 whole hours left
    assert nearing.count_label == "1"
    assert references(tables(supervisor)["custody"]) == [past.reference]
    settings.NEARING_PRODUCTION_HOURS = 16
    assert len(tables(supervisor)["nearing"].rows) == 2


def _remanded(lawyer, name: str, *, ends_in: int):
    """Arrested on 20 February, remanded on the 21st for ``ends_in`` days."""
    case = open_case(
        lawyer,
        person={"given_name": name},
        detention={"arrested_at": datetime(2026, 2, 20, 5, tzinfo=UTC)},
    )
    custody_change_record(
        case=case,
        kind=CustodyKind.POLICE_REMAND,
        occurred_at=datetime(2026, 2, 21, 6, tzinfo=UTC),
        order_date=date(2026, 2, 21),
        remand_days=ends_in,
        by=lawyer,
    )
    return Case.objects.get(pk=case.pk)


def test_held_after_the_remand_ran_out_is_listed_and_alerted_once(lawyer, supervisor, paralegal):
    run_out = _remanded(lawyer, "Ran out", ends_in=5)  # ended 26 February
    case_assign(case=run_out, lead_lawyer=lawyer, team=[], by=supervisor.membership)
    still_running = _remanded(lawyer, "Running", ends_in=20)  # ends 13 March
    heard_since = _remanded(lawyer, "Heard", ends_in=5)
    hearing = hearing_schedule(
        case=heard_since,
        court=magistrate(),
        starts_at=datetime(2026, 2, 26, 5, tzinfo=UTC),
        purpose="remand",
        by=lawyer,
    )
    hearing_record_result(hearing=hearing, result="Fictional: remand extended", by=lawyer)
    refused_since = _remanded(lawyer, "Refused", ends_in=5)
    outcome_record(
        case=refused_since,
        outcome=Outcome.BAIL_REFUSED,
        occurred_at=datetime(2026, 2, 27, 5, tzinfo=UTC),
        source="Fictional: order seen",
        by=lawyer,
    )
    released = _remanded(lawyer, "Released", ends_in=5)
    custody_change_record(
        case=released,
        kind=CustodyKind.RELEASED,
        occurred_at=datetime(2026, 2, 28, 5, tzinfo=UTC),
        outcome=Outcome.RELEASED_BY_COURT,
        by=lawyer,
    )
    table = tables(supervisor)["remand_run_out"]
    assert references(table) == [run_out.reference]
    assert table.rows[0].cells[4] == 12  # days since 26 February
    assert still_running.reference not in references(table)

    assert remand_run_out_alerts_send(now=NOW) == 1
    remand_run_out_alerts_send(now=NOW)
    told = Notification.objects.filter(key__startswith="remand-run-out:")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        [lawyer.username, supervisor.username]
    )
    assert "Ran out" not in told.first().body  # the reference, never the name


def test_a_new_raid_shows_its_detainees_and_how_many_are_produced(lawyer, supervisor):
    raid = incident_create(
        created_by=lawyer,
        fields={
            "occurred_at": hours_ago(10),
            "place": "Fictional market, Tarnol",
            "agency": "police",
            "estimated_detained": 7,
        },
    )
    rows = [
        IntakeRow(person_fields={"given_name": f"Raided {i}", "father_name": "Fictional"})
        for i in range(3)
    ]
    cases = cases_open(
        membership=lawyer.membership,
        rows=rows,
        incident=raid,
        detention_fields={"arrested_at": hours_ago(10), "custody_location": "Lock-up, Tarnol"},
        confirmed={0, 1, 2},
    )
    detention_update(case=cases[0], fields={"produced_at": hours_ago(2)}, by=lawyer)
    incident_create(
        created_by=lawyer,
        fields={"occurred_at": hours_ago(60), "place": "Old raid", "agency": "police"},
    )
    raids = tables(supervisor)["raids"]
    assert [row.cells[0] for row in raids.rows] == ["Fictional market, Tarnol"]
    assert raids.rows[0].cells[2:] == [3, 7, 3, 1, 2]


def test_bail_refused_with_nothing_filed_for_three_days_is_chased(lawyer, supervisor):
    court = magistrate()

    def refused(name, on: date, *, then_filed: date | None = None):
        case = opened(lawyer, name, hours=24 * 20)
        application_record(
            case=case, by=lawyer, kind="bail", court=court, filed_on=on - timedelta(days=1),
            result="refused", order_on=on,
        )  # fmt: skip
        if then_filed:
            application_record(case=case, by=lawyer, kind="bail", court=court, filed_on=then_filed)
        return case

    idle = refused("Idle", date(2026, 3, 5))
    refused("Recent", date(2026, 3, 9))
    refused("Refiled", date(2026, 3, 2), then_filed=date(2026, 3, 4))
    by_outcome = opened(lawyer, "Outcome", hours=24 * 10)
    outcome_record(
        case=by_outcome,
        outcome=Outcome.BAIL_REFUSED,
        occurred_at=datetime(2026, 3, 6, 6, tzinfo=UTC),
        source="Fictional: order read in court",
        by=lawyer,
    )
    table = tables(supervisor)["bail_refused"]
    assert references(table) == [idle.reference, by_outcome.reference]
    assert [row.cells[3] for row in table.rows] == [5, 4]


def test_hearings_today_with_nobody_attending(lawyer, supervisor):
    case = opened(lawyer, "Listed", hours=30)
    alone = hearing_schedule(
        case=case,
        court=magistrate(),
        starts_at=datetime(2026, 3, 10, 4, tzinfo=UTC),
        purpose="bail",
        by=lawyer,
    )
    hearing_schedule(
        case=case,
        court=magistrate(),
        starts_at=datetime(2026, 3, 10, 5, tzinfo=UTC),
        purpose="bail",
        attending=[lawyer],
        by=lawyer,
    )
    table = tables(supervisor)["unattended"]
    assert [row.reference for row in table.rows] == [alone.case.reference]
    assert table.count_label == "1"


def test_a_case_nobody_worked_on_for_14_days_is_chased_reads_do_not_count(lawyer, supervisor, case):
    worked = Event.objects.filter(case=case, actor__isnull=False).latest("created_at")
    Event.objects.create(
        organisation=case.organisation, case=case, actor=supervisor, verb="case.viewed"
    )
    active = Case.objects.annotate(active_at=last_activity()).get(pk=case.pk).active_at
    assert active == worked.created_at
    later = today_tables(supervisor, supervisor.membership, worked.created_at + timedelta(days=15))
    assert references(later["idle"]) == [case.reference]
    assert later["idle"].rows[0].cells[3] == 15
    sooner = today_tables(supervisor, supervisor.membership, worked.created_at + timedelta(days=13))
    assert sooner["idle"].rows == []


def test_counts_are_exact_and_the_csv_holds_the_whole_queue(login, lawyer, supervisor):
    many = LIST_LIMIT + 2
    cases_open(
        membership=lawyer.membership,
        rows=[
            IntakeRow(person_fields={"given_name": f"Held {i}", "father_name": "Fictional"})
            for i in range(many)
        ],
        detention_fields={"arrested_at": hours_ago(30), "custody_location": "Lock-up, Golra"},
        confirmed=set(range(many)),
    )
    custody = tables(supervisor)["custody"]
    assert (len(custody.rows), custody.count_label, custody.more) == (LIST_LIMIT, str(many), True)
    whole = tables(supervisor, limit=None)["custody"]
    assert (len(whole.rows), whole.more) == (many, False)
    page = login(supervisor).get(reverse("analytics:today")).content.decode()
    assert f"Showing the first {LIST_LIMIT} of {many}" in page
    exported = login(supervisor).get(reverse("analytics:today-export") + "?table=custody")
    assert exported.status_code == 200
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(lines) >= many + 1
