"""A rare name searched by a lawyer with a large caseload starts from the index on the
name keys; a common name keeps the planner's walk over the lawyer's cases
(detainees.key_frequency has the measurements behind both)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Case, CaseUserObjectPermission
from casework.selectors import cases_visible_to
from detainees import key_frequency
from detainees.models import Detention, Person
from detainees.names import person_name_keys, whole_key
from detainees.search import _NO_LIMIT, search_scores
from tests.casework.test_case_list_plan import plan_nodes

PEOPLE = 3000
RARE_EVERY = 300  # 10 people of 3,000: a third of a percent
COMMON_EVERY = 2  # half of everyone


def _name(i: int) -> str:
    if i % RARE_EVERY == 0:
        return f"Rahmatullah Fictional{i}"
    if i % COMMON_EVERY == 0:
        return f"Mohammad Fictional{i}"
    return f"Zarif Fictional{i}"


@pytest.fixture
def caseload(require_postgres, org, lawyer):
    people = [
        Person(organisation=org, given_name=_name(i), father_name="Nazar") for i in range(PEOPLE)
    ]
    for person in people:
        for field, value in person_name_keys(person).items():
            setattr(person, field, value)
    people = Person.objects.bulk_create(people)
    held = Detention.objects.bulk_create(
        Detention(
            organisation=org, person=p, arrested_at=timezone.now(), custody_location="Lock-up"
        )
        for p in people
    )
    cases = Case.objects.bulk_create(
        Case(organisation=org, reference=f"ISB-2026-{i:06d}", person=p, detention=d)
        for i, (p, d) in enumerate(zip(people, held, strict=True))
    )
    view = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(content_object=case, user=lawyer, permission=view)
        for case in cases[::2] + cases[1::6]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    key_frequency.forget()
    yield cases
    key_frequency.forget()


def _candidate_query(user, text: str) -> tuple[str, dict]:
    with CaptureQueriesContext(connection) as captured:
        scores = search_scores(cases_visible_to(user), text)
    names = [q["sql"] for q in captured.captured_queries if "casework_case" in q["sql"]]
    return names[0], scores


def test_the_statistics_tell_a_rare_key_from_a_common_one(caseload):
    assert key_frequency.all_rare([whole_key("Rahmatullah")])
    assert not key_frequency.all_rare([whole_key("Mohammad")])
    # Every word required: the rarest one bounds how many people have them all.
    assert key_frequency.all_rare([whole_key("Mohammad"), whole_key("Rahmatullah")])
    assert not key_frequency.all_rare([])


def test_a_rare_name_starts_from_the_keys_index(caseload, lawyer):
    sql, scores = _candidate_query(lawyer, "Rahmatullah")
    visible = set(cases_visible_to(lawyer).values_list("pk", flat=True))
    expected = {c.pk for i, c in enumerate(caseload) if i % RARE_EVERY == 0} & visible
    assert set(scores) == expected and expected
    # The people are a subquery of their own, fenced so the planner reads it first (at this
    # size it might choose so anyway; at 1,000,000 cases it does not: bench/README.md).
    assert f"LIMIT {_NO_LIMIT}" in sql
    nodes = plan_nodes(sql=sql, analyze=True)
    people = [n for n in nodes if n.get("Relation Name") == "detainees_person"]
    # The people with the key come from the index, once; people are then probed only for
    # the matches' names, not once per visible case.
    assert any(n.get("Index Name") == key_frequency.KEYS_INDEX for n in nodes), [
        (n["Node Type"], n.get("Relation Name"), n.get("Index Name"), n.get("Actual Loops"))
        for n in nodes
    ]
    assert max(n.get("Actual Loops", 1) for n in people) <= len(expected), [
        (n["Node Type"], n.get("Actual Loops")) for n in people
    ]


def test_a_common_name_keeps_the_plain_join(caseload, lawyer):
    sql, scores = _candidate_query(lawyer, "Mohammad")
    assert len(scores) == 200  # the candidate limit: a page's worth of the likeliest
    # No separate people subquery with its fence: the planner walks the cases.
    assert f"LIMIT {_NO_LIMIT}" not in sql
    visible = set(cases_visible_to(lawyer).values_list("pk", flat=True))
    assert set(scores) <= visible
