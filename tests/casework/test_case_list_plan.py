"""The case list and the access check stay index-driven once the tables are large enough
for the planner to care (a few thousand rows and fresh statistics)."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Case, CaseUserObjectPermission
from casework.selectors import case_for_user
from detainees.case_list import CaseFilters, case_list
from detainees.models import CustodyStatus, Detention, Person

CASES = 4000
WATCHED = ("casework_case", "casework_caseuserobjectpermission")


def build(org, lawyer, colleague):
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(organisation=org, given_name=f"Fictional {i}", father_name="Ahmad")
        for i in range(CASES)
    )
    held = Detention.objects.bulk_create(
        Detention(
            organisation=org,
            person=person,
            arrested_at=now - timedelta(hours=i),
            status=CustodyStatus.IN_CUSTODY if i % 3 else CustodyStatus.RELEASED,
            custody_location="Lock-up",
        )
        for i, person in enumerate(people)
    )
    cases = Case.objects.bulk_create(
        Case(organisation=org, reference=f"ISB-2026-{i:06d}", person=p, detention=d)
        for i, (p, d) in enumerate(zip(people, held, strict=True))
    )
    view = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(
            content_object=case, user=lawyer if i % 2 == 0 else colleague, permission=view
        )
        for i, case in enumerate(cases)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cases


def plan_nodes(queryset=None, sql=None, params=(), analyze=False):
    if queryset is not None:
        sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON, ANALYZE {analyze}) " + sql, params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)

    def walk(node):
        yield node
        for child in node.get("Plans", []):
            yield from walk(child)

    return list(walk(plan[0]["Plan"]))


def scans(nodes, kind):
    return {n.get("Relation Name") for n in nodes if n["Node Type"] == kind}


def page_ids(user, filters=CaseFilters()):
    return case_list(user, filters).values_list("pk", flat=True)[:26]


@pytest.fixture
def large(require_postgres, org, lawyer, colleague):
    return build(org, lawyer, colleague)


def test_one_case_is_checked_on_its_own_grants(large, lawyer):
    mine, other = large[0], large[1]
    with CaptureQueriesContext(connection) as captured:
        assert case_for_user(lawyer, mine.reference).pk == mine.pk
    with pytest.raises(Http404):
        case_for_user(lawyer, other.reference)
    (query,) = [q["sql"] for q in captured.captured_queries if "casework_case" in q["sql"]]
    nodes = plan_nodes(sql=query, analyze=True)
    # The grants are probed for this one case by index; the user's 2,000 grants are never
    # read (the planner may hash a permission the user holds on no case at all).
    assert not scans(nodes, "Seq Scan") & set(WATCHED)
    assert "casework_caseuserobjectpermission" in scans(nodes, "Index Only Scan") | scans(
        nodes, "Index Scan"
    )
    probes = [n for n in nodes if n.get("Relation Name") == "casework_caseuserobjectpermission"]
    assert probes and all(n["Actual Rows"] <= 1 for n in probes), [
        (n.get("Index Cond"), n.get("Filter"), n["Actual Rows"]) for n in probes
    ]


@pytest.mark.parametrize("persona", ["supervisor", "lawyer"])
@pytest.mark.parametrize(
    "filters", [CaseFilters(), CaseFilters(custody="awaiting")], ids=["default", "awaiting"]
)
def test_a_list_page_walks_the_case_list_index(large, supervisor, lawyer, persona, filters):
    """The page's ids are read from the ``case_list_order`` index in the list's order and
    the walk stops after one page: never a sequential scan of the cases and a sort of them
    all. (How the grants are probed is the planner's choice; the case table's path is not:
    at this size a full scan and sort of 4,000 cases costs many times a 26-row walk.)"""
    user = {"supervisor": supervisor, "lawyer": lawyer}[persona]
    nodes = plan_nodes(page_ids(user, filters), analyze=True)
    cases = [n for n in nodes if n.get("Relation Name") == "casework_case"]
    assert cases and all(n["Node Type"] != "Seq Scan" for n in cases), [
        (n["Node Type"], n.get("Index Name")) for n in nodes
    ]
    assert {n.get("Index Name") for n in cases} == {"case_list_order"}
    assert not [n for n in nodes if n["Node Type"] == "Sort"]
    assert max(n["Actual Rows"] for n in cases) < 200
