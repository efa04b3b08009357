"""Notifications are worded for whoever receives them: each recipient's subject and body,
in the app and by email, are in the language their membership keeps, whatever language
the person or worker that caused them was using."""

import re

import pytest
from django.utils import translation

from accounts.members import member_create
from casework.models import Membership, Notification, Role
from casework.organisation_services import intake_duty_set
from casework.services import case_assign
from tests.factories import member, open_case

pytestmark = pytest.mark.django_db

URDU = re.compile(r"[\u0600-\u06ff]")


def _reads_urdu(user):
    Membership.objects.filter(user=user).update(language="ur")


def _mail_to(mailoutbox, user):
    return [message for message in mailoutbox if message.to == [user.email]]


def test_an_urdu_member_is_told_of_an_assignment_in_urdu(
    lawyer, paralegal, supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    _reads_urdu(paralegal)
    case = open_case(lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    [email] = _mail_to(mailoutbox, paralegal)
    assert email.subject == f"پناہ: آپ کو مقدمہ {case.reference} پر مقرر کیا گیا ہے"
    assert "آپ کو مقدمہ" in email.body and "You have been added" not in email.body
    assert f"/cases/{case.reference}/" in email.body  # the link survives the translation
    in_app = Notification.objects.get(recipient=paralegal, case=case)
    assert (in_app.subject, in_app.body) == (email.subject, email.body)


def test_each_recipient_reads_a_new_case_in_their_own_language_not_the_senders(
    org, lawyer, supervisor, paralegal, mailoutbox, django_capture_on_commit_callbacks
):
    _reads_urdu(supervisor)
    intake_duty_set(organisation=org, by=supervisor.membership, user_ids={paralegal.pk})
    # The lawyer who opens the case is working in Urdu; the paralegal never chose Urdu.
    with translation.override("ur"), django_capture_on_commit_callbacks(execute=True):
        case = open_case(lawyer)
    [to_supervisor] = _mail_to(mailoutbox, supervisor)
    [to_paralegal] = _mail_to(mailoutbox, paralegal)
    assert to_supervisor.subject == f"پناہ: نیا مقدمہ {case.reference}"
    assert to_paralegal.subject == f"Panah: new case {case.reference}"
    assert not URDU.search(to_paralegal.body)


def test_other_admins_hear_of_a_new_member_each_in_their_language(org, admin_user, mailoutbox):
    urdu_admin = member(org, Role.ADMIN)
    english_admin = member(org, Role.ADMIN)
    _reads_urdu(urdu_admin)
    member_create(
        organisation=org, by=admin_user, username="farida", email="farida@example.org",
        first_name="Farida", last_name="Noori", role=Role.PARALEGAL,
    )  # fmt: skip
    [in_urdu] = Notification.objects.filter(recipient=urdu_admin)
    [in_english] = Notification.objects.filter(recipient=english_admin)
    assert in_urdu.subject == "پناہ کا نیا رکن: farida"
    assert "farida" in in_urdu.body and "Done by" not in in_urdu.body
    assert in_english.subject == "New Panah member: farida"
    assert in_english.body.endswith("check the audit trail now.")


def test_a_member_who_never_chose_a_language_is_written_to_in_the_default(lawyer, settings):
    from casework.notifications import language_of

    assert language_of(lawyer) == settings.LANGUAGE_CODE
    Membership.objects.filter(user=lawyer).update(language="xx")  # no longer offered
    assert language_of(lawyer) == settings.LANGUAGE_CODE
    _reads_urdu(lawyer)
    assert language_of(lawyer) == "ur"
