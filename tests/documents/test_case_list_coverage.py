from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from detainees.case_list import CaseFilters, case_list
from documents.models import ValidityRule
from documents.selectors import case_coverage_status, case_documents_with_coverage
from documents.services import document_add, validity_rule_save
from tests.documents.test_coverage_examples import EXAMPLES
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]
URL = reverse("casework:case-list")
KARACHI = ZoneInfo("Asia/Karachi")
SMART_ISSUED = date(2021, 9, 20)  # a card of the 2021-22 renewal


def case_arrested(by, day: str, hour: int = 9):
    when = datetime.fromisoformat(day).replace(hour=hour, tzinfo=KARACHI)
    return open_case(by, detention={"arrested_at": when})


def badges(user, **filters):
    return {c.reference: c.coverage_badge for c in case_list(user, CaseFilters(**filters))}


def test_sql_badge_agrees_with_the_engine_on_every_worked_example(lawyer, supervisor):
    for kind, expiry, issued, on, status, _until, _words in EXAMPLES:
        if issued and date.fromisoformat(issued) > date.today():
            continue
        case = case_arrested(lawyer, on)
        fields = {"kind": kind, "expires_on": date.fromisoformat(expiry) if expiry else None,
                  "issued_on": date.fromisoformat(issued) if issued else None}  # fmt: skip
        document_add(case=case, fields=fields, by=lawyer)
        assert badges(supervisor)[case.reference] == status, (kind, expiry, issued, on)
        assert case_coverage_status(case_documents_with_coverage(case)) == status


def test_case_badge_is_covered_when_any_document_covers(lawyer, supervisor):
    case = case_arrested(lawyer, "2025-08-05")
    document_add(case=case, fields={"kind": "por", "expires_on": date(2023, 6, 30)}, by=lawyer)
    assert badges(supervisor)[case.reference] == "not_covered"
    document_add(case=case, fields={"kind": "visa", "expires_on": date(2025, 12, 31)}, by=lawyer)
    assert badges(supervisor)[case.reference] == "covered"


def test_arrest_day_is_counted_in_the_organisation_time_zone(lawyer, supervisor):
    # 1 Jul 2024, 02:00 in Karachi is still 30 Jun 2024 in UTC: covered by either rule.
    # 31 Jul 2025, 01:00 in Karachi is 30 Jul in UTC; the ends rule starts 31 Jul.
    case = case_arrested(lawyer, "2024-07-01", hour=2)
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    assert badges(supervisor)[case.reference] == "covered"
    rows = case_documents_with_coverage(case)
    assert rows[0].coverage.on_date == date(2024, 7, 1)
    assert rows[0].coverage.valid_until == date(2025, 6, 30)


def test_withdrawn_rule_changes_the_badge(
    lawyer, supervisor, timeline_editor, django_capture_on_commit_callbacks
):
    case = case_arrested(lawyer, "2024-10-01")
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    assert badges(supervisor)[case.reference] == "covered"
    rule = ValidityRule.objects.get(kind="por", valid_until=date(2025, 6, 30))
    # The cases the rule decides are worked out again once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(
            rule=rule, fields={"active": False}, reason="Test: withdrawn", by=timeline_editor
        )
    assert badges(supervisor)[case.reference] == "not_covered"


def test_list_shows_badges_and_filters_by_them(login, lawyer, supervisor):
    covered = case_arrested(lawyer, "2024-10-01")
    document_add(case=covered, fields={"kind": "por", "expires_on": date(2023, 6, 30),
                                       "issued_on": SMART_ISSUED}, by=lawyer)  # fmt: skip
    lapsed = case_arrested(lawyer, "2025-08-05")
    document_add(case=lapsed, fields={"kind": "por", "expires_on": date(2023, 6, 30)}, by=lawyer)
    acc = case_arrested(lawyer, "2020-01-10")
    document_add(case=acc, fields={"kind": "acc"}, by=lawyer)
    bare = open_case(lawyer)
    client = login(supervisor)
    body = client.get(URL).content.decode()
    for label in ("Covered", "Not covered", "Unknown", "No documents"):
        assert label in body
    for value, case in [("covered", covered), ("not_covered", lapsed), ("unknown", acc),
                        ("none", bare)]:  # fmt: skip
        refs = [c.reference for c in client.get(URL, {"papers": value}).context["page"].items]
        assert refs == [case.reference], value
    assert client.get(URL, {"papers": "bogus"}).status_code == 200


def test_list_query_count_does_not_grow_with_documents(
    login, lawyer, supervisor, django_assert_max_num_queries
):
    client = login(supervisor)
    case = case_arrested(lawyer, "2024-10-01")
    document_add(case=case, fields={"kind": "por", "issued_on": SMART_ISSUED}, by=lawyer)
    with django_assert_max_num_queries(20) as few:
        client.get(URL, {"papers": "covered"})
    for n in range(12):
        more = case_arrested(lawyer, "2024-10-01")
        document_add(
            case=more,
            fields={"kind": "por", "number": f"P{n}", "issued_on": SMART_ISSUED},
            by=lawyer,
        )
        document_add(case=more, fields={"kind": "acc", "number": f"A{n}"}, by=lawyer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"papers": "covered"})
    assert len(response.context["page"].items) == 13


def test_badge_follows_the_organisations_own_rule_and_no_other(
    lawyer, supervisor, admin_user, outsiders, django_capture_on_commit_callbacks
):
    own = {
        "kind": "por", "effect": "extends", "valid_from": date(2024, 1, 1),
        "valid_until": date(2024, 3, 31), "decision": "Fictional own reading of early 2024",
        "source_title": "Fictional gazette", "certainty": "confirmed",
    }  # fmt: skip
    ours = case_arrested(lawyer, "2024-02-10")
    fields = {"kind": "por", "issued_on": SMART_ISSUED}
    document_add(case=ours, fields=fields, by=lawyer)
    other_lawyer = next(u for u in outsiders if u.username == "other-lawyer")
    other_supervisor = next(u for u in outsiders if u.username == "other-supervisor")
    theirs = case_arrested(other_lawyer, "2024-02-10")
    document_add(case=theirs, fields=fields, by=other_lawyer)
    assert badges(supervisor)[ours.reference] == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(rule=None, fields=own, reason="Ours", by=admin_user, shared=False)
    assert badges(supervisor)[ours.reference] == "covered"
    assert case_coverage_status(case_documents_with_coverage(ours)) == "covered"
    assert badges(other_supervisor)[theirs.reference] == "unknown"
    assert case_coverage_status(case_documents_with_coverage(theirs)) == "unknown"
    # An own rule that ends validity overrides a shared confirmed extension, for us only.
    ended = {**own, "effect": "ends", "valid_from": date(2024, 8, 1), "valid_until": None,
             "decision": "Fictional own end of validity"}  # fmt: skip
    later = case_arrested(lawyer, "2024-10-01")
    document_add(case=later, fields=fields, by=lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        validity_rule_save(rule=None, fields=ended, reason="Ours", by=admin_user, shared=False)
    assert badges(supervisor)[later.reference] == "not_covered"
    assert case_coverage_status(case_documents_with_coverage(later)) == "not_covered"
