"""The case list's order keys stored on the case row follow the detention and the risk
screening whichever way they are written: through the services, a queryset update, or a
whole-row save of a case object read before the change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case
from detainees.models import CustodyKind, CustodyStatus, Detention, RiskScreening
from detainees.risk.services import risk_screening_save
from detainees.services import custody_change_record, detention_update
from tests.factories import open_case

pytestmark = pytest.mark.django_db
HIGH = {"level": "high", "groups": ["lgbtqi"], "notes": "Fictional: threatened by relatives."}


def keys(case):
    row = Case.objects.values("list_urgent", "list_awaiting", "list_arrested_at").get(pk=case.pk)
    return row["list_urgent"], row["list_awaiting"], row["list_arrested_at"]


def test_a_new_case_is_awaiting_production_from_its_arrest(lawyer):
    case = open_case(lawyer, hours_ago=5)
    assert keys(case) == (False, True, Detention.objects.get(pk=case.detention_id).arrested_at)


def test_production_and_a_new_arrest_time_move_the_case(lawyer):
    case = open_case(lawyer, hours_ago=30)
    earlier = timezone.now() - timedelta(hours=40)
    detention_update(case=case, fields={"arrested_at": earlier}, by=lawyer)
    assert keys(case)[2] == Detention.objects.get(pk=case.detention_id).arrested_at
    produced = timezone.now() - timedelta(hours=2)
    detention_update(case=case, fields={"produced_at": produced}, by=lawyer)
    assert keys(case)[:2] == (False, False)


def test_high_risk_counts_only_while_the_detainee_is_held(lawyer):
    case = open_case(lawyer, hours_ago=10)
    risk_screening_save(case=case, fields=HIGH, by=lawyer)
    assert keys(case)[:2] == (True, True)
    custody_change_record(
        case=case, kind=CustodyKind.RELEASED, occurred_at=timezone.now() - timedelta(hours=1),
        by=lawyer, outcome="released_by_police",
    )  # fmt: skip
    assert keys(case)[:2] == (False, False)


def test_lowering_or_removing_the_risk_takes_the_case_down(lawyer):
    case = open_case(lawyer, hours_ago=10)
    risk_screening_save(case=case, fields=HIGH, by=lawyer)
    risk_screening_save(case=case, fields={**HIGH, "level": "medium"}, by=lawyer)
    assert keys(case)[0] is False
    RiskScreening.objects.filter(case=case).update(level="high")
    assert keys(case)[0] is True
    RiskScreening.objects.filter(case=case).delete()
    assert keys(case)[0] is False


def test_queryset_updates_and_stale_whole_row_saves_keep_the_keys_true(lawyer):
    case = open_case(lawyer, hours_ago=10)
    stale = Case.objects.get(pk=case.pk)
    Detention.objects.filter(pk=case.detention_id).update(status=CustodyStatus.DEPORTED)
    assert keys(case)[1] is False
    stale.status_reason = "Fictional reason"
    stale.save()  # every column, the keys as read before the deportation among them
    assert keys(case)[1] is False
