from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casework.models import Event
from documents.models import IdentityDocument, StoredFile, VerificationAttempt
from documents.services import document_add, number_pattern_save
from tests.documents.samples import gps_of, pdf_bytes, png_bytes, upload
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]
KARACHI = ZoneInfo("Asia/Karachi")


def arrested(day: str):
    return {"arrested_at": datetime.fromisoformat(day).replace(hour=9, tzinfo=KARACHI)}


def add_url(case):
    return reverse("documents:document-add", args=[case.reference])


def detail(case):
    return reverse("casework:case-detail", args=[case.reference])


NASRIN = {"given_name": "Nasrin", "father_name": "Din Mohammad", "given_name_native": "",
          "father_name_native": ""}  # fmt: skip
POR = {"kind": "por", "number": "ab-123 4567", "expires_on": "2023-06-30", "original_seen": "on"}


def test_paralegal_adds_a_por_card_with_a_photo(case, paralegal, login):
    photo = upload("front.png", png_bytes(with_gps=True), "image/png")
    response = login(paralegal).post(add_url(case), {**POR, "scans": [photo]})
    assert response.status_code == 302
    document = IdentityDocument.objects.get()
    assert document.number == "ab-123 4567"
    assert document.number_normalised == "AB1234567"
    assert document.person_id == case.person_id and document.original_seen
    (scan,) = document.scans.all()
    assert scan.original_name == "front.png" and scan.case_id == case.pk
    with scan.file.open("rb") as handle:
        assert gps_of(handle.read()) == {}
    assert Event.objects.filter(verb="document.added", case=case).exists()


def test_bad_scan_keeps_what_was_typed_and_saves_nothing(case, paralegal, login):
    bad = upload("front.jpg", b"%PDF-1.7\n" + b"not a pdf " * 50, "image/jpeg")
    response = login(paralegal).post(add_url(case), {**POR, "scans": [bad]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "front.jpg: The PDF could not be read" in body
    assert 'value="ab-123 4567"' in body
    assert not IdentityDocument.objects.exists()
    assert not StoredFile.objects.exists()


def test_expiry_before_issue_is_refused_with_a_message(case, paralegal, login):
    data = {**POR, "issued_on": "2024-01-01", "expires_on": "2023-06-30"}
    response = login(paralegal).post(add_url(case), data)
    assert response.status_code == 400
    assert "cannot be before the issue date" in response.content.decode()


def test_malformed_post_is_a_400_not_a_500(case, paralegal, login):
    response = login(paralegal).post(add_url(case), {"kind": "spaceship", "expires_on": "soon"})
    assert response.status_code == 400


def test_case_page_shows_coverage_on_the_day_of_arrest_with_citation(lawyer, login):
    case = open_case(lawyer, detention=arrested("2024-10-01"))
    document_add(case=case, fields={"kind": "por", "number": "X1", "expires_on": date(2023, 6, 30),
                                    "issued_on": date(2021, 9, 20)}, by=lawyer)  # fmt: skip
    body = login(lawyer).get(detail(case)).content.decode()
    assert "Day of arrest 1 Oct 2024" in body
    assert "Covered on the day of arrest" in body
    assert "valid until 30 Jun 2025 by Federal cabinet decision of 10 Jul 2024" in body
    assert "The News: Afghan refugees" in body
    assert "timeline rule version 2" in body  # corrected by migration 0006
    assert "added a document: PoR card (Proof of Registration)" in body


@pytest.mark.parametrize(
    "day, expiry, verdict",
    [
        ("2025-08-05", date(2023, 6, 30), "Not covered"),
        ("2017-10-10", date(2015, 12, 31), "Unknown"),
    ],
)
def test_case_page_says_not_covered_or_unknown_honestly(lawyer, login, day, expiry, verdict):
    case = open_case(lawyer, detention=arrested(day))
    document_add(case=case, fields={"kind": "por", "expires_on": expiry}, by=lawyer)
    body = login(lawyer).get(detail(case)).content.decode()
    assert f"{verdict} on " in body


def test_case_page_without_documents_says_so(case, lawyer, login):
    body = login(lawyer).get(detail(case)).content.decode()
    assert "No documents recorded" in body


def test_case_page_query_count_does_not_grow_with_documents(
    case, lawyer, login, django_assert_max_num_queries
):
    client = login(lawyer)
    document_add(case=case, fields={"kind": "por", "number": "A1"}, by=lawyer)
    with django_assert_max_num_queries(60) as few:
        client.get(detail(case))
    for n in range(6):
        document_add(case=case, fields={"kind": "acc", "number": f"B{n}"}, by=lawyer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail(case))


def test_duplicate_number_links_to_a_case_the_user_may_open(case, lawyer, supervisor, login):
    other = open_case(lawyer, person=NASRIN)
    document_add(case=other, fields={"kind": "por", "number": "AB 1234567"}, by=lawyer)
    response = login(lawyer).post(add_url(case), {**POR}, follow=True)
    body = response.content.decode()
    assert "A record with this number already exists" in body
    assert reverse("casework:case-detail", args=[other.reference]) in body


def test_duplicate_number_on_a_hidden_case_only_says_ask_a_supervisor(
    case, paralegal, colleague, login
):
    hidden = open_case(colleague, person=NASRIN)
    document_add(case=hidden, fields={"kind": "acc", "number": "AB-1234567"}, by=colleague)
    body = login(paralegal).post(add_url(case), {**POR}, follow=True).content.decode()
    assert "A record with this number exists; ask a supervisor." in body
    assert hidden.reference not in body
    assert "Nasrin" not in body


def test_number_breaking_the_pattern_is_saved_with_a_warning(case, paralegal, admin_user, login):
    number_pattern_save(
        kind="por", pattern=r"[A-Z]{2}\d{9}", description="two letters, nine digits", by=admin_user
    )
    response = login(paralegal).post(add_url(case), {**POR}, follow=True)
    assert IdentityDocument.objects.count() == 1
    assert "does not match the usual format" in response.content.decode()


def test_recording_checks_derives_the_verification_status(case, paralegal, login):
    document = document_add(case=case, fields={"kind": "por"}, by=paralegal)
    url = reverse("documents:verification-add", args=[case.reference, document.public_id])
    client = login(paralegal)
    evidence = upload("unhcr-letter.pdf", pdf_bytes(), "application/pdf")
    response = client.post(url, {"method": "unhcr", "result": "genuine", "notes": "Letter of 3 May",
                                 "evidence": [evidence]})  # fmt: skip
    assert response.status_code == 302
    attempt = VerificationAttempt.objects.get()
    assert attempt.checked_by == paralegal
    assert attempt.evidence.get().purpose == "verification_evidence"
    assert "Verified genuine" in client.get(detail(case)).content.decode()
    client.post(url, {"method": "nadra", "result": "not_genuine"})
    assert "Conflicting results" in client.get(detail(case)).content.decode()


def test_check_in_the_future_is_refused(case, paralegal, login):
    document = document_add(case=case, fields={"kind": "por"}, by=paralegal)
    url = reverse("documents:verification-add", args=[case.reference, document.public_id])
    response = login(paralegal).post(
        url, {"method": "copy", "result": "genuine", "checked_at": "2999-01-01T10:00"}
    )
    assert response.status_code == 400
    assert not VerificationAttempt.objects.exists()


def test_scans_can_be_added_later(case, paralegal, login):
    document = document_add(case=case, fields={"kind": "acc"}, by=paralegal)
    url = reverse("documents:document-scan-add", args=[case.reference, document.public_id])
    client = login(paralegal)
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"scans": [upload("back.png", png_bytes())]})
    assert response.status_code == 302
    assert document.scans.count() == 1


