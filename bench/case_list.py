"""Case list and case page at scale, on the data set of bench/seed.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah_scale \\
        .venv/bin/python bench/case_list.py [--requests 25] [--explain bench/EXPLAIN.md]

Server time of whole requests through the Django test client (URL resolution,
middleware, sessions, the view, its queries and the template; no network), signed in
with both factors as the real sign-in leaves a session. For each of three personas (the
supervisor of the largest organisation, a lawyer with a few hundred cases, the lawyer
with the most cases) it times the case list's first page, a deep page, a search for a
name and the "awaiting production" filter, ``--requests`` times each, interleaved round
by round so that a change in the machine's load falls on every variant alike, and prints
p50 and p95 with the load average read beside them. The Django admin changelist of the
same model and data (a superuser's, at the page size casework/admin.py gives it) is
timed the same way as the baseline: its first page, the same deep page, and its only
filter (organisation); a search is set beside the admin's first page, since the admin
has no search. Then the case page of a lawyer with about 100 cases and of one with about
50,000, and their ratio.

``--explain FILE`` also writes ``EXPLAIN (ANALYZE, BUFFERS)`` of every query of each
list variant that reads the cases. It asserts nothing; the seeded data is left as it is
apart from the read events the pages write and one superuser for the admin.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from casework.models import Case, CaseAssignment, Membership, Role  # noqa: E402
from tests.signin import verified_login  # noqa: E402

User = get_user_model()
LIST = reverse("casework:case-list")
ADMIN = reverse("admin:casework_case_changelist")
DEEP_PAGE = 400
LIST_TARGET_MS = 150
CASE_PAGE_GOAL = 1.2


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def caseloads() -> list[dict]:
    """Every lawyer's number of cases, fewest first."""
    return list(
        CaseAssignment.objects.filter(user__membership__role=Role.LAWYER)
        .values("user_id")
        .annotate(cases=Count("id"))
        .order_by("cases")
    )


def lawyer_near(loads: list[dict], cases: int):
    row = min(loads, key=lambda r: abs(r["cases"] - cases))
    return User.objects.get(pk=row["user_id"]), row["cases"]


def personas(largest: dict, loads: list[dict]):
    supervisor = Membership.objects.filter(
        organisation_id=largest["organisation_id"], role=Role.SUPERVISOR
    ).first()
    return [
        ("supervisor", supervisor.user, largest["n"]),
        ("small lawyer", *lawyer_near(loads, 300)),
        ("big lawyer", User.objects.get(pk=loads[-1]["user_id"]), loads[-1]["cases"]),
    ]


def admin_per_page() -> int:
    """The changelist's page size, so its deep page exists on smaller data sets too."""
    from django.contrib import admin

    return admin.site._registry[Case].list_per_page


