"""My hearings, the supervisors' court diary, and the private calendar feed."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import Event
from casework.services import case_assign
from detainees.hearings.calendar_feed import calendar_feed_issue, calendar_feed_revoke, render_ics
from detainees.hearings.services import hearing_schedule
from detainees.models import CalendarFeed, Court
from tests.factories import open_case

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
MINE = reverse("detainees:hearing-list")
DIARY = reverse("detainees:court-diary")


@pytest.fixture
def courts(db):
    return {
        "magistrate": Court.objects.get(name="Judicial Magistrate, Islamabad (West)"),
        "sessions": Court.objects.get(name="District and Sessions Court, Rawalpindi"),
        "high": Court.objects.get(name="Islamabad High Court"),
    }


def today_at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = timezone.localtime(timezone.now(), KARACHI).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KARACHI)


def hearing(case, court, starts_at, *, by, attending=(), purpose="bail"):
    return hearing_schedule(case=case, court=court, starts_at=starts_at, purpose=purpose,
                            attending=attending, by=by)  # fmt: skip


def refs(response, key="hearings"):
    return [h.case.reference for h in response.context[key]]


@pytest.fixture
def week(case, courts, lawyer, supervisor, colleague):
    """Hearings of the lawyer's case early today, in three days and in a month; one the
    colleague attends on a case of their own tomorrow."""
    case.detention.arrested_at = timezone.now() - timedelta(days=10)
    case.detention.save(update_fields=["arrested_at"])
    theirs = open_case(colleague)
    case_assign(case=theirs, lead_lawyer=colleague, team=[], by=supervisor.membership)
    return {
        "today": hearing(case, courts["magistrate"], today_at(0, 1), by=lawyer,
                         attending=[lawyer]),
        "in_three_days": hearing(case, courts["sessions"], today_at(10, days=3), by=lawyer,
                                 purpose="remand"),
        "next_month": hearing(case, courts["high"], today_at(11, days=30), by=lawyer,
                              attending=[supervisor], purpose="habeas_corpus"),
        "colleague": hearing(theirs, courts["magistrate"], today_at(12, days=1), by=colleague,
                             attending=[colleague]),
    }  # fmt: skip


def test_my_hearings_today_week_and_agenda(login, week, lawyer, case):
    client = login(lawyer)
    assert [h.pk for h in client.get(MINE).context["hearings"]] == [week["today"].pk]
    assert [h.pk for h in client.get(MINE, {"view": "week"}).context["hearings"]] == [
        week["today"].pk, week["in_three_days"].pk,
    ]  # fmt: skip
    agenda = client.get(MINE, {"view": "agenda"}).context["hearings"]
    assert [h.pk for h in agenda] == [week["today"].pk, week["in_three_days"].pk,
                                      week["next_month"].pk]  # fmt: skip


def test_unknown_agenda_view_falls_back_to_today(login, week, lawyer):
    response = login(lawyer).get(MINE, {"view": "<script>"})
    assert response.status_code == 200
    assert response.context["view"] == "today"


def test_attending_counts_as_mine_even_on_a_case_i_do_not_lead(login, week, supervisor):
    agenda = login(supervisor).get(MINE, {"view": "agenda"}).context["hearings"]
    assert [h.pk for h in agenda] == [week["next_month"].pk]


def test_nobody_sees_hearings_of_cases_they_cannot_see(login, week, paralegal, outsiders):
    assert refs(login(paralegal).get(MINE, {"view": "agenda"})) == []
    for outsider in outsiders:
        assert refs(login(outsider).get(MINE, {"view": "agenda"})) == []


def test_past_hearings_without_result_are_listed_to_record(login, case, courts, lawyer):
    case.detention.arrested_at = timezone.now() - timedelta(days=5)
    case.detention.save(update_fields=["arrested_at"])
    past = hearing(case, courts["magistrate"], timezone.now() - timedelta(days=2), by=lawyer,
                   attending=[lawyer])  # fmt: skip
    response = login(lawyer).get(MINE)
    assert [h.pk for h in response.context["awaiting_result"]] == [past.pk]
    assert reverse("detainees:hearing-result", args=[case.reference, past.public_id]) in (
        response.content.decode()
    )


def test_my_hearings_cost_the_same_queries_however_many(
    login, case, courts, lawyer, django_assert_max_num_queries
):
    for days in (1, 2):
        hearing(case, courts["magistrate"], today_at(9, days=days), by=lawyer, attending=[lawyer])
    client = login(lawyer)
    with django_assert_max_num_queries(30) as few:
        client.get(MINE, {"view": "week"})
    for days in (3, 4, 5, 6, 6, 5):
        hearing(case, courts["sessions"], today_at(14, days=days), by=lawyer, attending=[lawyer])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MINE, {"view": "week"})
    assert len(response.context["hearings"]) == 8


def test_court_diary_groups_the_organisation_hearings_by_day_and_court(
    login, week, supervisor, courts
):
    diary = login(supervisor).get(DIARY).context["diary"]
    days = [(d.day, [(court.name, [h.pk for h in hs]) for court, hs in d.courts]) for d in diary]
    first = today_at(0).date()
    assert days == [
        (first, [(courts["magistrate"].name, [week["today"].pk])]),
        (first + timedelta(days=1), [(courts["magistrate"].name, [week["colleague"].pk])]),
        (first + timedelta(days=3), [(courts["sessions"].name, [week["in_three_days"].pk])]),
    ]


def test_court_diary_filters_by_court_and_moves_by_week(login, week, supervisor, courts):
    client = login(supervisor)
    only = client.get(DIARY, {"court": courts["sessions"].pk}).context["diary"]
    assert [h.pk for d in only for _, hs in d.courts for h in hs] == [week["in_three_days"].pk]
    later = client.get(DIARY, {"start": (today_at(0).date() + timedelta(days=28)).isoformat()})
    assert [h.pk for d in later.context["diary"] for _, hs in d.courts for h in hs] == [
        week["next_month"].pk
    ]


def test_court_diary_survives_malformed_filters(login, week, supervisor):
    response = login(supervisor).get(DIARY, {"start": "31/02/2026", "court": "abc"})
    assert response.status_code == 200
    assert len(response.context["diary"]) == 3


def test_court_diary_is_for_supervisors_and_shows_no_other_organisation(
    login, week, lawyer, outsider
):
    assert login(lawyer).get(DIARY).status_code == 404
    assert login(outsider).get(DIARY).context["diary"] == []


def test_court_diary_costs_the_same_queries_however_many_hearings(
    login, case, courts, lawyer, supervisor, django_assert_max_num_queries
):
    hearing(case, courts["magistrate"], today_at(9, days=1), by=lawyer, attending=[lawyer])
    client = login(supervisor)
    with django_assert_max_num_queries(30) as few:
        client.get(DIARY)
    for days, court in ((2, "sessions"), (3, "high"), (3, "magistrate"), (4, "sessions")):
        other = open_case(lawyer)
        hearing(other, courts[court], today_at(9, days=days), by=lawyer, attending=[lawyer])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DIARY)
    assert sum(len(hs) for d in response.context["diary"] for _, hs in d.courts) == 5


# The calendar feed ---------------------------------------------------------------------


def issue_through_the_page(client) -> str:
    response = client.post(reverse("detainees:calendar-settings"), {"action": "issue"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    url = response.context["feed_url"]
    assert url.startswith(settings.SITE_URL + "/calendar/")
    return url.removeprefix(settings.SITE_URL)


def test_feed_lists_my_hearings_without_a_session(login, week, lawyer, case):
    url = issue_through_the_page(login(lawyer))
    response = Client().get(url)  # a calendar app: no cookies, no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 3
    assert f"SUMMARY:{case.reference}: Bail hearing" in body
    assert "LOCATION:Judicial Magistrate\\, Islamabad (West)" in body
    start = week["in_three_days"].starts_at.astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in body
    assert "Habeas corpus" in body and "Remand" in body


def test_feed_carries_no_special_category_or_identifying_data(login, week, lawyer, case):
    person = case.person
    url = issue_through_the_page(login(lawyer))
    body = Client().get(url).content.decode()
    unfolded = body.replace("\r\n ", "")
    for secret in (person.given_name, person.family_name, person.father_name,
                   person.given_name_native, person.father_name_native,
                   case.detention.fir_number, case.detention.police_station,
                   case.detention.custody_location, "Gul Ahmad", "Safi", "311/2026"):  # fmt: skip
        assert secret not in unfolded, secret
    fields = {line.split(":", 1)[0].split(";")[0] for line in unfolded.split("\r\n") if line}
    assert fields <= {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD",
                      "X-WR-CALNAME", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
                      "LOCATION", "DESCRIPTION"}  # fmt: skip


def test_regenerating_revokes_the_old_feed(login, week, lawyer):
    client = login(lawyer)
    old = issue_through_the_page(client)
    new = issue_through_the_page(client)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_revoking_stops_the_feed(login, week, lawyer):
    client = login(lawyer)
    url = issue_through_the_page(client)
    response = client.post(reverse("detainees:calendar-settings"), {"action": "revoke"})
    assert response.status_code == 302
    assert Client().get(url).status_code == 404
    assert Event.objects.filter(verb="calendar_feed.revoked", actor=lawyer).count() == 1


def test_revoke_service_for_revoke_access_now(week, lawyer, org):
    token = calendar_feed_issue(user=lawyer)
    url = reverse("detainees:calendar-feed", args=[token])
    assert Client().get(url).status_code == 200
    assert calendar_feed_revoke(user=lawyer) is True
    assert calendar_feed_revoke(user=lawyer) is False
    assert Client().get(url).status_code == 404


def test_only_a_hash_of_the_token_is_stored(week, lawyer):
    token = calendar_feed_issue(user=lawyer)
    stored = CalendarFeed.objects.get(user=lawyer).token_hash
    assert token not in stored and len(stored) == 64
    assert len(token) >= 40


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "a" * 500, "%00", "..%2F..%2Fetc"])
def test_a_wrong_token_is_404(week, lawyer, token):
    calendar_feed_issue(user=lawyer)
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_a_disabled_account_feed_is_404(week, lawyer):
    token = calendar_feed_issue(user=lawyer)
    lawyer.is_active = False
    lawyer.save(update_fields=["is_active"])
    assert Client().get(reverse("detainees:calendar-feed", args=[token])).status_code == 404


def test_feed_drops_hearings_of_a_case_taken_away(week, lawyer, case, supervisor, colleague):
    token = calendar_feed_issue(user=lawyer)
    case_assign(case=case, lead_lawyer=colleague, team=[], by=supervisor.membership)
    body = Client().get(reverse("detainees:calendar-feed", args=[token])).content.decode()
    assert "BEGIN:VEVENT" not in body


def test_feed_settings_page_needs_a_session(client):
    response = client.get(reverse("detainees:calendar-settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_long_lines_are_folded_at_75_octets(week):
    hearing_ = week["today"]
    hearing_.court.name = "Judicial Magistrate, " + "Islamabad " * 12
    body = render_ics([hearing_])
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "Islamabad Islamabad" in body.replace("\r\n ", "")
