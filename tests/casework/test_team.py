"""The lead lawyer sets the team of their case; a new case is announced to the supervisors
and the paralegals on intake duty (references only)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case, CaseAssignment, Notification, OutboxMessage
from casework.organisation_services import intake_duty_set
from casework.outbox import sweep
from casework.services import case_assign
from tests.factories import open_case
from tests.outbox import make_due


def test_the_lead_lawyer_adds_a_paralegal_who_then_sees_the_case(
    login, lawyer, paralegal, django_capture_on_commit_callbacks
):
    case = open_case(lawyer)  # a lawyer who logs a case leads it
    client = login(lawyer)
    url = reverse("casework:case-assign", args=[case.reference])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"team": [paralegal.pk]})
    assert response.status_code == 302
    assert login(paralegal).get(f"/cases/{case.reference}/").status_code == 200
    assert Notification.objects.filter(recipient=paralegal, case=case).exists()


def test_the_lead_lawyer_cannot_hand_the_lead_over(lawyer, colleague):
    case = open_case(lawyer)
    with pytest.raises(ValidationError, match="Only a supervisor changes the lead lawyer"):
        case_assign(case=case, lead_lawyer=colleague, team=[], by=lawyer.membership)


def test_a_team_member_who_does_not_lead_cannot_set_the_team(login, case, paralegal):
    url = reverse("casework:case-assign", args=[case.reference])
    assert login(paralegal).get(url).status_code == 404


def test_strangers_get_404_from_the_team_page(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(reverse("casework:case-assign", args=[case.reference]))


def test_a_new_case_tells_the_supervisors_and_the_paralegals_on_duty(
    lawyer,
    supervisor,
    paralegal,
    colleague,
    outsiders,
    mailoutbox,
    org,
    django_capture_on_commit_callbacks,
):
    intake_duty_set(organisation=org, by=supervisor.membership, user_ids={paralegal.pk})
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(lawyer)
    told = Notification.objects.filter(subject__contains="new case")
    assert {n.recipient for n in told} == {supervisor, paralegal}
    assert all(case.person.given_name not in n.body for n in told)
    assert all(case.reference in m.subject for m in mailoutbox)


def test_a_raid_is_one_notification_each_not_one_per_detainee(
    lawyer, supervisor, django_capture_on_commit_callbacks
):
    from tests.detainees.incident_helpers import intake, record_incident

    with django_capture_on_commit_callbacks(execute=True):
        intake(lawyer, record_incident(lawyer), 5)
    told = Notification.objects.filter(recipient=supervisor, subject__contains="new cases")
    assert told.count() == 1
    assert "5 new cases" in told.get().subject


def test_only_supervisors_set_the_intake_duty(login, org, lawyer, paralegal, supervisor):
    url = reverse("accounts:intake-duty", args=[org.public_id])
    assert login(lawyer).get(url).status_code == 404
    client = login(supervisor)
    assert client.post(url, {"paralegals": [paralegal.pk]}).status_code == 302
    paralegal.membership.refresh_from_db()
    assert paralegal.membership.on_intake_duty
    assert client.post(url, {"paralegals": [lawyer.pk]}).status_code == 400


def test_another_organisation_cannot_set_our_duty(login, org, outsiders):
    url = reverse("accounts:intake-duty", args=[org.public_id])
    for user in outsiders:
        assert login(user).get(url).status_code == 404


def test_whoever_logs_a_case_is_not_told_they_were_assigned_to_it(
    lawyer, supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(lawyer)
    assert CaseAssignment.objects.filter(case=case, user=lawyer).exists()
    make_due()
    assert sweep() == 0  # nor does the sweep take the assignment for one never notified
    assert not Notification.objects.filter(recipient=lawyer).exists()
    assert not OutboxMessage.objects.filter(key__startswith="case-assigned:").exists()
    assert [m.to for m in mailoutbox] == [[supervisor.email]]  # told of the new case


def test_a_lead_lawyer_joining_their_own_team_is_not_told_so(
    lawyer, paralegal, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(paralegal)
    # A lead with no place on the team yet (as a case imported from elsewhere may have).
    Case.objects.filter(pk=case.pk).update(lead_lawyer=lawyer)
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=lawyer.membership)
    assert CaseAssignment.objects.filter(case=case, user=lawyer).exists()
    assert not Notification.objects.filter(recipient=lawyer).exists()
    assert not OutboxMessage.objects.filter(key__startswith="case-assigned:").exists()
    assert lawyer.email not in [address for m in mailoutbox for address in m.to]
