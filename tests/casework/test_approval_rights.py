"""Who approves petitions: supervisors allow a lawyer on one case, or a senior lawyer on
every case, from the interface; audited, after re-authentication; strangers get 404."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Event, Role
from casework.selectors import approval_grants
from casework.services import case_approval_set, membership_approval_set
from tests.security.test_reauth import make_stale

APPROVERS = reverse("approver-list")


def _allow(user):
    return {"user": user.membership.public_id, "approves": "1"}


def case_url(case):
    return reverse("casework:case-approvers", args=[case.reference])


def test_a_supervisor_allows_and_withdraws_a_lawyer_of_the_team(case, lawyer, supervisor):
    assert case_approval_set(case=case, user=lawyer, approves=True, by=supervisor.membership)
    assert approval_grants(case) == {lawyer.pk}
    assert not case_approval_set(case=case, user=lawyer, approves=True, by=supervisor.membership)
    assert case_approval_set(case=case, user=lawyer, approves=False, by=supervisor.membership)
    assert approval_grants(case) == set()
    verbs = list(Event.objects.filter(case=case, verb__startswith="case.approval_").order_by(
        "id").values_list("verb", "data__user"))  # fmt: skip
    assert verbs == [("case.approval_granted", "lawyer"), ("case.approval_withdrawn", "lawyer")]


def test_approval_on_a_case_is_for_a_lawyer_on_its_team(case, colleague, paralegal, supervisor):
    with pytest.raises(ValidationError, match="not on this case's team"):
        case_approval_set(case=case, user=colleague, approves=True, by=supervisor.membership)
    with pytest.raises(ValidationError, match="granted to a lawyer"):
        case_approval_set(case=case, user=paralegal, approves=True, by=supervisor.membership)


def test_only_a_supervisor_decides(case, lawyer, paralegal, outsider):
    for by in (lawyer, paralegal, outsider):
        with pytest.raises(ValidationError, match="Only a supervisor"):
            case_approval_set(case=case, user=lawyer, approves=True, by=by.membership)
        with pytest.raises(ValidationError, match="Only a supervisor"):
            membership_approval_set(membership=lawyer.membership, approves=True, by=by.membership)


def test_a_senior_lawyer_is_allowed_on_every_case_and_it_is_audited(lawyer, paralegal, supervisor):
    assert membership_approval_set(
        membership=lawyer.membership, approves=True, by=supervisor.membership
    )
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.approves_petitions
    event = Event.objects.get(verb="membership.approval_granted")
    assert event.actor == supervisor and event.object_id == str(lawyer.membership.pk)
    with pytest.raises(ValidationError, match="active lawyer"):
        membership_approval_set(
            membership=paralegal.membership, approves=True, by=supervisor.membership
        )


def test_the_case_page_leads_a_supervisor_to_the_approvers(login, case, supervisor, lawyer):
    page = login(supervisor).get(reverse("casework:case-detail", args=[case.reference]))
    assert case_url(case) in page.content.decode()
    page = login(lawyer).get(reverse("casework:case-detail", args=[case.reference]))
    assert case_url(case) not in page.content.decode()


def test_a_supervisor_allows_a_lawyer_from_the_case_approvers_page(login, case, supervisor, lawyer):
    client = login(supervisor)
    page = client.get(case_url(case))
    assert page.status_code == 200 and "Allow to approve" in page.content.decode()
    response = client.post(case_url(case), _allow(lawyer))
    assert response.status_code == 302
    assert approval_grants(case) == {lawyer.pk}
    assert "Withdraw" in client.get(case_url(case)).content.decode()


def test_changing_approvers_on_a_stale_session_asks_again(login, case, supervisor, lawyer):
    client = login(supervisor)
    make_stale(client)
    response = client.post(case_url(case), _allow(lawyer))
    assert response["Location"].startswith(reverse("accounts:reauth"))
    response = client.post(APPROVERS, _allow(lawyer))
    assert response["Location"].startswith(reverse("accounts:reauth"))
    lawyer.membership.refresh_from_db()
    assert approval_grants(case) == set() and not lawyer.membership.approves_petitions


def test_bad_input_is_a_400_with_a_message_not_a_500(login, case, supervisor, paralegal):
    client = login(supervisor)
    for data in ({"user": "x", "approves": "1"}, _allow(paralegal), {"approves": "maybe"}):
        assert client.post(case_url(case), data).status_code == 400
        assert client.post(APPROVERS, data).status_code == 400


def test_the_organisation_wide_page_and_the_member_page(login, lawyer, supervisor, admin_user):
    client = login(supervisor)
    page = client.get(APPROVERS).content.decode()
    assert "Allow to approve on every case" in page
    assert client.post(APPROVERS, _allow(lawyer)).status_code == 302
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.approves_petitions
    member_page = login(admin_user).get(
        reverse("accounts:member-detail", kwargs={"member_id": lawyer.membership.public_id})
    )
    assert "Withdraw approval on every case" in member_page.content.decode()


def test_lawyers_paralegals_and_strangers_get_404(
    login, case, lawyer, paralegal, colleague, outsiders, assert_hidden_from_strangers
):
    assert_hidden_from_strangers(case_url(case))
    for user in (lawyer, paralegal, colleague, *outsiders):
        client = login(user)
        if user.membership.role not in (Role.ADMIN, Role.SUPERVISOR):
            assert client.get(APPROVERS).status_code == 404
            assert client.post(APPROVERS, _allow(lawyer)).status_code == 404
        assert client.get(case_url(case)).status_code == 404
    other_lawyer = next(u for u in outsiders if u.membership.role == Role.LAWYER)
    other_supervisor = next(u for u in outsiders if u.membership.role == Role.SUPERVISOR)
    response = login(other_supervisor).post(APPROVERS, _allow(lawyer))
    assert response.status_code == 400  # not one of their lawyers
    lawyer.membership.refresh_from_db()
    assert not lawyer.membership.approves_petitions
    assert other_lawyer.membership.organisation_id != lawyer.membership.organisation_id
