"""The audit trail page reads as sentences and survives events that have no actor."""

from django.urls import reverse

from accounts.members import member_change_role
from casework.audit import log_action
from casework.models import Role


def test_audit_page_lists_events_without_an_actor_as_panah(login, supervisor, org):
    # A failed sign-in by an unknown name, a clock alert: nobody signed in did them.
    log_action(
        "auth.login_failed", organisation=org, actor=None,
        data={"username": "nobody-here", "stage": "password"},
    )  # fmt: skip
    response = login(supervisor).get(reverse("casework:audit-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "failed sign-in as nobody-here (wrong password)" in page
    assert 'title="auth.login_failed"' in page  # the verb, for whoever needs it
    assert '<td data-label="Who">Panah</td>' in page


def test_member_history_reads_as_sentences(login, admin_user, lawyer):
    member_change_role(membership=lawyer.membership, role=Role.PARALEGAL, by=admin_user)
    history = login(admin_user).get(
        reverse("accounts:member-detail", args=[lawyer.membership.public_id])
    )
    page = history.content.decode().split("<h2>History</h2>", 1)[1]
    assert "changed the role of lawyer from lawyer to paralegal" in page
    assert "member.role_changed" not in page
