"""Finding 10: reads that left no trace. Opening a case, listing or searching cases,
editing a person, a raid's page and a petition's preview PDF (which embeds the annexed
scans) each write one read event per request, with no client data in it."""

from django.urls import reverse

from casework.models import Event
from casework.selectors import case_timeline
from documents.petitions import services as petitions
from tests.detainees.incident_helpers import record_incident
from tests.documents.petition_helpers import case_with_por, template


def _reads(verb, after=0):
    return list(Event.objects.filter(verb=verb, id__gt=after).order_by("id"))


def _last_id():
    last = Event.objects.order_by("-id").first()
    return last.id if last else 0


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
    url = reverse("documents:petition-detail", args=[case.reference, petition.public_id])
    assert login(lawyer).get(url).status_code == 200
    (event,) = _reads("case.viewed")
    assert event.data == {"page": "petition"} and event.object_id == str(petition.pk)


def test_the_preview_pdf_leaving_the_server_is_a_download_event(
    lawyer, paralegal, supervisor, login, django_capture_on_commit_callbacks
):
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
    url = reverse("documents:petition-preview", args=[case.reference, petition.public_id])
    client = login(paralegal)
    with django_capture_on_commit_callbacks(execute=True):  # a worker renders it
        asked = client.get(url)
    response = client.get(asked["Location"])
    assert response["Content-Type"] == "application/pdf"
    (event,) = _reads("petition.previewed")
    assert event.case == case and event.actor == paralegal


# Every other page that shows who a person is: one read event per request, no client data.


def _hearing(case, lawyer, days):
    from datetime import timedelta

    from django.utils import timezone

    from detainees.hearings.services import hearing_schedule
    from detainees.models import Court

    return hearing_schedule(
        case=case, court=Court.objects.order_by("pk").first(), purpose="bail", by=lawyer,
        starts_at=timezone.now() + timedelta(days=days), attending=[lawyer],
    )  # fmt: skip


def _case_pages(case, lawyer):
    from datetime import timedelta

    from django.utils import timezone

    from casework.models import Outcome
    from detainees.hearings.application_services import application_record
    from detainees.models import Court
    from detainees.outcomes import outcome_record
    from documents.models import IdentityDocument

    hearing = _hearing(case, lawyer, days=1)
    outcome = outcome_record(
        case=case, outcome=Outcome.BAIL_REFUSED, occurred_at=timezone.now() - timedelta(hours=1),
        source="Court order seen by the lawyer", by=lawyer,
    )  # fmt: skip
    application = application_record(
        case=case, by=lawyer, kind="bail", court=Court.objects.order_by("pk").first(),
        filed_on=timezone.localdate(), result="pending",
    )  # fmt: skip
    document = IdentityDocument.objects.create(
        organisation=case.organisation, person=case.person, kind="por",
        number="PK-0000-0000-Z", number_normalised="PK00000000Z",
    )  # fmt: skip
    ref = case.reference
    return {
        "hearing": [
            reverse("detainees:hearing-create", args=[ref]),
            reverse("detainees:hearing-edit", args=[ref, hearing.public_id]),
            reverse("detainees:hearing-result", args=[ref, hearing.public_id]),
            reverse("detainees:hearing-cancel", args=[ref, hearing.public_id]),
            reverse("detainees:outcome-create", args=[ref]),
        ],
        "outcome": [reverse("detainees:outcome-review", args=[ref, outcome.public_id])],
        "application": [
            reverse("detainees:application-create", args=[ref]),
            reverse("detainees:application-edit", args=[ref, application.public_id]),
        ],
        "custody": [reverse("detainees:custody-add", args=[ref])],
        "edit": [reverse("detainees:detention-edit", args=[ref])],
        "document": [
            reverse("documents:document-add", args=[ref]),
            reverse("documents:document-edit", args=[ref, document.public_id]),
            reverse("documents:document-scan-add", args=[ref, document.public_id]),
            reverse("documents:verification-add", args=[ref, document.public_id]),
        ],
        "petition_new": [reverse("documents:petition-create", args=[ref])],
    }


def _no_client_data(event, case):
    text = str(event.data)
    for value in (case.person.given_name, case.person.family_name, "PK-0000-0000-Z"):
        assert value not in text, (event.verb, event.data)


def test_every_page_of_a_case_record_is_one_read_each(case, supervisor, login):
    client = login(supervisor)
    for page, urls in _case_pages(case, supervisor).items():
        for url in urls:
            mark = _last_id()
            assert client.get(url).status_code == 200, url
            (event,) = _reads("case.viewed", after=mark)
            assert (event.case, event.data) == (case, {"page": page}), url
            _no_client_data(event, case)


def test_agenda_court_diary_and_outcome_queue_are_one_read_each(case, lawyer, supervisor, login):
    _hearing(case, lawyer, days=0)
    _hearing(case, lawyer, days=2)
    pages = [
        (lawyer, reverse("detainees:hearing-list") + "?view=agenda", "agenda"),
        (supervisor, reverse("detainees:court-diary"), "court_diary"),
        (supervisor, reverse("detainees:outcome-queue"), "outcome_queue"),
    ]
    for user, url, page in pages:
        mark = _last_id()
        assert login(user).get(url).status_code == 200
        (event,) = _reads("case_list.viewed", after=mark)
        assert event.data == {"page": page}
        _no_client_data(event, case)


def test_editing_a_raid_report_is_a_read(supervisor, login):
    incident = record_incident(supervisor)
    login(supervisor).get(reverse("incidents:incident-edit", args=[incident.public_id]))
    (event,) = _reads("incident.viewed")
    assert event.data == {"page": "edit"}
    assert incident.reported_by not in str(event.data)


def test_the_raid_petitions_page_listing_everyone_taken_is_a_read(supervisor, login):
    incident = record_incident(supervisor)
    assert (
        login(supervisor).get(reverse("raid-petitions", args=[incident.public_id])).status_code
        == 200
    )
    (event,) = _reads("incident.viewed")
    assert event.data == {"page": "petitions"}
