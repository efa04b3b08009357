from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Notification
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def detail(case):
    return reverse("casework:case-detail", args=[case.reference])


def assign(case):
    return reverse("casework:case-assign", args=[case.reference])


def test_case_page_shows_person_detention_team_and_timeline(login, case, lawyer):
    response = login(lawyer).get(detail(case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gul Ahmad Safi" in body and "گل احمد" in body
    assert "Sher Mohammad" in body
    assert "311/2026" in body
    assert "Lock-up, Police Station Golra" in body
    assert "in custody without production" in body
    assert "opened the case" in body and "set the team" in body


def test_team_members_and_supervisor_see_the_case(login, case, paralegal, supervisor):
    assert login(paralegal).get(detail(case)).status_code == 200
    assert login(supervisor).get(detail(case)).status_code == 200


def test_case_page_is_hidden_from_colleague_and_outsiders(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(detail(case), methods=("get",))


def test_missing_case_is_404_like_a_hidden_one(login, supervisor, db):
    assert login(supervisor).get("/cases/ISB-1999-9999/").status_code == 404


def test_supervisor_assigns_lead_and_team(login, case, supervisor, colleague, paralegal):
    client = login(supervisor)
    assert client.get(assign(case)).status_code == 200
    response = client.post(assign(case), {"lead_lawyer": colleague.pk, "team": [paralegal.pk]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lead_lawyer == colleague
    assert set(case.team.all()) == {colleague, paralegal}


def test_assignment_with_an_unknown_user_re_renders_with_an_error(login, case, supervisor):
    response = login(supervisor).post(assign(case), {"lead_lawyer": 999999})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_team_members_who_do_not_lead_cannot_assign(login, case, paralegal):
    assert login(paralegal).get(assign(case)).status_code == 404
    assert login(paralegal).post(assign(case), {}).status_code == 404


def test_assign_is_hidden_from_colleague_and_outsiders(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(assign(case))


def test_person_and_detention_edits_are_saved_and_logged(login, case, paralegal):
    client = login(paralegal)
    url = reverse("detainees:person-edit", args=[case.reference])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(phone="0300-0000000", languages="Dari")
    assert client.post(url, data).status_code == 302
    case.person.refresh_from_db()
    assert case.person.phone == "0300-0000000"
    assert case.events.filter(verb="person.updated").exists()


def test_detention_edit_rejects_production_before_arrest_and_keeps_input(login, case, lawyer):
    client = login(lawyer)
    url = reverse("detainees:detention-edit", args=[case.reference])
    response = client.post(
        url,
        {
            "arrested_at": "2026-11-20T10:00",
            "produced_at": "2026-11-19T10:00",
            "custody_location": "Adiala Jail",
            "sections_charged": "s.14 Foreigners Act",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot precede the arrest" in body
    assert 'value="Adiala Jail"' in body
    case.detention.refresh_from_db()
    assert case.detention.custody_location != "Adiala Jail"


@pytest.mark.parametrize("name", ["detainees:person-edit", "detainees:detention-edit"])
def test_edit_views_are_hidden_from_colleague_and_outsiders(
    name, case, assert_hidden_from_strangers
):
    assert_hidden_from_strangers(reverse(name, args=[case.reference]))


def test_notifications_page_lists_and_marks_read(login, lawyer, case):
    Notification.objects.create(
        organisation=case.organisation, recipient=lawyer, case=case, key="k1", subject="Hello"
    )
    client = login(lawyer)
    response = client.get(reverse("casework:notification-list"))
    assert "Hello" in response.content.decode()
    assert response.context["unread_notifications"] == 1
    client.post(reverse("casework:notification-mark-read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_notifications_of_others_are_never_listed(login, colleague, lawyer, case):
    Notification.objects.create(
        organisation=case.organisation, recipient=lawyer, case=case, key="k2", subject="Secret"
    )
    response = login(colleague).get(reverse("casework:notification-list"))
    assert "Secret" not in response.content.decode()


def test_times_are_shown_in_the_organisation_time_zone(login, lawyer):
    from datetime import datetime

    case = open_case(lawyer, detention={"arrested_at": datetime(2026, 3, 12, 4, 0, tzinfo=UTC)})
    body = login(lawyer).get(detail(case)).content.decode()
    assert "12 Mar 2026, 09:00" in body  # 04:00 UTC is 09:00 in Asia/Karachi


def test_django_admin_is_for_superusers_only(login, supervisor, django_user_model):
    supervisor.is_staff = True
    supervisor.save()
    assert login(supervisor).get("/django-admin/").status_code == 302
    root = django_user_model.objects.create_superuser("root", "r@example.org", "pw")
    assert login(root).get("/django-admin/").status_code == 200


def test_malformed_requests_do_not_error(login, lawyer, case):
    client = login(lawyer)
    assert client.get("/cases/%00/").status_code == 404
    assert client.put(detail(case)).status_code == 405
    assert client.post(reverse("casework:case-create"), {"arrested_at": "\x00"}).status_code == 400


def test_hearing_lists_and_queues_name_the_detainee_beside_the_reference(
    login, lawyer, supervisor, case
):
    from detainees.hearings.services import hearing_record_result, hearing_schedule
    from detainees.models import Court
    from detainees.outcomes import outcome_record

    hearing = hearing_schedule(
        case=case, court=Court.objects.first(), purpose="bail", attending=[lawyer], by=lawyer,
        starts_at=timezone.now() - timezone.timedelta(hours=1),
    )  # fmt: skip
    hearing_record_result(hearing=hearing, result="Adjourned", by=lawyer)
    outcome_record(case=case, outcome="bail_refused", occurred_at=timezone.now(), by=lawyer)
    hearing_schedule(
        case=case, court=Court.objects.first(), purpose="bail", attending=[lawyer], by=lawyer,
        starts_at=timezone.now() + timezone.timedelta(days=2),
    )  # fmt: skip
    name = case.person.display_name
    mine = login(lawyer).get(reverse("detainees:hearing-list") + "?view=agenda").content.decode()
    assert f'{case.reference}</a> <span dir="auto">{name}</span>' in mine
    queue = login(supervisor).get(reverse("detainees:outcome-queue")).content.decode()
    assert f'{case.reference}</a> <span dir="auto">{name}</span>' in queue


def test_the_member_form_proposes_a_lawyer(login, admin_user):
    page = login(admin_user).get(reverse("accounts:member-create")).content.decode()
    assert '<option value="lawyer" selected>' in page


def test_the_audit_list_reads_as_sentences(login, supervisor, case):
    page = login(supervisor).get(reverse("casework:audit-list")).content.decode()
    assert "opened the case" in page
    assert "<code>case.opened</code>" not in page
