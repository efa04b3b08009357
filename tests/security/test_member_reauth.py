"""Finding 2: creating members and revoking access skipped re-authentication.

An admin session left open on a desk could create a supervisor or an admin for an
attacker's address, or lock a colleague out, with no password asked and no one told.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.models import Notification, Role
from tests.factories import member
from tests.security.test_reauth import make_stale

User = get_user_model()
CREATE = reverse("accounts:member-create")


def _new(role):
    return {"username": f"new-{role}", "email": "attacker@example.org", "role": role}


@pytest.mark.parametrize("role", [Role.LAWYER, Role.SUPERVISOR, Role.ADMIN])
def test_creating_a_member_above_paralegal_on_a_stale_session_asks_again(login, admin_user, role):
    client = login(admin_user)
    make_stale(client)
    response = client.post(CREATE, _new(role))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not User.objects.filter(username=f"new-{role}").exists()


def test_a_paralegal_can_be_created_without_asking_again(login, admin_user):
    client = login(admin_user)
    make_stale(client)
    assert client.post(CREATE, _new(Role.PARALEGAL)).status_code == 302
    assert User.objects.filter(username="new-paralegal").exists()


def test_revoking_access_on_a_stale_session_asks_again(login, admin_user, lawyer):
    client = login(admin_user)
    make_stale(client)
    response = client.post(reverse("accounts:member-revoke", args=[lawyer.membership.public_id]))
    assert response["Location"].startswith(reverse("accounts:reauth"))
    lawyer.refresh_from_db()
    assert lawyer.is_active


def test_changing_a_case_team_on_a_stale_session_asks_again(login, supervisor, case, colleague):
    """Joining a team opens the case's special-category data."""
    client = login(supervisor)
    make_stale(client)
    url = reverse("casework:case-assign", kwargs={"reference": case.reference})
    response = client.post(url, {"lead_lawyer": case.lead_lawyer_id, "team": [colleague.pk]})
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not case.assignments.filter(user=colleague).exists()


def test_other_admins_are_told_of_new_members_role_changes_and_revocations(
    login, admin_user, org, lawyer
):
    second = member(org, Role.ADMIN, "second-admin")
    client = login(admin_user)
    client.post(CREATE, _new(Role.SUPERVISOR))
    client.post(
        reverse("accounts:member-role", args=[lawyer.membership.public_id]),
        {"role": Role.SUPERVISOR},
    )
    client.post(reverse("accounts:member-revoke", args=[lawyer.membership.public_id]))
    subjects = sorted(
        Notification.objects.filter(recipient=second).values_list("subject", flat=True)
    )
    assert subjects == [
        "Access revoked: lawyer",
        "New Panah member: new-supervisor",
        "Role changed: lawyer",
    ]
    assert not Notification.objects.filter(recipient=admin_user).exists()


def test_other_admins_are_told_of_a_change_to_a_case_team(
    login, admin_user, supervisor, case, colleague
):
    """Joining a team opens the case's special-category data; the mail names only the case."""
    Notification.objects.all().delete()  # those of the fixture's own assignment
    login(supervisor).post(
        reverse("casework:case-assign", kwargs={"reference": case.reference}),
        {"lead_lawyer": case.lead_lawyer_id, "team": [colleague.pk]},
    )
    (told,) = Notification.objects.filter(recipient=admin_user)
    assert told.subject == f"Team changed: {case.reference}"
    assert "added colleague" in told.body and "removed paralegal" in told.body
    assert case.person.given_name not in told.body
    assert not Notification.objects.filter(
        recipient=supervisor, subject__startswith="Team"
    ).exists()
