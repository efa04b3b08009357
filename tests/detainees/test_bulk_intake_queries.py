from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Case
from tests.detainees.incident_helpers import intake, record_incident


def _queries_for(user, incident, rows: int, start: int, documents: bool = False) -> int:
    with CaptureQueriesContext(connection) as captured:
        intake(user, incident, rows, start=start, documents=documents)
    return len(captured)


def test_bulk_intake_costs_the_same_queries_for_5_and_50_rows(require_postgres, lawyer):
    # PostgreSQL only: SQLite caps a statement at 999 parameters, so Django splits big
    # bulk inserts there and the count grows by design of the backend, not of the code.
    incident = record_incident(lawyer)
    intake(lawyer, incident, 1, start=1000)  # first use creates the counter and chain rows
    five = _queries_for(lawyer, incident, 5, start=0, documents=True)
    fifty = _queries_for(lawyer, incident, 50, start=5, documents=True)
    assert five == fifty
    assert Case.objects.count() == 56


def test_bulk_intake_by_a_supervisor_costs_the_same_queries_too(require_postgres, supervisor):
    incident = record_incident(supervisor)
    intake(supervisor, incident, 1, start=1000)
    assert _queries_for(supervisor, incident, 5, 0) == _queries_for(supervisor, incident, 50, 5)
