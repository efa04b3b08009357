"""Finding 10: reads that left no trace. Opening a case, listing or searching cases,
editing a person, a raid's page and a petition's preview PDF (which embeds the annexed
scans) each write one read event per request, with no client data in it."""

from django.urls import reverse

from casework.models import Event
from casework.selectors import case_timeline
from documents.petitions import services as petitions
from tests.detainees.incident_helpers import record_incident
from tests.documents.petition_helpers import case_with_por, template


def _reads(verb):
    return list(Event.objects.filter(verb=verb).order_by("id"))


def test_opening_a_case_writes_one_view_event_without_client_data(case, lawyer, login):
    client = login(lawyer)
    assert client.get(reverse("casework:case-detail", args=[case.reference])).status_code == 200
    (event,) = _reads("case.viewed")
    assert (event.actor, event.case, event.data) == (lawyer, case, {"page": "case"})
    assert not case_timeline(case).filter(verb="case.viewed").exists()


def test_searching_cases_records_which_filters_never_what_was_typed(case, lawyer, login):
    name = case.person.given_name
    login(lawyer).get(reverse("casework:case-list"), {"q": name})
    (event,) = _reads("case_list.viewed")
    assert event.data["filters"] == ["q"]
    assert name not in str(event.data)


def test_editing_a_person_is_a_read_too(case, lawyer, login):
    login(lawyer).get(reverse("detainees:person-edit", args=[case.reference]))
    (event,) = _reads("case.viewed")
    assert event.data == {"page": "edit"} and event.object_type == "detainees.person"


def test_a_raids_page_is_a_read(supervisor, login):
    incident = record_incident(supervisor)
    login(supervisor).get(reverse("incidents:incident-detail", args=[incident.public_id]))
    (event,) = _reads("incident.viewed")
    assert event.object_id == str(incident.pk)
    assert incident.place not in str(event.data)


def test_a_petition_page_is_a_read(lawyer, paralegal, supervisor, login):
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
    url = reverse("documents:petition-detail", args=[case.reference, petition.pk])
    assert login(lawyer).get(url).status_code == 200
    (event,) = _reads("case.viewed")
    assert event.data == {"page": "petition"} and event.object_id == str(petition.pk)


def test_the_preview_pdf_leaving_the_server_is_a_download_event(
    lawyer, paralegal, supervisor, login
):
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
    url = reverse("documents:petition-preview", args=[case.reference, petition.pk])
    response = login(paralegal).get(url, follow=True)
    assert response["Content-Type"] == "application/pdf"
    (event,) = _reads("petition.previewed")
    assert event.case == case and event.actor == paralegal
