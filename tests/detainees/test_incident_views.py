import pytest
from django.urls import reverse

from casework.models import Event
from casework.services import case_assign
from detainees.models import Incident
from tests.clock import THE_MORNING_AFTER, frozen
from tests.detainees.incident_helpers import intake, record_incident
from tests.factories import open_case

# The raid below was typed on 24 November 2026 (Karachi); the clock stands two days later,
# so it is never in the future, whenever the suite runs.
pytestmark = [pytest.mark.django_db, frozen(THE_MORNING_AFTER)]

NEW = {
    "occurred_at": "2026-11-24T05:30",
    "place": "Katchi Abadi, sector I-11",
    "place_kind": "home",
    "agency": "police",
    "reported_by": "Neighbourhood contact (fictional)",
    "estimated_detained": "25",
}


def _get(login, user, url):
    client = login(user)
    response = client.get(url)
    client.logout()
    return response


def _urls(incident):
    return [
        reverse(name, args=[incident.public_id])
        for name in (
            "incidents:incident-detail", "incidents:incident-edit", "incidents:incident-intake",
            "incidents:incident-intake-csv", "incidents:incident-intake-template",
        )
    ]  # fmt: skip


def test_every_incident_page_is_404_for_the_colleague_and_every_outsider(
    lawyer, assert_hidden_from_strangers
):
    incident = record_incident(lawyer)
    intake(lawyer, incident, 2)
    for url in _urls(incident):
        assert_hidden_from_strangers(url)


def test_a_missing_incident_is_404_like_a_hidden_one(login, supervisor):
    client = login(supervisor)
    for url in _urls(Incident(pk=999_999)):
        assert client.get(url).status_code == 404


def test_creator_supervisor_and_team_members_of_linked_cases_see_the_incident(
    login, lawyer, paralegal, supervisor, admin_user
):
    incident = record_incident(paralegal)
    (case,) = intake(paralegal, incident, 1)
    url = reverse("incidents:incident-detail", args=[incident.public_id])
    for user in (paralegal, supervisor, admin_user):
        response = _get(login, user, url)
        assert response.status_code == 200, user.username
        assert case.reference in response.content.decode()
    # The lawyer is on no case of this raid until assigned to one.
    assert _get(login, lawyer, url).status_code == 404
    case_assign(case=case, lead_lawyer=lawyer, team=[], by=supervisor.membership)
    assert _get(login, lawyer, url).status_code == 200


def test_incident_page_lists_only_the_linked_cases_the_user_may_open(
    login, lawyer, colleague, supervisor
):
    incident = record_incident(supervisor)
    theirs = intake(colleague, incident, 2)
    (mine,) = intake(lawyer, incident, 1, start=3)
    page = login(lawyer).get(reverse("incidents:incident-detail", args=[incident.public_id]))
    html = page.content.decode()
    assert mine.reference in html
    assert all(case.reference not in html for case in theirs)
    assert all(case.person.given_name not in html for case in theirs)
    listing = login(lawyer).get(reverse("incidents:incident-list")).content.decode()
    # "Your cases" counts only what this lawyer can open.
    assert '<td data-label="Your cases">1</td>' in listing


def test_incident_list_shows_only_visible_incidents_of_the_organisation(
    login, lawyer, colleague, outsider
):
    mine = record_incident(lawyer, place="Sabzi Mandi, Rawalpindi")
    record_incident(colleague, place="Brick kiln, Tarnol")
    record_incident(outsider, place="Motorway toll plaza")
    html = login(lawyer).get(reverse("incidents:incident-list")).content.decode()
    assert mine.place in html
    assert "Brick kiln" not in html
    assert "Motorway toll plaza" not in html


def test_incident_list_costs_the_same_queries_for_many_incidents(
    login, lawyer, django_assert_max_num_queries
):
    client = login(lawyer)
    for n in range(30):
        incident = record_incident(lawyer, place=f"Place {n}")
        if n % 10 == 0:
            intake(lawyer, incident, 1, start=n)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("incidents:incident-list"))
    assert response.status_code == 200


def test_incident_detail_query_count_does_not_grow_with_cases(
    login, lawyer, django_assert_max_num_queries
):
    incident = record_incident(lawyer)
    intake(lawyer, incident, 25)
    client = login(lawyer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("incidents:incident-detail", args=[incident.public_id]))
    assert response.content.decode().count('data-label="Reference"') == 25


