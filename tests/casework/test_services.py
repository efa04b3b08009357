from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import Case, CaseUserObjectPermission, Event, Notification, Role
from casework.selectors import case_for_user, cases_visible_to
from casework.services import case_assign, reference_allocate
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_case_open_creates_person_detention_case_and_event(lawyer):
    case = open_case(lawyer)
    assert case.reference == f"ISB-{timezone.localdate().year}-0001"
    assert case.person.match_key == "gul ahmad safi|sher mohammad"
    assert case.person.match_key_native
    assert case.detention.person == case.person
    assert case.lead_lawyer == lawyer
    assert list(case.team.all()) == [lawyer]
    event = Event.objects.get(case=case)
    assert (event.verb, event.actor) == ("case.opened", lawyer)


def test_case_open_grants_the_opener_access_but_nobody_else(lawyer, colleague):
    case = open_case(lawyer)
    assert case_for_user(lawyer, case.reference, "change_case") == case
    assert not cases_visible_to(colleague).exists()


def test_paralegal_who_opens_a_case_is_on_the_team_but_not_lead(paralegal):
    case = open_case(paralegal)
    assert case.lead_lawyer is None
    assert case_for_user(paralegal, case.reference) == case


def test_case_open_is_all_or_nothing(lawyer):
    with pytest.raises(ValidationError) as error:
        open_case(lawyer, detention={"arrested_at": timezone.now() + timedelta(days=1)})
    assert "future" in str(error.value)
    assert not Case.objects.exists()
    assert not lawyer.membership.organisation.persons.exists()


def test_case_open_requires_name_and_father_in_either_script(lawyer):
    with pytest.raises(ValidationError) as error:
        open_case(
            lawyer,
            person={"given_name": "", "given_name_native": "", "father_name_native": ""},
        )
    assert "given_name" in error.value.error_dict
    open_case(lawyer, person={"given_name": "", "father_name": ""})  # native script suffices


def test_references_count_per_organisation_and_year(org, other_org):
    assert reference_allocate(organisation=org, year=2026, count=2) == [
        "ISB-2026-0001",
        "ISB-2026-0002",
    ]
    assert reference_allocate(organisation=org, year=2026) == ["ISB-2026-0003"]
    assert reference_allocate(organisation=org, year=2027) == ["ISB-2027-0001"]
    assert reference_allocate(organisation=other_org, year=2026) == ["PEW-2026-0001"]


def test_assignment_grants_and_revokes_permissions(case, lawyer, paralegal, supervisor, colleague):
    assert case_for_user(paralegal, case.reference, "draft_petition") == case
    case_assign(case=case, lead_lawyer=colleague, team=[], by=supervisor.membership)
    case.refresh_from_db()
    assert case.lead_lawyer == colleague
    assert case_for_user(colleague, case.reference, "change_case") == case
    assert not cases_visible_to(paralegal).exists()
    assert not cases_visible_to(lawyer).exists()
    assert not CaseUserObjectPermission.objects.filter(user=paralegal).exists()
    event = case.events.filter(verb="case.assigned").first()
    assert event.data["removed"] == ["lawyer", "paralegal"]


def test_only_a_supervisor_of_the_organisation_assigns(case, lawyer, outsider, colleague):
    with pytest.raises(ValidationError):
        case_assign(case=case, lead_lawyer=colleague, team=[], by=lawyer.membership)
    with pytest.raises(ValidationError):
        case_assign(case=case, lead_lawyer=None, team=[], by=outsider.membership)


def test_cannot_assign_people_from_another_organisation_or_a_paralegal_as_lead(
    case, supervisor, paralegal, outsiders
):
    other_lawyer = next(u for u in outsiders if u.membership.role == Role.LAWYER)
    with pytest.raises(ValidationError, match="not an active member"):
        case_assign(case=case, lead_lawyer=other_lawyer, team=[], by=supervisor.membership)
    with pytest.raises(ValidationError, match="cannot lead"):
        case_assign(case=case, lead_lawyer=paralegal, team=[], by=supervisor.membership)


def test_supervisor_and_admin_see_the_whole_organisation_only(
    case, supervisor, admin_user, outsider
):
    assert list(cases_visible_to(supervisor)) == [case]
    assert list(cases_visible_to(admin_user)) == [case]
    assert not cases_visible_to(outsider).exists()


def test_assignment_notifies_new_members_once(
    case, supervisor, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_assign(case=case, lead_lawyer=colleague, team=[], by=supervisor.membership)
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert case.reference in mailoutbox[0].subject
    assert "Gul" not in mailoutbox[0].body  # no client data in email
    notification = Notification.objects.get(recipient=colleague)
    # Running the task again (a retry, a duplicate delivery) sends nothing more.
    from casework.tasks import notify_case_assigned

    notify_case_assigned(case.assignments.get(user=colleague).pk)
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=colleague).count() == 1
    assert notification.emailed_at is not None


def test_user_without_membership_sees_nothing(db, django_user_model):
    from django.http import Http404

    stranger = django_user_model.objects.create_user("nomember", password="pw")
    with pytest.raises(Http404):
        cases_visible_to(stranger)
