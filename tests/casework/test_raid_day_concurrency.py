"""A raid day in one organisation: intakes, bulk intakes, page views, edits and approvals
all at once on real PostgreSQL, with the audit chainer running beside them.

Before the audit trail was linked after commit, every one of these held the
organisation's chain head until commit and intakes held the organisation row: page views
answered 500 on deadlocks and bulk intakes failed. Nothing here may fail or answer 5xx,
and the trail must come out whole.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from casework.audit import audit_link_pending, audit_verify
from casework.models import Case, Event
from detainees.services import person_update
from documents.models import Petition, PetitionState
from documents.petitions import services as petitions
from tests.detainees.incident_helpers import intake, record_incident
from tests.documents.petition_helpers import case_with_por, template
from tests.factories import open_case
from tests.signin import verified_login

READERS, READS_EACH = 3, 40
EDITORS, EDITS_EACH = 2, 25
INTAKERS, INTAKES_EACH = 2, 12
BULK_INTAKES, BULK_ROWS = 3, 30
APPROVALS = 4


def _petitions_in_review(lawyer, paralegal, supervisor) -> list[Petition]:
    drafted = []
    for n in range(APPROVALS):
        case = case_with_por(lawyer, paralegal, supervisor, given=f"Zarif {n}")
        petition = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
        petitions.petition_submit(petition=petition, by=paralegal, notify=False)
        drafted.append(petition)
    return drafted


@pytest.mark.django_db(transaction=True)
def test_a_raid_day_in_one_organisation_has_no_deadlock_and_no_error(
    require_postgres, org, lawyer, paralegal, supervisor
):
    cases = [open_case(lawyer) for _ in range(6)]
    in_review = _petitions_in_review(lawyer, paralegal, supervisor)
    incident = record_incident(supervisor)
    audit_link_pending()
    events_before = Event.objects.count()

    start = threading.Barrier(READERS + EDITORS + INTAKERS + 2)
    done = threading.Event()
    errors: list[str] = []
    statuses: list[int] = []
    counts = {"reads": 0, "edits": 0, "intakes": 0, "bulk": 0, "approvals": 0}
    lock = threading.Lock()

    def run(name, work):
        def target():
            try:
                start.wait(timeout=60)
                work()
            except Exception as error:  # every failure is reported, none swallowed
                errors.append(f"{name}: {error!r}")
            finally:
                connections.close_all()

        return threading.Thread(target=target, name=name)

    def count(kind: str) -> None:
        with lock:
            counts[kind] += 1

    def reader(n: int):
        def work():
            client = Client()
            verified_login(client, (lawyer, supervisor, lawyer)[n % 3])
            for i in range(READS_EACH):
                if i % 3 == 0:
                    url = reverse("casework:case-list")
                else:
                    url = reverse("casework:case-detail", args=[cases[i % len(cases)].reference])
                statuses.append(client.get(url).status_code)
                count("reads")

        return work

    def editor(n: int):
        def work():
            for i in range(EDITS_EACH):
                case = Case.objects.get(pk=cases[(n + i) % len(cases)].pk)
                person_update(case=case, fields={"phone": f"0300-{n}{i:06d}"}, by=lawyer)
                count("edits")

        return work

    def intaker(n: int):
        def work():
            for i in range(INTAKES_EACH):
                open_case((lawyer, paralegal)[n % 2], person={"given_name": f"Nabi {n} {i}"})
                count("intakes")

        return work

    def bulk_intaker():
        for b in range(BULK_INTAKES):
            intake(supervisor, incident, BULK_ROWS, start=1000 * (b + 1))
            count("bulk")

    def approver():
        for petition in in_review:
            petitions.petition_approve(petition=Petition.objects.get(pk=petition.pk), by=supervisor)
            count("approvals")

    def chainer():
        # The beat task, run as fast as it can beside the writers.
        try:
            while not done.is_set():
                audit_link_pending()
        finally:
            connections.close_all()

    threads = [
        *(run(f"reader {n}", reader(n)) for n in range(READERS)),
        *(run(f"editor {n}", editor(n)) for n in range(EDITORS)),
        *(run(f"intaker {n}", intaker(n)) for n in range(INTAKERS)),
        run("bulk intake", bulk_intaker),
        run("approver", approver),
    ]
    chain_thread = threading.Thread(target=chainer)
    chain_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    done.set()
    chain_thread.join(timeout=120)
    connections.close_all()

    assert errors == []
    assert all(thread.is_alive() is False for thread in threads)
    assert statuses and max(statuses) < 500 and set(statuses) == {200}
    assert counts == {
        "reads": READERS * READS_EACH,
        "edits": EDITORS * EDITS_EACH,
        "intakes": INTAKERS * INTAKES_EACH,
        "bulk": BULK_INTAKES,
        "approvals": APPROVALS,
    }
    assert Case.objects.filter(organisation=org).count() == (
        6 + APPROVALS + INTAKERS * INTAKES_EACH + BULK_INTAKES * BULK_ROWS
    )
    # Approved and rendered (tasks run in-process here), each once.
    rendered = Petition.objects.filter(pk__in=[p.pk for p in in_review])
    assert set(rendered.values_list("state", flat=True)) == {PetitionState.READY}
    audit_link_pending()
    broken, linked = audit_verify()
    assert broken == []
    assert linked == Event.objects.count() > events_before
    assert not Event.objects.filter(seq__isnull=True).exists()
