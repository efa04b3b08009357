import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse

from casework.audit import audit_link_pending, audit_verify, log_action
from casework.models import AuditChainHead, Event
from detainees.services import person_update
from tests.factories import open_case


@contextmanager
def trigger_disabled():
    """What an attacker with table-owner rights could do; needed to tamper on PostgreSQL."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Deferred foreign-key checks from this test's inserts would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE casework_event DISABLE TRIGGER casework_event_append_only")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ALTER TABLE casework_event ENABLE TRIGGER casework_event_append_only"
                )


def _verify_output() -> str:
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    return str(error.value)


def test_events_are_inserted_unlinked_and_chained_in_order_by_the_chainer(case, org):
    assert not Event.objects.filter(organisation=org, seq__isnull=False).exists()
    assert audit_link_pending() == Event.objects.filter(organisation=org).count()
    events = list(Event.objects.filter(organisation=org).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert len({e.hash for e in events}) == len(events)
    head = AuditChainHead.objects.get(chain=org.pk)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)


def test_audit_verify_passes_on_an_untouched_trail(case, capsys):
    call_command("audit_verify")
    assert "Audit trail intact" in capsys.readouterr().out


def test_audit_verify_reports_an_altered_entry(case, lawyer):
    person_update(case=case, fields={"phone": "0300-0000000"}, by=lawyer)
    audit_link_pending()
    target = Event.objects.get(verb="person.updated")
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casework_event SET verb = %s WHERE id = %s", ["case.viewed", target.pk]
        )

    broken, _ = audit_verify()

    assert len(broken) == 1
    assert (broken[0].seq, broken[0].event_id) == (target.seq, target.pk)
    assert "altered" in broken[0].reason
    assert f"entry {target.seq}" in _verify_output() or "tampered" in _verify_output()


def test_audit_verify_reports_a_removed_entry(case, lawyer, org):
    person_update(case=case, fields={"phone": "0300-0000000"}, by=lawyer)
    person_update(case=case, fields={"phone": "0300-1111111"}, by=lawyer)
    audit_link_pending()
    middle = Event.objects.filter(verb="person.updated").order_by("seq").first()
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_event WHERE id = %s", [middle.pk])

    broken, _ = audit_verify()

    assert broken[0].seq == middle.seq
    assert "removed" in broken[0].reason


def test_audit_verify_reports_removal_of_the_newest_entry(case, lawyer):
    person_update(case=case, fields={"phone": "0300-0000000"}, by=lawyer)
    audit_link_pending()
    newest = Event.objects.order_by("-seq").first()
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_event WHERE id = %s", [newest.pk])

    broken, _ = audit_verify()

    assert len(broken) == 1
    assert "removed" in broken[0].reason


def test_events_without_an_organisation_have_their_own_chain(db):
    first = log_action("login.failed", organisation=None, actor=None, data={"username": "x"})
    second = log_action("login.failed", organisation=None, actor=None, data={"username": "y"})
    audit_link_pending()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.chain, first.seq, second.seq) == (0, 1, 2)
    assert audit_verify()[0] == []


def test_postgres_trigger_refuses_update(case, require_postgres):
    event = Event.objects.filter(case=case).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(verb="tampered")


def test_postgres_trigger_refuses_delete(case, require_postgres):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(case=case).delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(require_postgres, org, lawyer):
    case = open_case(lawyer)
    errors = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    log_action(
                        "case.noted",
                        organisation=org,
                        actor=None,
                        case=case,
                        data={"writer": n, "i": i},
                    )
        except Exception as error:  # collected and asserted in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    audit_link_pending()
    seqs = list(Event.objects.filter(chain=org.pk).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert Event.objects.filter(verb="case.noted").count() == 40
    assert audit_verify()[0] == []


# The browsing page


def test_supervisor_browses_own_organisation_only(case, supervisor, outsider, login):
    log_action("case.noted", organisation=outsider.membership.organisation, actor=outsider)
    response = login(supervisor).get(reverse("casework:audit-list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "case.opened" in text and "case.assigned" in text
    assert "case.noted" not in text


def test_audit_filters_by_verb_case_and_actor(case, supervisor, lawyer, login):
    person_update(case=case, fields={"phone": "0300-0000000"}, by=lawyer)
    client = login(supervisor)
    url = reverse("casework:audit-list")
    by_verb = client.get(url, {"verb": "person."}).content.decode()
    assert "person.updated" in by_verb and "case.opened" not in by_verb
    by_actor = client.get(url, {"actor": supervisor.pk}).content.decode()
    assert "case.assigned" in by_actor and "person.updated" not in by_actor
    by_case = client.get(url, {"reference": "ISB-1999-0001"}).content.decode()
    assert "No entries match" in by_case


def test_audit_page_is_404_for_case_workers_and_outsiders_see_only_their_own(
    case, lawyer, paralegal, outsider, login
):
    for user in (lawyer, paralegal):
        assert login(user).get(reverse("casework:audit-list")).status_code == 404
    text = login(outsider).get(reverse("casework:audit-list")).content.decode()
    assert case.reference not in text


def test_bad_audit_filters_are_a_400(case, supervisor, login):
    response = login(supervisor).get(reverse("casework:audit-list"), {"since": "yesterday"})
    assert response.status_code == 400


def test_audit_page_paginates_with_constant_queries(
    org, supervisor, login, settings, django_assert_max_num_queries
):
    settings.AUDIT_PAGE_SIZE = 10
    for i in range(25):
        log_action("case.noted", organisation=org, actor=supervisor, data={"i": i})
    client = login(supervisor)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("casework:audit-list"))
    with django_assert_max_num_queries(8) as captured:
        third = client.get(reverse("casework:audit-list"), {"page": 3})
    assert "Older" in first.content.decode()
    assert "Older" not in third.content.decode()
    event_queries = [q["sql"] for q in captured.captured_queries if "casework_event" in q["sql"]]
    assert event_queries and not any("COUNT(" in sql for sql in event_queries)
