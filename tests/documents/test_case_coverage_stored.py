"""The stored papers verdict follows every change to what it is worked out from: the
documents, the arrest date, the organisation's time zone and the validity timeline."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casework.models import Case
from casework.organisation_services import organisation_update
from casework.outbox import sweep
from detainees.services import detention_update
from documents.case_coverage import annotate_coverage_worked_out
from documents.models import CaseCoverage, ValidityRule
from documents.selectors import case_coverage_status, case_documents_with_coverage
from documents.services import (
    document_add,
    document_update,
    validity_rule_save,
    verification_record,
)
from documents.tasks import refresh_case_coverage
from tests.broker import UNREACHABLE, broker
from tests.factories import open_case
from tests.outbox import make_due

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]
KARACHI = ZoneInfo("Asia/Karachi")
SMART_ISSUED = date(2021, 9, 20)  # a card of the 2021-22 renewal
WITHDRAWN = {"active": False}


def case_arrested(by, day: str, hour: int = 9) -> Case:
    when = datetime.fromisoformat(day).replace(hour=hour, tzinfo=KARACHI)
    return open_case(by, detention={"arrested_at": when})


def stored(case: Case) -> tuple[str, date]:
    verdict = CaseCoverage.objects.get(case_id=case.pk)
    return verdict.status, verdict.arrest_day


def worked_out(case: Case) -> str:
    """The verdict from the documents and the timeline as they stand, in SQL."""
    fresh = Case.objects.select_related("organisation").get(pk=case.pk)
    return (
        annotate_coverage_worked_out(Case.objects.filter(pk=case.pk), fresh.organisation.time_zone)
        .values_list("coverage_badge", flat=True)
        .get()
    )


def engine(case: Case) -> str:
    """The verdict the case page gives, from the Python coverage engine."""
    fresh = Case.objects.select_related("organisation", "detention").get(pk=case.pk)
    return case_coverage_status(case_documents_with_coverage(fresh))


def por_rule_until_june_2025() -> ValidityRule:
    return ValidityRule.objects.get(kind="por", valid_until=date(2025, 6, 30), organisation=None)


def test_a_new_case_is_stored_with_no_documents(lawyer):
    case = case_arrested(lawyer, "2024-10-01")
    assert stored(case) == ("none", date(2024, 10, 1))


def test_adding_and_correcting_a_document_moves_the_stored_verdict(lawyer):
    case = case_arrested(lawyer, "2025-08-05")
    fields = {"kind": "por", "expires_on": date(2023, 6, 30)}
    document = document_add(case=case, fields=fields, by=lawyer)
    assert stored(case)[0] == "not_covered" == engine(case)
    corrected = {"kind": "visa", "expires_on": date(2025, 12, 31)}
    document_update(case=case, document=document, fields=corrected, by=lawyer)
    assert stored(case)[0] == "covered" == engine(case)


def test_a_second_document_that_covers_moves_the_verdict(lawyer):
    case = case_arrested(lawyer, "2020-01-10")
    document_add(case=case, fields={"kind": "acc"}, by=lawyer)
    assert stored(case)[0] == "unknown" == engine(case)
    fields = {"kind": "unhcr_refugee", "expires_on": date(2027, 1, 1)}
    document_add(case=case, fields=fields, by=lawyer)
    assert stored(case)[0] == "covered" == engine(case)


def test_a_verification_leaves_the_verdict_as_the_papers_give_it(lawyer):
    case = case_arrested(lawyer, "2024-10-01")
    fields = {"kind": "por", "issued_on": SMART_ISSUED}
    document = document_add(case=case, fields=fields, by=lawyer)
    before = CaseCoverage.objects.get(case_id=case.pk)
    verification_record(
        case=case, document=document, method="nadra", result="not_genuine", by=lawyer
    )
    after = CaseCoverage.objects.get(case_id=case.pk)
    assert (after.status, after.changed_at) == (before.status, before.changed_at)
    assert after.status == "covered" == worked_out(case) == engine(case)


def test_editing_the_arrest_date_moves_the_stored_verdict(lawyer):
    case = case_arrested(lawyer, "2024-10-01")
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    assert stored(case) == ("covered", date(2024, 10, 1))
    later = datetime(2025, 8, 5, 9, tzinfo=KARACHI)
    detention_update(case=case, fields={"arrested_at": later}, by=lawyer)
    assert stored(case) == ("not_covered", date(2025, 8, 5))
    assert engine(case) == "not_covered"


def test_other_detention_details_do_not_rework_the_verdict(lawyer):
    case = case_arrested(lawyer, "2024-10-01")
    CaseCoverage.objects.filter(case_id=case.pk).update(status="unknown")
    detention_update(case=case, fields={"police_station": "Police Station Kohsar"}, by=lawyer)
    assert stored(case)[0] == "unknown"  # untouched: nothing it depends on changed


def test_a_timeline_change_refreshes_the_cases_it_decides_once_committed(
    lawyer, timeline_editor, django_capture_on_commit_callbacks
):
    por = case_arrested(lawyer, "2024-10-01")
    document_add(case=por, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    family = case_arrested(lawyer, "2024-10-01")
    fields = {"kind": "por_family", "issued_on": SMART_ISSUED}
    document_add(case=family, fields=fields, by=lawyer)
    unhcr = case_arrested(lawyer, "2024-10-01")
    fields = {"kind": "unhcr_refugee", "expires_on": date(2027, 1, 1)}
    document_add(case=unhcr, fields=fields, by=lawyer)
    # Made stale on purpose: a PoR rule must not rework a case holding no PoR paper.
    CaseCoverage.objects.filter(case_id=unhcr.pk).update(status="unknown")
    assert stored(por)[0] == stored(family)[0] == "covered"
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(
            rule=por_rule_until_june_2025(), fields=WITHDRAWN, reason="Test", by=timeline_editor
        )
        assert stored(por)[0] == "covered"  # the task runs once the change is committed
    assert stored(por)[0] == stored(family)[0] == "not_covered" == engine(por)
    assert stored(unhcr)[0] == "unknown"


def test_rewording_a_rule_reworks_no_verdict(
    lawyer, timeline_editor, django_capture_on_commit_callbacks
):
    case = case_arrested(lawyer, "2024-10-01")
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    CaseCoverage.objects.filter(case_id=case.pk).update(status="unknown")
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(
            rule=por_rule_until_june_2025(), fields={"notes": "Reworded for the test"},
            reason="Test", by=timeline_editor,
        )  # fmt: skip
    assert stored(case)[0] == "unknown"


def test_an_organisations_own_rule_reworks_its_cases_only(
    lawyer, admin_user, outsiders, django_capture_on_commit_callbacks
):
    own = {
        "kind": "por", "effect": "extends", "valid_from": date(2024, 1, 1),
        "valid_until": date(2024, 3, 31), "decision": "Fictional own reading of early 2024",
        "source_title": "Fictional gazette", "certainty": "confirmed",
    }  # fmt: skip
    fields = {"kind": "por", "issued_on": SMART_ISSUED}
    ours = case_arrested(lawyer, "2024-02-10")
    document_add(case=ours, fields=fields, by=lawyer)
    other_lawyer = next(u for u in outsiders if u.username == "other-lawyer")
    theirs = case_arrested(other_lawyer, "2024-02-10")
    document_add(case=theirs, fields=fields, by=other_lawyer)
    assert stored(ours)[0] == stored(theirs)[0] == "unknown"
    CaseCoverage.objects.filter(case_id=theirs.pk).update(status="not_covered")
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(rule=None, fields=own, reason="Ours", by=admin_user, shared=False)
    assert stored(ours)[0] == "covered" == engine(ours)
    assert stored(theirs)[0] == "not_covered"  # never looked at: not their rule


def test_a_new_time_zone_moves_the_day_of_arrest(
    lawyer, admin_user, django_capture_on_commit_callbacks
):
    # 1 Jul 2024, 02:00 in Karachi is still 30 Jun 2024 in UTC.
    case = case_arrested(lawyer, "2024-07-01", hour=2)
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    assert stored(case) == ("covered", date(2024, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            organisation=case.organisation, by=admin_user, retention_days=730,
            time_zone="UTC", letterhead="",
        )  # fmt: skip
    status, day = stored(case)
    assert day == date(2024, 6, 30)
    assert status == worked_out(case) == engine(case)


def test_the_refresh_task_is_idempotent(lawyer):
    cases = [case_arrested(lawyer, "2024-10-01") for _ in range(3)]
    for case in cases:
        document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    assert refresh_case_coverage(None, None) == 0  # already current
    CaseCoverage.objects.filter(case_id__in=[c.pk for c in cases[:2]]).update(status="unknown")
    assert refresh_case_coverage(lawyer.membership.organisation_id, ["por"]) == 2
    assert refresh_case_coverage(lawyer.membership.organisation_id, ["por"]) == 0
    assert [stored(case)[0] for case in cases] == ["covered"] * 3


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_timeline_change_is_saved_and_the_verdicts_follow(
    lawyer, timeline_editor
):
    case = case_arrested(lawyer, "2024-10-01")
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    with broker(UNREACHABLE):
        validity_rule_save(
            rule=por_rule_until_june_2025(), fields=WITHDRAWN, reason="Test", by=timeline_editor
        )
    assert stored(case)[0] == "covered"  # the refresh waits in the outbox
    make_due()
    assert sweep() == 1  # the broker is back
    assert stored(case)[0] == "not_covered"
