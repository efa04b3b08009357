import pytest
from django.urls import reverse

from casework.models import Case
from documents.models import IdentityDocument
from documents.services import document_add
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]
URL = reverse("casework:case-create")
INTAKE = {
    "given_name": "Zalmai", "father_name": "Abdul Qayum", "arrested_at": "2026-01-10T08:00",
    "custody_location": "Lock-up, Police Station Tarnol",
}  # fmt: skip


def test_intake_records_the_document_number(login, lawyer):
    data = {**INTAKE, "document_kind": "por", "document_number": "xy 765-4321"}
    response = login(lawyer).post(URL, data)
    assert response.status_code == 302
    document = IdentityDocument.objects.get()
    assert document.number_normalised == "XY7654321"
    assert document.person == Case.objects.get().person


def test_number_without_a_kind_is_refused_and_nothing_opens(login, lawyer):
    response = login(lawyer).post(URL, {**INTAKE, "document_number": "XY7654321"})
    assert response.status_code == 400
    assert "Choose the kind of document" in response.content.decode()
    assert not Case.objects.exists()


def test_known_number_warns_with_a_link_before_opening(login, lawyer):
    earlier = open_case(lawyer)
    document_add(case=earlier, fields={"kind": "por", "number": "XY-765 4321"}, by=lawyer)
    client = login(lawyer)
    data = {**INTAKE, "document_kind": "por", "document_number": "xy7654321"}
    response = client.post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "A record with this document number exists" in body
    assert reverse("casework:case-detail", args=[earlier.reference]) in body
    assert Case.objects.count() == 1
    assert client.post(URL, {**data, "confirm_new": "1"}).status_code == 302
    assert Case.objects.count() == 2


def test_known_number_on_a_case_the_user_cannot_open_only_says_ask_a_supervisor(
    login, lawyer, colleague
):
    hidden = open_case(colleague)
    document_add(case=hidden, fields={"kind": "por", "number": "XY7654321"}, by=colleague)
    data = {**INTAKE, "document_kind": "acc", "document_number": "XY 7654321"}
    body = login(lawyer).post(URL, data).content.decode()
    assert "A record with this number exists; ask a supervisor." in body
    assert hidden.reference not in body
    assert "Gul Ahmad" not in body


def test_number_in_another_organisation_is_not_mentioned(login, lawyer, outsider):
    theirs = open_case(outsider)
    document_add(case=theirs, fields={"kind": "por", "number": "XY7654321"}, by=outsider)
    data = {**INTAKE, "document_kind": "por", "document_number": "XY7654321"}
    response = login(lawyer).post(URL, data)
    assert response.status_code == 302


def test_number_breaking_the_format_opens_the_case_and_warns_on_it(login, lawyer, admin_user):
    from documents.services import number_pattern_save

    number_pattern_save(kind="por", pattern=r"[A-Z]{2}\d{9}", by=admin_user)
    data = {**INTAKE, "document_kind": "por", "document_number": "xy 765-4321"}
    response = login(lawyer).post(URL, data, follow=True)
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert "does not match the format your organisation set" in response.content.decode()