def superuser():
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def client_for(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def timed_get(client: Client, url: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    return elapsed


def run_rounds(variants: list[tuple], requests: int) -> dict[str, dict]:
    """variants: (label, client, url, params). Round-robin, after one warm-up each."""
    results = {label: {"ms": [], "loads": []} for label, *_ in variants}
    for _, client, url, params in variants:
        timed_get(client, url, params)
    for _ in range(requests):
        for label, client, url, params in variants:
            results[label]["ms"].append(timed_get(client, url, params))
            results[label]["loads"].append(float(load()))
    for figures in results.values():
        figures["p50"] = statistics.median(figures["ms"])
        figures["p95"] = percentile(figures["ms"], 0.95)
        figures["load"] = statistics.mean(figures["loads"])
    return results


def deep_page(user, number: int) -> dict:
    """The query string of page ``number`` as the Next links reach it: the position of
    the last case of the page before (casework.list_position)."""
    from casework.list_position import Position
    from detainees.case_list import CaseFilters, case_list

    keys = case_list(user, CaseFilters()).values_list(
        "list_urgent", "list_awaiting", "list_arrested_at", "pk"
    )
    size = settings.CASE_LIST_PAGE_SIZE
    return {"page": number, "after": Position(*keys[(number - 1) * size - 1]).token()}


def search_term(user) -> str:
    """A given name common among the persona's own cases, as a lawyer would type it."""
    from casework.selectors import cases_visible_to

    names = cases_visible_to(user).exclude(person__given_name="")
    return names.order_by("id").values_list("person__given_name", flat=True)[7].split()[0]


# The page's rows carry the papers verdict: tens of kilobytes of SQL and plan per query
# whose subqueries each run for 26 rows. Their head and totals say what matters here.
LONG_SQL, PLAN_HEAD = 1500, 30


def shorten(sql: str) -> str:
    if len(sql) <= LONG_SQL:
        return sql
    return f"{sql[:LONG_SQL]} … ({len(sql):,} characters in all: the papers-verdict subqueries)"


def shorten_plan(lines: list[str]) -> str:
    if len(lines) <= PLAN_HEAD + 5:
        return "\n".join(lines)
    totals = [line for line in lines if line.startswith(("Planning", "Execution"))]
    elided = f"  … {len(lines) - PLAN_HEAD - len(totals)} lines of verdict subplans"
    return "\n".join([*lines[:PLAN_HEAD], elided, *totals])


def explain(client: Client, url: str, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "casework_case" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        if "casework_event" in sql or "django_session" in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        plans.append(f"```sql\n{shorten(sql)}\n```\n\n```\n{shorten_plan(plan)}\n```\n")
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--explain", type=Path, help="write EXPLAIN (ANALYZE, BUFFERS) here")
    args = parser.parse_args()

    total = Case.objects.count()
    print(f"{total:,} cases; {args.requests} requests per figure; load average {load()}")
    largest = Case.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    loads = caseloads()
    people = personas(largest, loads)
    admin = client_for(superuser())
    admin_variants = {
        "first page": (ADMIN, {}),
        "deep page": (ADMIN, {"p": max(2, min(DEEP_PAGE, total // admin_per_page() - 1))}),
        "filter": (ADMIN, {"organisation__id__exact": largest["organisation_id"]}),
        "search": (ADMIN, {}),
    }
    variants, explains = [], []
    for label, user, cases in people:
        client = client_for(user)
        deep = max(2, min(DEEP_PAGE, cases // 25 - 1))
        term = search_term(user)
        print(f"{label}: {user.username}, {cases:,} cases; deep page {deep}; search {term!r}")
        for name, params in (
            ("first page", {}),
            ("deep page", deep_page(user, deep)),
            ("search", {"q": term}),
            ("filter", {"custody": "awaiting"}),
        ):
            variants.append((f"{label} | {name}", client, LIST, params))
            if args.explain:
                explains.append((f"{label}, {name} ({params or 'no parameters'})", client, params))
    for name, (url, params) in admin_variants.items():
        if name != "search":
            variants.append((f"admin | {name}", admin, url, params))
    results = run_rounds(variants, args.requests)

    print(f"\n{'case list':<28} {'p50 ms':>8} {'p95 ms':>8} {'load':>5}  {'admin p95':>9} "
          f"{'ratio':>6}  target p95 <= {LIST_TARGET_MS} ms, ratio <= 1.0")  # fmt: skip
    for label, figures in results.items():
        if label.startswith("admin"):
            continue
        kind = label.split(" | ")[1]
        base = results[f"admin | {'first page' if kind == 'search' else kind}"]
        ratio = figures["p95"] / base["p95"]
        flag = "" if figures["p95"] <= LIST_TARGET_MS and ratio <= 1.0 else "  MISSED"
        print(f"{label:<28} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['load']:5.1f}  "
              f"{base['p95']:9.1f} {ratio:6.2f}{flag}")  # fmt: skip
    for label, figures in results.items():
        if label.startswith("admin"):
            print(f"{label:<28} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['load']:5.1f}")

    small, small_cases = lawyer_near(loads, 100)
    big, big_cases = lawyer_near(loads, 50_000)
    pages = []
    for label, user in (("100", small), ("50,000", big)):
        case = Case.objects.filter(assignments__user=user).order_by("-id").first()
        pages.append((f"case page, lawyer ~{label}", client_for(user), case.reference))
    page_results = run_rounds(
        [(label, client, reverse("casework:case-detail", args=[ref]), {})
         for label, client, ref in pages],
        args.requests,
    )  # fmt: skip
    (small_label, small_fig), (big_label, big_fig) = page_results.items()
    print(f"\n{small_label} ({small_cases:,} cases): p50 {small_fig['p50']:.1f} ms, "
          f"p95 {small_fig['p95']:.1f} ms, load {small_fig['load']:.1f}")  # fmt: skip
    print(f"{big_label} ({big_cases:,} cases): p50 {big_fig['p50']:.1f} ms, "
          f"p95 {big_fig['p95']:.1f} ms, load {big_fig['load']:.1f}")  # fmt: skip
    ratio = big_fig["p50"] / small_fig["p50"]
    print(f"ratio (p50) {ratio:.2f}, p95 {big_fig['p95'] / small_fig['p95']:.2f}; "
          f"goal <= {CASE_PAGE_GOAL}")  # fmt: skip

    if args.explain:
        sections = [
            "# EXPLAIN (ANALYZE, BUFFERS) of the case list's queries\n",
            f"Written by `bench/case_list.py --explain` on {total:,} cases "
            f"(bench/seed.py), load average {load()}.\n",
        ]
        for title, client, params in explains:
            sections.append(f"## {title}\n")
            sections += explain(client, LIST, params)
        args.explain.write_text("\n".join(sections))
        print(f"\nplans written to {args.explain}")


if __name__ == "__main__":
    main()
