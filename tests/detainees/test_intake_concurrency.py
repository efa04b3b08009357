"""Two people logging the same raid's list at the same moment open one case per detainee:
the duplicate check and the write happen under one lock per organisation, so the second
intake sees the first one's cases exactly as if it had come a minute later."""

import threading

import pytest
from django.db import connections

from casework.models import Case, Role
from detainees.intake.services import DuplicatesFound, cases_open
from tests.detainees.incident_helpers import record_incident, rows_for, shared_arrest
from tests.factories import OrganisationFactory, member


@pytest.mark.django_db(transaction=True)
def test_two_identical_uploads_at_once_open_one_set_of_cases(require_postgres):
    org = OrganisationFactory(name="Concurrent Intake Aid", reference_prefix="CIA")
    first = member(org, Role.SUPERVISOR, "cia-supervisor")
    second = member(org, Role.SUPERVISOR, "cia-supervisor-2")
    incident = record_incident(first)
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def upload(user):
        try:
            start.wait()
            cases = cases_open(
                membership=user.membership, incident=incident,
                detention_fields=shared_arrest(), rows=rows_for(6),  # six different names
            )  # fmt: skip
            outcomes.append(len(cases))
        except DuplicatesFound as found:
            outcomes.append(found)
        except Exception as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Case.objects.filter(organisation=org).count() == 6
    opened = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, DuplicatesFound)]
    assert opened == [6]
    assert len(refused) == 1 and sorted(refused[0].errors) == list(range(6))
    assert "May be someone already known" in refused[0].rows[0][0]
