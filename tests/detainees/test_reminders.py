"""Hearing reminders: 18:00 the evening before in the organisation's zone, and a chase when
the result is still empty a day after the hearing. Both run every 15 minutes, once only."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from casework.models import Notification
from detainees.hearings.reminders import evening_reminder_at, hearing_reminders_send
from detainees.hearings.services import hearing_record_result, hearing_schedule, hearing_update
from detainees.models import Court
from detainees.tasks import hearing_reminders

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")


@pytest.fixture
def court(db):
    return Court.objects.get(name="Judicial Magistrate, Islamabad (West)")


def schedule(case, court, starts_at, *, attending, by):
    return hearing_schedule(
        case=case, court=court, starts_at=starts_at, purpose="bail", attending=attending, by=by
    )


def sent(prefix):
    return sorted(
        Notification.objects.filter(key__startswith=prefix).values_list(
            "recipient__username", flat=True
        )
    )


def in_days(days: int, hour: int, zone=KARACHI) -> datetime:
    day = timezone.localtime(timezone.now(), zone).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=zone)


def test_evening_reminder_is_at_18_00_the_day_before_in_the_organisation_zone(case, court, lawyer):
    hearing = schedule(case, court, in_days(3, 10), attending=[lawyer], by=lawyer)
    due = evening_reminder_at(hearing)
    assert due.astimezone(KARACHI) == in_days(2, 18)
    assert due.astimezone(UTC).hour == 13  # Karachi is UTC+5 all year


def test_evening_reminder_follows_another_organisation_zone(case, court, lawyer, org):
    org.time_zone = "Asia/Kabul"
    org.save(update_fields=["time_zone"])
    kabul = zoneinfo.ZoneInfo("Asia/Kabul")
    hearing = schedule(case, court, in_days(3, 9, kabul), attending=[lawyer], by=lawyer)
    hearing.refresh_from_db()
    assert evening_reminder_at(hearing).astimezone(UTC).strftime("%H:%M") == "13:30"


@pytest.fixture
def reminders_send(django_capture_on_commit_callbacks):
    """The beat task as a worker runs it: each reminder's email goes out once it commits."""

    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return hearing_reminders_send(**kwargs)

    return send


def test_attending_lawyer_is_reminded_once_from_18_00_the_evening_before(
    reminders_send, case, court, lawyer, supervisor, mailoutbox
):
    hearing = schedule(case, court, in_days(3, 10), attending=[lawyer], by=lawyer)
    due = evening_reminder_at(hearing)
    mailoutbox.clear()
    assert reminders_send(now=due - timedelta(minutes=1)) == (0, 0)
    assert sent("hearing-eve:") == []
    assert reminders_send(now=due + timedelta(minutes=3))[0] == 1
    reminders_send(now=due + timedelta(minutes=18))
    assert sent("hearing-eve:") == ["lawyer"]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject.startswith(f"Panah: hearing tomorrow, {case.reference}")
    assert "Judicial Magistrate, Islamabad (West)" in message.body
    assert "Gul Ahmad" not in message.subject + message.body


def test_no_evening_reminder_once_the_hearing_has_started(case, court, lawyer):
    hearing = schedule(case, court, in_days(3, 10), attending=[lawyer], by=lawyer)
    hearing_reminders_send(now=hearing.starts_at + timedelta(minutes=1))
    assert sent("hearing-eve:") == []


def test_moved_hearing_is_reminded_again_for_its_new_date(case, court, lawyer, supervisor):
    hearing = schedule(case, court, in_days(3, 10), attending=[lawyer], by=lawyer)
    hearing_reminders_send(now=evening_reminder_at(hearing) + timedelta(minutes=1))
    hearing_update(hearing=hearing, court=court, starts_at=in_days(4, 11), purpose="bail",
                   judge="", attending=[lawyer], by=lawyer)  # fmt: skip
    hearing_reminders_send(now=evening_reminder_at(hearing) + timedelta(minutes=1))
    assert sent("hearing-eve:") == ["lawyer", "lawyer"]


def test_hearing_nobody_attends_reminds_the_lead_lawyer(case, court, lawyer, supervisor):
    hearing = schedule(case, court, in_days(3, 10), attending=[], by=supervisor)
    hearing_reminders_send(now=evening_reminder_at(hearing))
    assert sent("hearing-eve:") == ["lawyer"]


def test_every_attending_lawyer_is_reminded(case, court, lawyer, supervisor):
    hearing = schedule(case, court, in_days(3, 10), attending=[lawyer, supervisor], by=lawyer)
    hearing_reminders_send(now=evening_reminder_at(hearing))
    assert sent("hearing-eve:") == ["lawyer", "supervisor"]


def _past_hearing(case, court, lawyer, hours_ago):
    """A hearing in the past: scheduled now for a time after the arrest."""
    case.detention.arrested_at = timezone.now() - timedelta(days=10)
    case.detention.save(update_fields=["arrested_at"])
    return schedule(
        case, court, timezone.now() - timedelta(hours=hours_ago), attending=[lawyer], by=lawyer
    )


def test_missing_result_is_chased_once_24_hours_after_the_hearing(
    reminders_send, case, court, lawyer, mailoutbox
):
    hearing = _past_hearing(case, court, lawyer, hours_ago=2)
    mailoutbox.clear()
    assert reminders_send(now=hearing.starts_at + timedelta(hours=23, minutes=59)) == (
        0, 0,
    )  # fmt: skip
    assert reminders_send(now=hearing.starts_at + timedelta(hours=24, minutes=5)) == (
        0, 1,
    )  # fmt: skip
    reminders_send(now=hearing.starts_at + timedelta(hours=24, minutes=20))
    assert sent("hearing-result:") == ["lawyer"]
    assert len(mailoutbox) == 1
    assert "record the result" in mailoutbox[0].subject


def test_recorded_result_is_not_chased(case, court, lawyer):
    hearing = _past_hearing(case, court, lawyer, hours_ago=2)
    hearing_record_result(hearing=hearing, result="Adjourned; file called", by=lawyer)
    hearing_reminders_send(now=hearing.starts_at + timedelta(hours=30))
    assert sent("hearing-result:") == []


def test_the_beat_task_sends_due_reminders_when_called(case, court, lawyer):
    _past_hearing(case, court, lawyer, hours_ago=30)
    assert hearing_reminders() == [0, 1]
    assert hearing_reminders() == [0, 1]  # still overdue, but nobody is told twice
    assert sent("hearing-result:") == ["lawyer"]
