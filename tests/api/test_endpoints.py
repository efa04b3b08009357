"""Each endpoint's happy path through a token, and the 404 rule for everyone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Event
from detainees.models import Court
from tests.api.conftest import token_client
from tests.documents.petition_helpers import ensure_seeded


def _iso(hours_ago: float) -> str:
    return (timezone.now() - timedelta(hours=hours_ago)).isoformat()


INTAKE = {
    "given_name": "Rahmatullah",
    "father_name": "Abdul Wali",
    "arrested_at": None,
    "custody_location": "Lock-up, Police Station Tarnol",
    "document_kind": "por",
    "document_number": "PK-5510-2231-Q",
}


def test_lawyer_opens_a_case_and_reads_it_back(lawyer):
    api = token_client(lawyer)
    response = api.post("/api/v1/cases/", {**INTAKE, "arrested_at": _iso(5)}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    reference = body["reference"]
    assert body["person"]["given_name"] == "Rahmatullah"
    assert body["detention"]["custody_location"] == "Lock-up, Police Station Tarnol"
    # Through the intake service: the same timeline events as the web form.
    verbs = set(Event.objects.filter(case__reference=reference).values_list("verb", flat=True))
    assert {"case.opened", "document.added"} <= verbs
    listed = api.get("/api/v1/cases/").json()
    assert [c["reference"] for c in listed["results"]] == [reference]
    assert listed["next"] is None
    assert api.get(f"/api/v1/cases/{reference}/").json()["lead_lawyer"] == "lawyer"


def test_a_possible_duplicate_waits_for_confirm_new(lawyer, case):
    api = token_client(lawyer)
    data = {
        "given_name": "Gul Ahmad", "family_name": "Safi", "father_name": "Sher Mohammad",
        "arrested_at": _iso(2), "custody_location": "Central Jail",
    }  # fmt: skip
    refused = api.post("/api/v1/cases/", data, format="json")
    assert refused.status_code == 409
    assert case.reference in refused.json()["message"]
    confirmed = api.post("/api/v1/cases/", {**data, "confirm_new": True}, format="json")
    assert confirmed.status_code == 201


def test_service_validation_reaches_the_client_under_its_field(lawyer):
    api = token_client(lawyer)
    data = {**INTAKE, "arrested_at": (timezone.now() + timedelta(days=2)).isoformat()}
    response = api.post("/api/v1/cases/", data, format="json")
    assert response.status_code == 400
    assert response.json()["field_errors"]["arrested_at"] == ["The arrest cannot be in the future."]


def test_person_and_detention_are_read_and_changed_through_the_services(lawyer, case):
    api = token_client(lawyer)
    url = f"/api/v1/cases/{case.reference}/"
    assert api.get(url + "person/").json()["father_name"] == "Sher Mohammad"
    changed = api.patch(url + "person/", {"languages": "Pashto, Dari"}, format="json")
    assert changed.status_code == 200 and changed.json()["languages"] == "Pashto, Dari"
    produced = api.patch(url + "detention/", {"produced_at": _iso(1)}, format="json")
    assert produced.status_code == 200
    assert produced.json()["hours_without_production"] is None
    verbs = list(case.events.values_list("verb", flat=True))
    assert "person.updated" in verbs and "detention.updated" in verbs


def test_documents_come_with_their_coverage_on_the_arrest_day(lawyer, case):
    ensure_seeded()
    api = token_client(lawyer)
    url = f"/api/v1/cases/{case.reference}/documents/"
    added = api.post(
        url, {"kind": "unhcr_refugee", "number": "UN 123-456", "expires_on": "2099-01-01"},
        format="json",
    )  # fmt: skip
    assert added.status_code == 201, added.json()
    row = added.json()
    assert row["coverage_on_arrest_day"]["status"] == "covered"
    assert row["verification"] == "unverified"
    document_id = row["document"]["id"]
    assert api.get(f"{url}{document_id}/").json()["document"]["number"] == "UN 123-456"
    assert [
        r["document"]["id"] for r in api.get(url + "?kind=unhcr_refugee").json()["results"]
    ] == [document_id]
    assert api.get(url + "?kind=acc").json()["results"] == []


def test_coverage_check_names_the_rule_and_its_source(lawyer):
    ensure_seeded()
    response = token_client(lawyer, "read").get(
        "/api/v1/coverage/",
        {"kind": "por", "expiry": "2023-06-30", "issued": "2021-09-20", "on": "2024-05-01"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "covered"
    assert body["rule"]["valid_until"] == "2024-06-30"
    assert body["rule"]["source_title"]


def test_hearings_are_scheduled_and_listed(lawyer, case):
    api = token_client(lawyer)
    court = Court.objects.filter(is_active=True).order_by("pk").first()
    assert api.get("/api/v1/courts/").json()["results"][0]["id"]
    url = f"/api/v1/cases/{case.reference}/hearings/"
    created = api.post(
        url,
        {"court": court.pk, "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
         "purpose": "bail", "attending": ["lawyer"]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    assert created.json()["attending"] == ["lawyer"]
    hearing_id = created.json()["id"]
    assert api.get(f"{url}{hearing_id}/").json()["court"]["name"] == court.name
    assert len(api.get(url + "?upcoming=true").json()["results"]) == 1
    stranger = api.post(
        url, {"court": court.pk, "starts_at": _iso(-30), "purpose": "bail",
              "attending": ["colleague"]}, format="json",
    )  # fmt: skip
    assert stranger.status_code == 400 and "attending" in stranger.json()["field_errors"]


def test_incidents_are_recorded_and_listed(supervisor):
    api = token_client(supervisor)
    created = api.post(
        "/api/v1/incidents/",
        {"occurred_at": _iso(6), "place": "Sabzi Mandi, Islamabad", "agency": "police"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    incident_id = created.json()["id"]
    assert api.get(f"/api/v1/incidents/{incident_id}/").json()["place"] == "Sabzi Mandi, Islamabad"
    assert [i["id"] for i in api.get("/api/v1/incidents/?agency=police").json()["results"]] == [
        incident_id
    ]


def test_petition_from_draft_to_downloaded_pdf(
    lawyer, supervisor, case, django_capture_on_commit_callbacks
):
    ensure_seeded()
    drafter, approver = token_client(lawyer), token_client(supervisor)
    templates = drafter.get("/api/v1/petition-templates/?page_size=100").json()["results"]
    assert "bail-497" in {t["key"] for t in templates}
    url = f"/api/v1/cases/{case.reference}/petitions/"
    draft = drafter.post(url, {"template": "bail-497"}, format="json")
    assert draft.status_code == 201, draft.json()
    petition = f"{url}{draft.json()['id']}/"
    edited = drafter.patch(petition, {"court": "Court of the Sessions Judge, Islamabad",
                                      "facts": "Arrested at his home."}, format="json")  # fmt: skip
    assert edited.status_code == 200 and edited.json()["facts"] == "Arrested at his home."
    assert drafter.post(petition + "submit/").json()["state"] == "in_review"
    # Four eyes: the drafter cannot approve their own petition.
    own = drafter.post(petition + "approve/")
    assert own.status_code == 400 and "neither drafted nor edited" in own.json()["message"]
    assert drafter.get(petition + "pdf/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        approved = approver.post(petition + "approve/")
    assert approved.status_code == 200
    status = drafter.get(petition).json()
    assert status["state"] == "ready" and status["pdf_ready"] is True
    pdf = drafter.get(petition + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert drafter.get(url + "?state=ready").json()["results"][0]["id"] == draft.json()["id"]


@pytest.mark.parametrize(
    "path",
    ["", "person/", "detention/", "documents/", "hearings/", "petitions/"],
)
def test_the_colleague_and_outsiders_get_404_on_every_case_endpoint(
    path, case, colleague, outsiders
):
    for user in [colleague, *outsiders]:
        api = token_client(user)
        url = f"/api/v1/cases/{case.reference}/{path}"
        assert api.get(url).status_code == 404, (user.username, url)
        method = api.patch if path in ("person/", "detention/") else api.post
        assert method(url, {}, format="json").status_code in (404, 405), (user.username, url)


def test_strangers_get_404_for_objects_of_the_case(lawyer, case, colleague, outsider):
    ensure_seeded()
    api = token_client(lawyer)
    document = api.post(
        f"/api/v1/cases/{case.reference}/documents/", {"kind": "acc"}, format="json"
    ).json()["document"]["id"]
    petition = api.post(
        f"/api/v1/cases/{case.reference}/petitions/", {"template": "bail-497"}, format="json"
    ).json()["id"]
    base = f"/api/v1/cases/{case.reference}"
    for user in (colleague, outsider):
        stranger = token_client(user)
        for url in (f"{base}/documents/{document}/", f"{base}/petitions/{petition}/",
                    f"{base}/petitions/{petition}/pdf/"):  # fmt: skip
            assert stranger.get(url).status_code == 404
        assert stranger.post(f"{base}/petitions/{petition}/submit/").status_code == 404
    # Nothing of the case shows in their lists either.
    assert token_client(outsider).get("/api/v1/cases/").json()["results"] == []
    assert token_client(colleague).get("/api/v1/cases/").json()["results"] == []


def test_an_incident_is_404_for_the_other_organisation(supervisor, outsider):
    incident = token_client(supervisor).post(
        "/api/v1/incidents/", {"occurred_at": _iso(3), "place": "Katchi Abadi, G-7"},
        format="json",
    ).json()["id"]  # fmt: skip
    assert token_client(outsider).get(f"/api/v1/incidents/{incident}/").status_code == 404


def test_petition_returned_with_comments_then_rendered_again(
    lawyer, supervisor, case, django_capture_on_commit_callbacks
):
    ensure_seeded()
    drafter, approver = token_client(lawyer), token_client(supervisor)
    url = f"/api/v1/cases/{case.reference}/petitions/"
    petition = f"{url}{drafter.post(url, {'template': 'bail-497'}, format='json').json()['id']}/"
    drafter.post(petition + "submit/")
    empty = approver.post(petition + "return/", {"comment": ""}, format="json")
    assert empty.status_code == 400 and "comment" in empty.json()["field_errors"]
    returned = approver.post(petition + "return/", {"comment": "Add the FIR date."}, format="json")
    assert returned.status_code == 200
    assert returned.json()["state"] == "draft"
    assert returned.json()["review_comment"] == "Add the FIR date."
    drafter.post(petition + "submit/")
    with django_capture_on_commit_callbacks(execute=True):
        approver.post(petition + "approve/")
    first = drafter.get(petition).json()["rendered_at"]
    with django_capture_on_commit_callbacks(execute=True):
        again = drafter.post(petition + "render/")
    assert again.status_code == 200
    after = drafter.get(petition).json()
    assert after["state"] == "ready" and after["rendered_at"] > first


def test_courts_and_templates_filter(lawyer):
    ensure_seeded()
    api = token_client(lawyer, "read")
    high = api.get("/api/v1/courts/?level=high_court&page_size=100").json()["results"]
    assert high and all(c["level"] == "high_court" for c in high)
    urdu = api.get("/api/v1/petition-templates/?language=ur").json()["results"]
    assert urdu and all(t["language"] == "ur" for t in urdu)
