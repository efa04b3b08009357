"""Sending for approval and returning: who is told, what the email says, and the buttons
that save the text as typed before they act. Every name and number is fictional."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from casework.models import Notification, Role
from documents.models import Petition, PetitionState
from documents.petitions import notify, services
from tests.documents.petition_helpers import case_with_por, template
from tests.factories import member


@pytest.fixture
def petition(lawyer, paralegal, supervisor):
    case = case_with_por(lawyer, paralegal, supervisor)
    return services.petition_create(case=case, template=template("bail-497"), by=paralegal)


def url(name, petition, *extra):
    return reverse(f"documents:{name}", args=[petition.case.reference, petition.public_id, *extra])


def _text(**changes):
    return {
        "court": "Court of the Judicial Magistrate, Islamabad", "facts": "", "grounds": "",
        "prayer_additions": "", **changes,
    }  # fmt: skip


# Who is told ------------------------------------------------------------------------------


def test_submitting_tells_those_who_may_approve_and_nobody_else(
    petition, paralegal, lawyer, supervisor, colleague, outsider, org,
    django_capture_on_commit_callbacks, mailoutbox,
):  # fmt: skip
    senior = member(org, Role.LAWYER, "senior")
    senior.membership.approves_petitions = True
    senior.membership.save()
    assign_perm("casework.approve_petition", lawyer, petition.case)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_submit(petition=petition, by=paralegal)
    told = set(Notification.objects.filter(key__startswith="petition-submitted:").values_list(
        "recipient__username", flat=True))  # fmt: skip
    assert told == {"supervisor", "lawyer", "senior"}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        u.email for u in (supervisor, lawyer, senior)
    )
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert petition.case.reference in body
    assert str(petition.public_id) in body
    for private in ("Zarif", "Hotaki", "Nazar", "PK-7731"):
        assert private not in body


def test_an_editor_is_not_told_to_approve_what_they_edited(
    petition, paralegal, lawyer, django_capture_on_commit_callbacks
):
    assign_perm("casework.approve_petition", lawyer, petition.case)
    services.petition_update(petition=petition, by=lawyer, **_text(facts="Edited by the lawyer."))
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_submit(petition=petition, by=paralegal)
    assert not Notification.objects.filter(recipient=lawyer, key__startswith="petition-").exists()


def test_notifying_twice_notifies_once(petition, paralegal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_submit(petition=petition, by=paralegal)
    event_key = Notification.objects.get(key__startswith="petition-submitted:").key
    event_id = int(event_key.split(":")[1])
    assert notify.notify_petition_submitted(petition.pk, event_id) == 1
    assert Notification.objects.filter(key__startswith="petition-submitted:").count() == 1


def test_approving_tells_the_drafter_and_the_lead_lawyer_once_and_not_the_approver(
    petition, paralegal, lawyer, supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_submit(petition=petition, by=paralegal)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_approve(petition=petition, by=supervisor)
    approved = Notification.objects.filter(key__startswith="petition-approved:")
    assert set(approved.values_list("recipient__username", flat=True)) == {"paralegal", "lawyer"}
    body = "".join(m.subject + m.body for m in mailoutbox if "approved" in m.subject)
    assert petition.case.reference in body and str(petition.public_id) in body
    for private in ("Zarif", "Hotaki", "Nazar", "PK-7731"):
        assert private not in body
    event_id = int(approved.first().key.split(":")[1])
    notify.notify_petition_approved(petition.pk, event_id)  # a retried task
    assert approved.count() == 2


def test_returning_tells_the_drafter(
    petition, paralegal, supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    services.petition_submit(petition=petition, by=paralegal)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_return(petition=petition, by=supervisor, comment="Cite the order.")
    (note,) = Notification.objects.filter(key__startswith="petition-returned:")
    assert note.recipient == paralegal and note.case == petition.case
    assert [m.to for m in mailoutbox] == [[paralegal.email]]
    assert "Cite the order" not in mailoutbox[0].body  # the comment may name people


# Buttons that save first ------------------------------------------------------------------


def test_send_for_approval_saves_the_text_typed_before_it(login, petition, paralegal):
    response = login(paralegal).post(
        url("petition-detail", petition), {**_text(facts="Typed, never saved."), "then": "submit"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.facts == "Typed, never saved."
    assert petition.state == PetitionState.IN_REVIEW


def test_a_refused_submit_shows_the_text_again_and_saves_nothing(login, petition, paralegal):
    typed = _text(court="", facts="Typed with the heading left empty.")
    response = login(paralegal).post(url("petition-detail", petition), {**typed, "then": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Typed with the heading left empty." in page
    petition.refresh_from_db()
    assert petition.state == PetitionState.DRAFT and petition.facts == ""


def test_a_submit_refused_by_the_service_rolls_back_and_keeps_the_text(
    login, petition, paralegal, supervisor
):
    client = login(paralegal)
    page = client.get(url("petition-detail", petition))
    assert page.status_code == 200
    services.petition_submit(petition=petition, by=paralegal)  # another tab sent it already
    response = client.post(
        url("petition-detail", petition), {**_text(facts="Second thoughts."), "then": "submit"}
    )
    assert response.status_code == 400
    assert "Second thoughts." in response.content.decode()
    assert "it cannot be edited now" in response.content.decode()
    petition.refresh_from_db()
    assert petition.facts == ""


def test_taking_the_case_details_again_keeps_what_was_typed(login, petition, paralegal):
    response = login(paralegal).post(
        url("petition-detail", petition), {**_text(facts="Kept."), "then": "refresh"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.facts == "Kept."


def test_sending_for_approval_without_the_text_is_no_longer_a_separate_step(
    login, petition, paralegal
):
    response = login(paralegal).post(url("petition-transition", petition, "submit"))
    assert response.status_code == 404
    assert Petition.objects.get(pk=petition.pk).state == PetitionState.DRAFT


def test_an_unknown_button_saves_nothing_and_is_not_a_500(login, petition, paralegal):
    response = login(paralegal).post(
        url("petition-detail", petition), {**_text(facts="Kept on the page."), "then": "launch"}
    )
    assert response.status_code == 400
    assert "Kept on the page." in response.content.decode()


def test_a_refused_approval_shows_the_comment_as_typed(
    login, petition, paralegal, lawyer, supervisor
):
    services.petition_submit(petition=petition, by=paralegal)
    client = login(supervisor)
    assert (
        "Approve and prepare PDF" in client.get(url("petition-detail", petition)).content.decode()
    )
    # Meanwhile the supervisor is made an editor in another tab: approval is now refused.
    petition.editors.add(supervisor)
    response = client.post(
        url("petition-transition", petition, "approve"), {"comment": "Half a thought"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "neither drafted nor edited" in page
    assert Petition.objects.get(pk=petition.pk).state == PetitionState.IN_REVIEW


def test_the_edit_and_review_forms_warn_before_leaving_with_unsaved_text(
    login, petition, paralegal
):
    page = login(paralegal).get(url("petition-detail", petition)).content.decode()
    assert "data-keep-typed" in page
    assert "js/keep-typed.js" in page
    assert "<script>" not in page  # CSP: our own files only
    # Enter in a text field presses the first button, which only saves.
    assert page.index('value="save"') < page.index('value="submit"')


# Public ids -------------------------------------------------------------------------------


def test_the_old_integer_petition_url_is_404(login, petition, paralegal):
    client = login(paralegal)
    assert (
        client.get(f"/cases/{petition.case.reference}/petitions/{petition.pk}/").status_code == 404
    )
    assert client.get(url("petition-detail", petition)).status_code == 200


def test_a_petition_id_of_another_case_under_my_case_is_404(login, petition, paralegal, lawyer):
    other = case_with_por(lawyer, paralegal, petition.case.lead_lawyer, given="Samir")
    wrong = reverse("documents:petition-detail", args=[other.reference, petition.public_id])
    assert login(paralegal).get(wrong).status_code == 404


# An organisation-wide approver -------------------------------------------------------------


def test_a_senior_lawyer_reaches_a_petition_in_review_but_not_a_draft(
    login, petition, paralegal, colleague, django_capture_on_commit_callbacks
):
    colleague.membership.approves_petitions = True
    colleague.membership.save()
    client = login(colleague)
    assert client.get(url("petition-detail", petition)).status_code == 404
    services.petition_submit(petition=petition, by=paralegal)
    page = client.get(url("petition-detail", petition))
    assert page.status_code == 200 and page.context["may_approve"] is True
    assert (
        client.get(reverse("casework:case-detail", args=[petition.case.reference])).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("petition-transition", petition, "approve"))
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.approved_by == colleague
    # What they approved stays readable to them; its download is for the case team.
    assert client.get(url("petition-detail", petition)).status_code == 200


def test_a_colleague_without_approval_rights_gets_404_on_a_petition_in_review(
    petition, paralegal, assert_hidden_from_strangers
):
    services.petition_submit(petition=petition, by=paralegal)
    for name in ("petition-detail", "petition-status", "petition-preview"):
        assert_hidden_from_strangers(url(name, petition))
    for action in ("approve", "return"):
        assert_hidden_from_strangers(url("petition-transition", petition, action))
