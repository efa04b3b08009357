"""The 24-hour clock: arithmetic, the habeas-corpus mark and the once-only alerts."""

import threading
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Notification, Role
from casework.services import case_assign
from detainees.clock import detention_clock_alerts_send, is_habeas_corpus_candidate
from detainees.models import ClockAlert, CustodyStatus
from detainees.outcomes import outcome_record
from detainees.services import detention_update
from detainees.tasks import detention_clock_check
from tests.factories import member, open_case

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
KABUL = zoneinfo.ZoneInfo("Asia/Kabul")


def clock_keys(case):
    return sorted(
        Notification.objects.filter(case=case, key__startswith="clock:").values_list(
            "recipient__username", "key"
        )
    )


@pytest.mark.django_db
def test_hours_count_from_the_arrest_whatever_zone_the_times_are_written_in(lawyer):
    case = open_case(lawyer, hours_ago=30)
    arrested_karachi = datetime(2026, 3, 1, 23, 30, tzinfo=KARACHI)  # 18:30 UTC
    detention_update(case=case, fields={"arrested_at": arrested_karachi}, by=lawyer)
    case.detention.refresh_from_db()
    now_kabul = datetime(2026, 3, 2, 23, 0, tzinfo=KABUL)  # 18:30 UTC next day
    assert case.detention.hours_without_production(now_kabul) == 24.0
    assert case.detention.hours_without_production(now_kabul - timedelta(minutes=90)) == 22.5


@pytest.mark.django_db
def test_recorded_production_stops_the_clock_and_the_habeas_mark(lawyer):
    case = open_case(lawyer, hours_ago=30)
    assert is_habeas_corpus_candidate(case.detention)
    detention_update(
        case=case, fields={"produced_at": timezone.now() - timedelta(hours=2)}, by=lawyer
    )
    case.detention.refresh_from_db()
    assert case.detention.hours_without_production() is None
    assert not is_habeas_corpus_candidate(case.detention)


@pytest.mark.django_db
def test_release_stops_the_clock(lawyer):
    case = open_case(lawyer, hours_ago=30)
    outcome_record(case=case, outcome="released_by_police", occurred_at=timezone.now(), by=lawyer,
                   source="Released from the station")  # fmt: skip
    case.detention.refresh_from_db()
    assert case.detention.status == CustodyStatus.RELEASED
    assert case.detention.hours_without_production() is None


@pytest.mark.django_db
def test_habeas_corpus_candidate_from_exactly_24_hours(lawyer):
    case = open_case(lawyer, hours_ago=1)
    arrested = case.detention.arrested_at
    assert not is_habeas_corpus_candidate(case.detention, arrested + timedelta(hours=23.99))
    assert is_habeas_corpus_candidate(case.detention, arrested + timedelta(hours=24))


@pytest.mark.django_db
def test_case_page_marks_a_habeas_candidate_and_shows_times_in_the_org_zone(login, lawyer, org):
    org.time_zone = "Asia/Kabul"
    org.save(update_fields=["time_zone"])
    case = open_case(lawyer, hours_ago=25)
    detention_update(
        case=case, fields={"arrested_at": datetime(2026, 3, 1, 6, 0, tzinfo=UTC)},
        by=lawyer,
    )  # fmt: skip
    body = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    body = body.decode()
    assert "Habeas corpus candidate" in body
    assert "1 Mar 2026, 10:30" in body  # 06:00 UTC is 10:30 in Kabul


@pytest.mark.django_db
def test_case_page_has_no_habeas_mark_before_24_hours(login, lawyer):
    case = open_case(lawyer, hours_ago=5)
    body = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    assert b"Habeas corpus candidate" not in body


@pytest.fixture
def led_case(lawyer, paralegal, supervisor):
    case = open_case(lawyer, hours_ago=1)
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    return case


@pytest.fixture
def alerts_send(django_capture_on_commit_callbacks):
    """The beat task as a worker runs it: each alert's email goes out once it commits."""

    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return detention_clock_alerts_send(**kwargs)

    return send


def test_20_hour_alert_reaches_the_lead_lawyer_and_supervisors_once(
    alerts_send, led_case, lawyer, supervisor, admin_user, colleague, outsiders, mailoutbox
):
    second_supervisor = member(led_case.organisation, Role.SUPERVISOR, "supervisor2")
    mailoutbox.clear()
    at_20 = led_case.detention.arrested_at + timedelta(hours=20, minutes=5)
    assert alerts_send(now=at_20) == 1
    assert alerts_send(now=at_20 + timedelta(minutes=15)) == 0
    assert [u for u, _ in clock_keys(led_case)] == sorted(["lawyer", "supervisor", "supervisor2"])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [lawyer.email, supervisor.email, second_supervisor.email]
    )
    assert "20 hours" in mailoutbox[0].subject
    assert Event.objects.filter(case=led_case, verb="detention.clock_warning").count() == 1


def test_24_hour_alert_follows_the_20_hour_one_and_marks_habeas_candidate(
    alerts_send, led_case, lawyer, mailoutbox
):
    arrested = led_case.detention.arrested_at
    alerts_send(now=arrested + timedelta(hours=20.5))
    mailoutbox.clear()
    alerts_send(now=arrested + timedelta(hours=24, minutes=1))
    alerts_send(now=arrested + timedelta(hours=24, minutes=16))
    assert len(mailoutbox) == 2  # lead lawyer and the one supervisor, once each
    assert all("habeas corpus candidate" in m.subject for m in mailoutbox)
    assert all("Art. 199" in m.body for m in mailoutbox)
    assert len(clock_keys(led_case)) == 4
    assert Event.objects.filter(case=led_case, verb="detention.habeas_candidate").count() == 1


