from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.audit import audit_verify
from casework.models import Case, CaseAssignment, CaseUserObjectPermission, Event
from casework.selectors import cases_visible_to
from detainees.intake.services import IntakeRow, RowsInvalid, cases_open, person_fields_from
from detainees.models import Detention, Person
from documents.models import IdentityDocument
from tests.detainees.incident_helpers import intake, record_incident, rows_for, shared_arrest

pytestmark = pytest.mark.django_db


def test_intake_opens_one_linked_case_per_row(lawyer):
    incident = record_incident(lawyer)
    intake(lawyer, incident, 3)
    stored = Case.objects.filter(detention__incident=incident)
    assert stored.count() == 3
    assert all(c.lead_lawyer_id == lawyer.pk and c.opened_by_id == lawyer.pk for c in stored)
    assert all(c.detention.police_station == "Police Station Tarnol" for c in stored)
    assert all(c.person.organisation_id == incident.organisation_id for c in stored)
    assert all(c.reference.startswith("ISB-") for c in stored)


def test_references_are_consecutive_and_follow_existing_ones(lawyer):
    incident = record_incident(lawyer)
    first = intake(lawyer, incident, 2)
    second = intake(lawyer, incident, 2, start=2)
    numbers = [int(c.reference.rsplit("-", 1)[1]) for c in first + second]
    assert numbers == [1, 2, 3, 4]


def test_opener_is_on_the_team_with_permissions_on_every_case(lawyer, colleague):
    incident = record_incident(lawyer)
    cases = intake(lawyer, incident, 4)
    ids = {c.pk for c in cases}
    assert set(cases_visible_to(lawyer, "change_case").values_list("pk", flat=True)) == ids
    assert set(cases_visible_to(lawyer, "draft_petition").values_list("pk", flat=True)) == ids
    assert CaseAssignment.objects.filter(user=lawyer, case_id__in=ids).count() == 4
    assert not cases_visible_to(colleague).exists()


def test_supervisor_intake_grants_no_object_permissions(supervisor):
    incident = record_incident(supervisor)
    cases = intake(supervisor, incident, 2)
    assert all(c.lead_lawyer_id is None for c in cases)
    assert not CaseUserObjectPermission.objects.exists()
    assert not CaseAssignment.objects.exists()


def test_every_case_gets_one_opened_event_and_the_incident_one_intake_event(paralegal):
    incident = record_incident(paralegal)
    cases = intake(paralegal, incident, 3)
    for case in cases:
        events = list(case.events.values_list("verb", "data"))
        assert events == [("case.opened", {"reference": case.reference, "incident": incident.pk})]
    summary = Event.objects.get(verb="incident.intake")
    assert summary.case_id is None
    assert summary.data["cases"] == 3
    # The bulk-appended links keep the organisation's audit hash chain intact.
    assert audit_verify()[0] == []


def test_one_bad_row_saves_nothing_and_names_every_bad_row(lawyer):
    incident = record_incident(lawyer)
    rows = rows_for(4)
    rows[1] = IntakeRow(person_fields=person_fields_from(name="Qudratullah", father_name=""))
    rows[3] = IntakeRow(person_fields=person_fields_from(name="", father_name="Amanullah"))
    with pytest.raises(RowsInvalid) as raised:
        cases_open(
            incident=incident,
            membership=lawyer.membership,
            detention_fields=shared_arrest(),
            rows=rows,
        )
    assert sorted(raised.value.rows) == [1, 3]
    assert "father" in " ".join(raised.value.rows[1])
    assert "name" in " ".join(raised.value.rows[3])
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert not Detention.objects.exists()


def test_a_row_with_a_document_number_but_no_kind_is_refused(lawyer):
    incident = record_incident(lawyer)
    row = IntakeRow(
        person_fields=person_fields_from(name="Rohullah", father_name="Jan Agha"),
        document_number="0012345",
    )
    with pytest.raises(RowsInvalid) as raised:
        cases_open(
            incident=incident,
            membership=lawyer.membership,
            detention_fields=shared_arrest(),
            rows=[row],
        )
    assert raised.value.rows == {0: ["Give both the document kind and its number, or neither."]}


def test_bad_shared_details_save_nothing(lawyer):
    incident = record_incident(lawyer)
    future = shared_arrest(arrested_at=timezone.now() + timedelta(days=1))
    with pytest.raises(RowsInvalid) as raised:
        cases_open(incident=incident, membership=lawyer.membership, detention_fields=future,
                        rows=rows_for(2))  # fmt: skip
    assert raised.value.shared == ["The arrest cannot be in the future."]
    assert not Case.objects.exists()


def test_an_empty_list_is_refused(lawyer):
    incident = record_incident(lawyer)
    with pytest.raises(RowsInvalid) as raised:
        cases_open(incident=incident, membership=lawyer.membership,
                   detention_fields=shared_arrest(), rows=[])  # fmt: skip
    assert raised.value.shared == ["Add at least one detainee."]


def test_nobody_logs_into_another_organisations_incident(lawyer, outsider):
    incident = record_incident(lawyer)
    with pytest.raises(ValidationError):
        intake(outsider, incident, 1)
    assert not Case.objects.exists()


def test_perso_arabic_names_go_to_the_native_fields_and_get_a_match_key(lawyer):
    incident = record_incident(lawyer)
    row = IntakeRow(person_fields=person_fields_from(name="نجیب الله", father_name="گل محمد"))
    (case,) = cases_open(
        incident=incident,
        membership=lawyer.membership,
        detention_fields=shared_arrest(),
        rows=[row],
    )
    person = Person.objects.get(pk=case.person_id)
    assert (person.given_name, person.given_name_native) == ("", "نجیب الله")
    assert person.father_name_native == "گل محمد"
    assert person.match_key_native == "نجیب الله|گل محمد"


def test_rows_with_a_document_get_it_recorded_on_their_person(lawyer):
    incident = record_incident(lawyer)
    rows = rows_for(3)
    rows[0] = IntakeRow(
        person_fields=rows[0].person_fields, document_kind="por", document_number="tst 00-12 345"
    )
    rows[2] = IntakeRow(
        person_fields=rows[2].person_fields, document_kind="acc", document_number="TST-99"
    )
    cases = cases_open(
        incident=incident,
        membership=lawyer.membership,
        detention_fields=shared_arrest(),
        rows=rows,
    )
    documents = {d.person_id: d for d in IdentityDocument.objects.all()}
    assert set(documents) == {cases[0].person_id, cases[2].person_id}
    assert documents[cases[0].person_id].kind == "por"
    assert documents[cases[0].person_id].number_normalised == "TST0012345"
    assert documents[cases[2].person_id].added_by == lawyer
    assert Event.objects.filter(verb="document.added").count() == 2
    assert audit_verify()[0] == []


def test_an_unknown_document_kind_saves_nothing(lawyer):
    incident = record_incident(lawyer)
    row = IntakeRow(
        person_fields=person_fields_from(name="Rohullah", father_name="Jan Agha"),
        document_kind="driving_licence", document_number="X1",
    )  # fmt: skip
    with pytest.raises(RowsInvalid) as raised:
        cases_open(
            incident=incident,
            membership=lawyer.membership,
            detention_fields=shared_arrest(),
            rows=[row],
        )
    assert "Unknown document kind" in raised.value.rows[0][0]
    assert not Case.objects.exists()
    assert not IdentityDocument.objects.exists()
