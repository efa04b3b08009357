"""Custody is a path: every move recorded with when, where and who said so; the clock keeps
running wherever someone is held without a magistrate's order."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Notification
from detainees.clock import detention_clock_alerts_send, is_habeas_corpus_candidate
from detainees.custody_reminders import remand_reminders_send
from detainees.models import CustodyKind, CustodyStatus
from detainees.selectors import my_expiring_remands
from detainees.services import custody_change_record
from tests.factories import open_case


def _move(case, by, kind, *, hours_ago=1, **fields):
    return custody_change_record(
        case=case, by=by, kind=kind, occurred_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )  # fmt: skip


@pytest.mark.parametrize("kind", [CustodyKind.HOLDING_CENTRE, CustodyKind.WHEREABOUTS_UNKNOWN])
def test_the_clock_keeps_running_in_a_holding_centre_or_when_nobody_says_where(
    lawyer, supervisor, kind
):
    case = open_case(lawyer, hours_ago=72)
    _move(case, lawyer, kind, hours_ago=60, place="Holding centre, Haji Camp")
    case.detention.refresh_from_db()
    assert case.detention.status != CustodyStatus.IN_CUSTODY
    assert is_habeas_corpus_candidate(case.detention)
    detention_clock_alerts_send()
    alerted = Notification.objects.filter(case=case, recipient__in=[lawyer, supervisor])
    assert alerted.count() == 2


def test_a_remand_order_is_a_production_and_stops_the_clock(lawyer):
    case = open_case(lawyer, hours_ago=30)
    _move(
        case, lawyer, CustodyKind.POLICE_REMAND, hours_ago=10,
        order_date=timezone.localdate(), remand_days=5,
    )  # fmt: skip
    case.detention.refresh_from_db()
    assert case.detention.produced_at is not None
    assert not is_habeas_corpus_candidate(case.detention)


def test_a_remand_needs_its_order_date_and_days(lawyer):
    case = open_case(lawyer, hours_ago=30)
    with pytest.raises(ValidationError) as error:
        _move(case, lawyer, CustodyKind.JUDICIAL_REMAND)
    assert set(error.value.error_dict) == {"order_date", "remand_days"}


def test_an_older_move_is_history_and_does_not_change_where_the_detainee_is(lawyer):
    case = open_case(lawyer, hours_ago=50)
    _move(case, lawyer, CustodyKind.RELEASED_ON_BAIL, hours_ago=2, outcome="bail_magistrate")
    _move(case, lawyer, CustodyKind.POLICE_LOCKUP, hours_ago=40)
    case.detention.refresh_from_db()
    assert case.detention.status == CustodyStatus.RELEASED
    assert case.detention.released_at is not None
    sentences = Event.objects.filter(case=case, verb="custody.changed").count()
    assert sentences == 2


def test_a_move_before_the_arrest_is_refused(lawyer):
    case = open_case(lawyer, hours_ago=5)
    with pytest.raises(ValidationError) as error:
        _move(case, lawyer, CustodyKind.HOLDING_CENTRE, hours_ago=6)
    assert "precede the arrest" in str(error.value)


def test_a_remand_ending_tomorrow_is_on_the_agenda_and_reminded_once(lawyer, supervisor, case):
    order_day = timezone.localdate() - timedelta(days=4)
    _move(case, lawyer, CustodyKind.POLICE_REMAND, hours_ago=1, order_date=order_day,
          remand_days=5)  # fmt: skip
    (remand,) = my_expiring_remands(lawyer, today=timezone.localdate())
    assert remand.case == case and remand.expires_on == order_day + timedelta(days=5)
    assert remand_reminders_send() == 1
    assert remand_reminders_send() == 1
    reminded = Notification.objects.filter(case=case, key__startswith="remand-expiry:")
    assert {n.recipient for n in reminded} == {lawyer, supervisor}
    assert reminded.count() == 2


def test_the_agenda_lists_remands_of_visible_cases_only(login, lawyer, colleague, case):
    _move(case, lawyer, CustodyKind.JUDICIAL_REMAND, order_date=timezone.localdate(),
          remand_days=3)  # fmt: skip
    mine = login(lawyer).get(reverse("detainees:hearing-list")).content.decode()
    assert case.reference in mine
    theirs = login(colleague).get(reverse("detainees:hearing-list")).content.decode()
    assert case.reference not in theirs


def test_recording_a_move_from_the_case_page(login, lawyer, case):
    client = login(lawyer)
    url = reverse("detainees:custody-add", args=[case.reference])
    zone = ZoneInfo(case.organisation.time_zone)
    when = (timezone.localtime(timezone=zone) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(url, {"kind": "police_remand", "occurred_at": when, "place": "PS Golra"})
    assert bad.status_code == 400
    assert "Give the date of the remand order." in bad.content.decode()
    assert 'value="PS Golra"' in bad.content.decode()  # nothing typed is lost
    response = client.post(url, {"kind": "holding_centre", "occurred_at": when,
                                 "place": "Holding centre, Haji Camp"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "Holding centre, Haji Camp" in page
    assert "recorded a move in custody: holding centre" in page


def test_police_remand_beyond_fifteen_days_is_flagged(login, lawyer, case):
    day = timezone.localdate() - timedelta(days=1)
    _move(case, lawyer, CustodyKind.POLICE_REMAND, hours_ago=2, order_date=day, remand_days=10)
    _move(case, lawyer, CustodyKind.POLICE_REMAND, hours_ago=1, order_date=day, remand_days=7)
    page = login(lawyer).get(reverse("casework:case-detail", args=[case.reference]))
    assert "17 days in all, beyond the 15 days s.167 CrPC allows" in page.content.decode()


def test_strangers_get_404(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(reverse("detainees:custody-add", args=[case.reference]))
