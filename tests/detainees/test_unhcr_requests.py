"""UNHCR verification requests: consent before sending, the answer, overdue on the agenda,
and a "verified" answer letting petitions cite Rahil Azizi."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Event
from casework.retention import case_anonymise
from casework.timeline import event_sentence
from detainees.models import UnhcrRequest
from detainees.unhcr.selectors import UNHCR_ANSWER_DAYS, unhcr_requests_overdue
from detainees.unhcr.services import unhcr_request_save
from documents.models import PetitionTemplate
from documents.petitions.context import petition_context
from documents.petitions.offers import why_not
from documents.petitions.services import petition_create
from tests.documents.petition_helpers import ensure_seeded

TODAY = timezone.localdate


def consent(days_ago: int = 20) -> dict:
    return {"consent_given_by": "The client", "consent_on": TODAY() - timedelta(days=days_ago),
            "consent_how": "signed"}  # fmt: skip


def sent(days_ago: int) -> dict:
    return {**consent(days_ago), "sent_on": TODAY() - timedelta(days=days_ago), "channel": "email"}


def test_a_request_cannot_be_marked_sent_without_the_clients_consent(case, lawyer):
    with pytest.raises(ValidationError) as error:
        unhcr_request_save(case=case, by=lawyer, fields={"sent_on": TODAY(), "channel": "email"})
    assert "consent" in error.value.message_dict["sent_on"][0]
    assert not UnhcrRequest.objects.exists()


def test_consent_then_sending_then_the_answer_each_audited(case, lawyer):
    request = unhcr_request_save(case=case, by=lawyer, fields=consent(3))
    assert request.consent_recorded_by == lawyer and request.status_label == "Ready to send"
    request = unhcr_request_save(case=case, by=lawyer, request=request, fields=sent(3))
    assert request.status_label == "Awaiting UNHCR's answer"
    answer = {**sent(3), "answer": "verified", "answered_on": TODAY(), "their_reference": "V-1"}
    request = unhcr_request_save(case=case, by=lawyer, request=request, fields=answer)
    sentences = [
        event_sentence(e.verb, e.data)
        for e in Event.objects.filter(case=case, verb__startswith="unhcr_request").order_by("pk")
    ]
    assert sentences[0] == "recorded a UNHCR verification request: Ready to send"
    assert sentences[-1].startswith("updated the UNHCR verification request: Verified (")


def test_an_answer_needs_its_date_and_other_needs_what_was_said(case, lawyer):
    with pytest.raises(ValidationError) as error:
        unhcr_request_save(case=case, by=lawyer, fields={**sent(3), "answer": "other"})
    assert set(error.value.message_dict) == {"answered_on", "answer_note"}
    with pytest.raises(ValidationError) as error:
        unhcr_request_save(case=case, by=lawyer, fields={**consent(3), "consent_how": ""})
    assert "consent_how" in error.value.message_dict


def test_overdue_after_the_answer_period_and_not_once_answered(case, lawyer):
    late = unhcr_request_save(case=case, by=lawyer, fields=sent(UNHCR_ANSWER_DAYS))
    unhcr_request_save(case=case, by=lawyer, fields=sent(UNHCR_ANSWER_DAYS - 1))
    cases = Case.objects.all()
    assert list(unhcr_requests_overdue(cases, today=TODAY())) == [late]
    unhcr_request_save(
        case=case, by=lawyer, request=late,
        fields={**sent(UNHCR_ANSWER_DAYS), "answer": "not_found", "answered_on": TODAY()},
    )  # fmt: skip
    assert list(unhcr_requests_overdue(cases, today=TODAY())) == []


def test_an_overdue_request_shows_on_the_agenda(case, lawyer, colleague, login):
    unhcr_request_save(case=case, by=lawyer, fields=sent(20))
    page = login(lawyer).get(reverse("detainees:hearing-list")).content.decode()
    assert "UNHCR verifications unanswered" in page and case.reference in page
    # Only to those who may see the case.
    assert (
        case.reference
        not in login(colleague).get(reverse("detainees:hearing-list")).content.decode()
    )


def test_the_request_page_saves_and_re_renders_bad_input(case, lawyer, login):
    client = login(lawyer)
    url = reverse("detainees:unhcr-request-create", args=[case.reference])
    bad = client.post(url, {"consent_given_by": "The client's brother", "sent_on": "2020-13-45"})
    assert bad.status_code == 400 and "The client&#x27;s brother" in bad.content.decode()
    day = (TODAY() - timedelta(days=2)).isoformat()
    fields = {"consent_given_by": "The client", "consent_on": day, "consent_how": "thumb",
              "sent_on": day, "channel": "hotline"}  # fmt: skip
    good = client.post(url, fields)
    assert good.status_code == 302
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "Awaiting UNHCR" in page


def test_request_pages_are_hidden_from_strangers(case, lawyer, assert_hidden_from_strangers):
    request = unhcr_request_save(case=case, by=lawyer, fields=consent(2))
    assert_hidden_from_strangers(reverse("detainees:unhcr-request-create", args=[case.reference]))
    assert_hidden_from_strangers(
        reverse("detainees:unhcr-request-edit", args=[case.reference, request.public_id])
    )
    assert UnhcrRequest.objects.count() == 1


def test_the_unhcr_letter_is_offered_and_drafted_only_with_consent(case, lawyer, paralegal):
    ensure_seeded()
    letter = PetitionTemplate.objects.get(organisation=None, key="unhcr-letter", language="en")
    assert "consent" in why_not(case, letter.offered_when)
    with pytest.raises(ValidationError, match="consent"):
        petition_create(case=case, template=letter, by=paralegal)
    unhcr_request_save(case=case, by=lawyer, fields=consent(1))
    assert why_not(case, letter.offered_when) == ""
    assert petition_create(case=case, template=letter, by=paralegal).pk


def test_a_verified_answer_lets_petitions_cite_rahil_azizi(case, lawyer):
    request = unhcr_request_save(case=case, by=lawyer, fields=sent(5))
    facts = petition_context(case)["facts"]
    assert (facts["unhcr_verified"], facts["unhcr_request_pending"]) == (False, True)
    unhcr_request_save(
        case=case, by=lawyer, request=request,
        fields={**sent(5), "answer": "verified", "answered_on": TODAY(), "their_reference": "V-9"},
    )  # fmt: skip
    context = petition_context(case)
    assert context["facts"]["unhcr_verified"] is True
    assert context["facts"]["unhcr_verified_reference"] == "V-9"
    assert not any(a["subject"] == "Rahil Azizi v. The State" for a in context["advice"])


def test_retention_wipes_who_consented_and_unhcrs_reference(case, lawyer):
    unhcr_request_save(
        case=case, by=lawyer,
        fields={**sent(5), "answer": "other", "answered_on": TODAY(), "their_reference": "X-1",
                "answer_note": "Registered under another name"},
    )  # fmt: skip
    days = case.organisation.retention_days
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days + 1))
    assert case_anonymise(case_id=case.pk)
    kept = UnhcrRequest.objects.get(case=case)
    assert (kept.consent_given_by, kept.their_reference, kept.answer_note) == ("", "", "")
    assert (kept.answer, kept.channel) == ("other", "email")


def test_the_letter_says_how_the_client_consented(case, lawyer, paralegal):
    from documents.models import PetitionTemplateVersion
    from documents.petitions.library import refresh_petition_library
    from documents.petitions.render import petition_html

    refresh_petition_library(PetitionTemplate, PetitionTemplateVersion)  # today's wording
    letter = PetitionTemplate.objects.get(organisation=None, key="unhcr-letter", language="en")
    request = unhcr_request_save(case=case, by=lawyer, fields={**consent(1), "consent_how": "oral"})
    html = petition_html(petition_create(case=case, template=letter, by=paralegal), [])
    assert "consented on" in html and "before a witness" in html
    assert "signed consent" not in html
    unhcr_request_save(case=case, by=lawyer, request=request, fields=consent(1))
    html = petition_html(petition_create(case=case, template=letter, by=paralegal), [])
    assert "consented in writing on" in html and "Client's signed consent" in html