@pytest.mark.parametrize(
    "name", ["document-add", "document-edit", "document-scan-add", "verification-add"]
)
def test_document_pages_are_hidden_from_strangers(
    case, paralegal, name, assert_hidden_from_strangers
):
    document = document_add(case=case, fields={"kind": "por"}, by=paralegal)
    args = [case.reference] if name == "document-add" else [case.reference, document.public_id]
    assert_hidden_from_strangers(reverse(f"documents:{name}", args=args))
    assert IdentityDocument.objects.count() == 1


@pytest.mark.parametrize("name", ["document-edit", "document-scan-add", "verification-add"])
def test_document_of_another_case_is_404(case, paralegal, lawyer, login, name):
    other = open_case(lawyer)
    document = document_add(case=other, fields={"kind": "por"}, by=lawyer)
    url = reverse(f"documents:{name}", args=[case.reference, document.public_id])
    assert login(paralegal).get(url).status_code == 404
    assert login(paralegal).post(url, {"method": "copy", "result": "genuine"}).status_code == 404


def test_correcting_the_expiry_changes_the_verdict_and_is_logged(
    lawyer, paralegal, supervisor, login
):
    from casework.services import case_assign

    case = open_case(lawyer, detention=arrested("2025-08-05"))
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    document = document_add(
        case=case, fields={"kind": "visa", "expires_on": date(2025, 7, 31)}, by=paralegal
    )
    client = login(paralegal)
    assert "Not covered on 5 Aug 2025" in client.get(detail(case)).content.decode()
    url = reverse("documents:document-edit", args=[case.reference, document.public_id])
    assert client.get(url).status_code == 200
    data = {"kind": "visa", "number": "v-77", "expires_on": "2025-12-31"}
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.number_normalised == "V77"
    assert "Covered on 5 Aug 2025" in client.get(detail(case)).content.decode()
    event = Event.objects.get(verb="document.updated")
    assert event.data["fields"] == ["number", "expires_on"]
    bad = client.post(url, {**data, "issued_on": "2026-01-01"})
    assert bad.status_code == 400
    assert "cannot be before the issue date" in bad.content.decode()


def test_form_previews_the_verdict_before_saving(lawyer, login):
    case = open_case(lawyer, detention=arrested("2024-03-12"))
    client = login(lawyer)
    assert 'id="coverage-preview"' in client.get(add_url(case)).content.decode()
    url = reverse("documents:coverage-preview", args=[case.reference])
    response = client.get(url, {"kind": "por", "expires_on": "2023-06-30"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unknown on 12 Mar 2024" in body and "31 Mar 2024 (inferred)" in body
    assert "Record the issue date" in body
    assert "Covered on 12 Mar 2024" in client.get(url, {"kind": "acc"}).content.decode()
    passport = client.get(url, {"kind": "passport", "expires_on": "2030-01-01"})
    assert "gives no right of stay by itself" in passport.content.decode()
    assert client.get(url, {"kind": "nonsense", "expires_on": "x"}).status_code == 400
    assert not IdentityDocument.objects.exists()


def test_preview_is_hidden_from_strangers(case, assert_hidden_from_strangers):
    url = reverse("documents:coverage-preview", args=[case.reference])
    assert_hidden_from_strangers(f"{url}?kind=por")
