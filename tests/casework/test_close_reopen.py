"""Closing and reopening a case: with a reason, audited; retention counts from closing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Event
from casework.retention import cases_due_for_anonymisation


def test_closing_with_a_reason_starts_the_retention_clock(login, lawyer, case, org):
    client = login(lawyer)
    url = reverse("casework:case-close", args=[case.reference])
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 400
    assert client.post(url, {"reason": "Released on bail; no further hearing"}).status_code == 302
    case.refresh_from_db()
    assert case.closed_at is not None and case.status_reason.startswith("Released")
    assert Event.objects.filter(case=case, verb="case.closed").exists()
    later = case.closed_at + timedelta(days=org.retention_days + 1)
    assert case.pk in cases_due_for_anonymisation(now=later)
    assert case.pk not in cases_due_for_anonymisation(now=timezone.now())


def test_reopening_takes_the_case_out_of_retention(login, lawyer, case, org):
    client = login(lawyer)
    client.post(reverse("casework:case-close", args=[case.reference]), {"reason": "Done"})
    again = client.post(reverse("casework:case-close", args=[case.reference]), {"reason": "x"})
    assert again.status_code == 400 and "already closed" in again.content.decode()
    response = client.post(
        reverse("casework:case-reopen", args=[case.reference]), {"reason": "Re-arrested"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_at is None
    far = timezone.now() + timedelta(days=org.retention_days * 3)
    assert case.pk not in cases_due_for_anonymisation(now=far)
    assert Event.objects.filter(case=case, verb="case.reopened").exists()


def test_a_team_member_without_change_rights_cannot_close(login, case, colleague, org):
    url = reverse("casework:case-close", args=[case.reference])
    assert login(colleague).get(url).status_code == 404
    assert not Case.objects.filter(pk=case.pk, closed_at__isnull=False).exists()


def test_strangers_get_404(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(reverse("casework:case-close", args=[case.reference]))