def test_creating_an_incident_records_it_and_opens_its_page(login, lawyer):
    response = login(lawyer).post(reverse("incidents:incident-create"), NEW)
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("incidents:incident-detail", args=[incident.public_id])
    assert incident.created_by == lawyer
    # Typed in Pakistan time, stored in UTC.
    assert incident.occurred_at.isoformat() == "2026-11-24T00:30:00+00:00"
    assert Event.objects.filter(verb="incident.created").count() == 1


def test_an_incident_without_a_place_re_renders_with_the_input_kept(login, lawyer):
    response = login(lawyer).post(reverse("incidents:incident-create"), {**NEW, "place": ""})
    assert response.status_code == 400
    assert "Neighbourhood contact (fictional)" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_raid_in_the_future_is_refused(login, lawyer):
    response = login(lawyer).post(
        reverse("incidents:incident-create"), {**NEW, "occurred_at": "2099-01-01T10:00"}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


def test_editing_an_incident_saves_the_change_and_records_it(login, lawyer):
    incident = record_incident(lawyer)
    url = reverse("incidents:incident-edit", args=[incident.public_id])
    response = login(lawyer).post(url, {**NEW, "estimated_detained": "40"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.estimated_detained == 40
    assert Event.objects.filter(verb="incident.updated").count() == 1


def test_template_download_is_a_utf8_csv_with_the_header(login, lawyer):
    incident = record_incident(lawyer)
    url = reverse("incidents:incident-intake-template", args=[incident.public_id])
    response = login(lawyer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").strip() == (
        "name,father_name,gender,husband_name,date_of_birth,age,age_approximate,"
        "document_kind,document_number,issued_on,expires_on"
    )


def test_case_page_links_to_its_incident(login, lawyer):
    incident = record_incident(lawyer)
    (case,) = intake(lawyer, incident, 1)
    html = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    assert reverse("incidents:incident-detail", args=[incident.public_id]).encode() in html


def test_case_page_without_incident_shows_no_incident_section(login, lawyer):
    case = open_case(lawyer)
    html = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    assert b'id="incident-h"' not in html


def test_case_timeline_says_the_case_came_from_bulk_intake(login, lawyer):
    incident = record_incident(lawyer)
    (case,) = intake(lawyer, incident, 1)
    html = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    assert b"opened the case by bulk intake after a raid" in html


def test_supervisors_get_a_link_to_petitions_for_the_whole_raid(login, lawyer, supervisor):
    incident = record_incident(lawyer)
    intake(lawyer, incident, 2)
    url = reverse("incidents:incident-detail", args=[incident.public_id])
    batch = reverse("raid-petitions", args=[incident.public_id]).encode()
    assert batch in _get(login, supervisor, url).content
    assert batch not in _get(login, lawyer, url).content


def test_link_page_is_404_for_the_colleague_and_every_outsider(
    lawyer, assert_hidden_from_strangers
):
    incident = record_incident(lawyer)
    intake(lawyer, incident, 1)
    assert_hidden_from_strangers(reverse("incidents:incident-link-case", args=[incident.public_id]))


def test_a_case_logged_separately_can_be_linked_to_the_raid(login, lawyer):
    incident = record_incident(lawyer)
    case = open_case(lawyer)
    url = reverse("incidents:incident-link-case", args=[incident.public_id])
    response = login(lawyer).post(url, {"reference": case.reference.lower()})
    assert response.status_code == 302
    case.detention.refresh_from_db()
    assert case.detention.incident_id == incident.pk
    assert case.events.filter(verb="detention.incident_linked").count() == 1


def test_linking_a_case_you_cannot_change_reads_like_a_missing_one(login, lawyer, colleague):
    incident = record_incident(lawyer)
    hidden = open_case(colleague)
    url = reverse("incidents:incident-link-case", args=[incident.public_id])
    client = login(lawyer)
    hidden_response = client.post(url, {"reference": hidden.reference})
    missing_response = client.post(url, {"reference": "ISB-2026-9999"})
    assert hidden_response.status_code == missing_response.status_code == 400
    message = "No case with this reference that you may change."
    assert message in hidden_response.content.decode()
    assert message in missing_response.content.decode()
    hidden.detention.refresh_from_db()
    assert hidden.detention.incident_id is None


def test_a_case_of_another_raid_is_not_moved(login, lawyer):
    first = record_incident(lawyer)
    (case,) = intake(lawyer, first, 1)
    second = record_incident(lawyer, place="Sabzi Mandi, Rawalpindi")
    url = reverse("incidents:incident-link-case", args=[second.public_id])
    response = login(lawyer).post(url, {"reference": case.reference})
    assert response.status_code == 400
    assert "already linked to another incident" in response.content.decode()
    case.detention.refresh_from_db()
    assert case.detention.incident_id == first.pk