def test_alert_email_names_the_case_not_the_detainee(alerts_send, led_case, mailoutbox):
    mailoutbox.clear()
    alerts_send(now=led_case.detention.arrested_at + timedelta(hours=25))
    message = mailoutbox[0]
    assert led_case.reference in message.subject
    for secret in ("Gul Ahmad", "Safi", "Sher Mohammad", "گل احمد", "311/2026", "Golra"):
        assert secret not in message.subject + message.body


def test_alert_email_gives_the_arrest_time_in_the_organisation_zone(
    alerts_send, led_case, mailoutbox, org
):
    org.time_zone = "Asia/Kabul"
    org.save(update_fields=["time_zone"])
    arrest = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    led_case.detention.arrested_at = arrest  # a past arrest, set directly for the clock only
    led_case.detention.save(update_fields=["arrested_at"])
    mailoutbox.clear()
    alerts_send(now=arrest + timedelta(hours=21))
    assert "1 Mar 2026, 10:30 (Asia/Kabul)" in mailoutbox[0].body


def test_detention_first_seen_past_24_hours_gets_only_the_24_hour_alert(led_case):
    detention_clock_alerts_send(now=led_case.detention.arrested_at + timedelta(hours=40))
    assert set(ClockAlert.objects.values_list("threshold_hours", flat=True)) == {24}
    assert all(":24:" in key for _, key in clock_keys(led_case))


def test_no_alert_before_20_hours_nor_after_production(led_case, lawyer):
    arrested = led_case.detention.arrested_at
    assert detention_clock_alerts_send(now=arrested + timedelta(hours=19, minutes=59)) == 0
    detention_update(case=led_case, fields={"produced_at": arrested + timedelta(hours=5)},
                     by=lawyer)  # fmt: skip
    assert detention_clock_alerts_send(now=arrested + timedelta(hours=30)) == 0
    assert clock_keys(led_case) == []


def test_case_without_lead_lawyer_alerts_the_supervisors(lawyer, supervisor):
    case = open_case(supervisor, hours_ago=1)
    detention_clock_alerts_send(now=case.detention.arrested_at + timedelta(hours=21))
    assert [u for u, _ in clock_keys(case)] == ["supervisor"]


def test_other_organisations_supervisors_hear_nothing(led_case, outsiders):
    detention_clock_alerts_send(now=led_case.detention.arrested_at + timedelta(hours=21))
    assert not Notification.objects.filter(recipient__in=outsiders).exists()


def test_the_beat_task_sends_the_alerts_when_called(lawyer, supervisor):
    case = open_case(lawyer, hours_ago=22)
    assert detention_clock_check() == 1
    assert [u for u, _ in clock_keys(case)] == ["lawyer", "supervisor"]
    assert detention_clock_check() == 0


def test_unread_count_in_the_nav_shows_the_alert(login, led_case, lawyer):
    lawyer.notifications.update(read_at=timezone.now())
    detention_clock_alerts_send(now=led_case.detention.arrested_at + timedelta(hours=21))
    body = login(lawyer).get(reverse("casework:notification-list")).content.decode()
    assert 'aria-label="1 unread"' in body
    assert f"{led_case.reference} held 20 hours" in body


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_alert_each_person_once(require_postgres, mailoutbox):
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(name="Concurrent Aid", reference_prefix="CON")
    lead = member(org, Role.LAWYER, "con-lawyer")
    boss = member(org, Role.SUPERVISOR, "con-supervisor")
    cases = [open_case(lead, hours_ago=h) for h in (21, 22, 30)]
    for case in cases:
        case_assign(case=case, lead_lawyer=lead, team=[], by=boss.membership)
    mailoutbox.clear()
    now = timezone.now()
    start = threading.Barrier(4)
    errors = []

    def run():
        try:
            start.wait()
            detention_clock_alerts_send(now=now)
        except Exception as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = Notification.objects.filter(organisation=org, key__startswith="clock:").values_list(
        "key", flat=True
    )
    assert len(keys) == len(set(keys)) == 6  # three cases × (lead lawyer, supervisor)
    assert len([m for m in mailoutbox if "new case" not in m.subject]) == 6
    assert ClockAlert.objects.filter(detention__organisation=org).count() == 3
    verbs = Event.objects.filter(organisation=org, verb__startswith="detention.")
    assert verbs.count() == 3


@pytest.mark.django_db
def test_case_list_marks_habeas_candidates_and_sorts_them_first(login, supervisor, lawyer):
    fresh = open_case(lawyer, hours_ago=3)
    overdue = open_case(lawyer, hours_ago=26)
    response = login(supervisor).get(reverse("casework:case-list"))
    assert [c.reference for c in response.context["page"].items][:2] == [
        overdue.reference, fresh.reference,
    ]  # fmt: skip
    assert response.content.decode().count("habeas corpus candidate") == 1


@pytest.mark.django_db
def test_run_periodic_command_runs_the_beat_schedule_once(lawyer, supervisor):
    from django.core.management import call_command

    case = open_case(lawyer, hours_ago=21)
    call_command("run_periodic")
    assert [u for u, _ in clock_keys(case)] == ["lawyer", "supervisor"]


def test_beat_runs_the_clock_and_the_reminders_every_15_minutes():
    from django.conf import settings
    from django.utils.module_loading import import_string

    for name in ("detention-clock", "hearing-reminders"):
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert entry["schedule"] == 15 * 60
        assert import_string(entry["task"]).name == entry["task"]
