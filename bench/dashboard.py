"""The supervisor's Today page and the Analytics page at scale.

Seeds an organisation with 100,000 cases (detentions, documents, hearings, outcomes,
petitions) with bulk inserts on a throwaway PostgreSQL database, then prints the server
time of each page (p50 and p95 over 20 requests through Django's test client, which runs
the whole middleware stack, signed in as a supervisor). Target: p95 under 500 ms.

The analytics page keeps its figures for five minutes (analytics.selectors
.recent_analytics_figures): "counted" empties that cache before every request, "kept
figures" does not. The Today page is never cached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/dashboard.py [--cases 100000] [--requests 20]

It prints figures; it asserts nothing. Not part of CI.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.models import Case, Membership, Organisation, Outcome, Role  # noqa: E402
from detainees.custody import OUTCOME_EFFECTS  # noqa: E402
from detainees.models import CaseOutcome, Court, Detention, Hearing, Person  # noqa: E402
from documents.case_coverage import case_coverage_refresh_all  # noqa: E402
from documents.models import IdentityDocument, Petition, PetitionState  # noqa: E402
from documents.models import PetitionTemplateVersion as Version  # noqa: E402
from tests.signin import verified_login  # noqa: E402

BATCH = 5000
LAWYERS = 25
KINDS = [
    ("por", date(2025, 6, 30)),
    ("acc", date(2025, 3, 31)),
    ("unhcr_refugee", date(2027, 1, 1)),
    ("passport", date(2024, 1, 1)),
    ("tazkira", None),
]
OUTCOMES = [Outcome.BAIL_MAGISTRATE, Outcome.RELEASED_BY_COURT, Outcome.BAIL_REFUSED,
            Outcome.DEPORTED, Outcome.RELEASED_BY_POLICE, Outcome.HOLDING_CENTRE]  # fmt: skip


def build(cases: int):
    User = get_user_model()
    org = Organisation.objects.create(name="Bench Org", reference_prefix="BEN")
    supervisor = User.objects.create(username="bench-supervisor", first_name="Supervisor")
    Membership.objects.create(user=supervisor, organisation=org, role=Role.SUPERVISOR)
    lawyers = []
    for i in range(LAWYERS):
        lawyer = User.objects.create(username=f"bench-lawyer-{i}", first_name=f"Lawyer {i}")
        Membership.objects.create(user=lawyer, organisation=org, role=Role.LAWYER)
        lawyers.append(lawyer)
    courts = list(Court.objects.order_by("pk")[:12])
    version = Version.objects.filter(template__organisation=None).first()
    now = timezone.now()
    for start in range(0, cases, BATCH):
        size = min(BATCH, cases - start)
        numbers = range(start, start + size)
        persons = Person.objects.bulk_create(
            Person(organisation=org, given_name=f"Given{n}", father_name="Father") for n in numbers
        )
        arrests = {n: now - timedelta(hours=3 + (n * 7) % (24 * 540)) for n in numbers}
        outcome_of = {n: OUTCOMES[n % len(OUTCOMES)] for n in numbers if n % 2 == 0}
        detentions = []
        for n, person in zip(numbers, persons, strict=True):
            outcome = outcome_of.get(n)
            effect = OUTCOME_EFFECTS[outcome] if outcome else None
            later = arrests[n] + timedelta(hours=6 + n % 90)
            detentions.append(
                Detention(
                    organisation=org,
                    person=person,
                    arrested_at=arrests[n],
                    custody_location="Lock-up",
                    produced_at=None if n % 3 else arrests[n],
                    status=effect.custody if effect else "in_custody",
                    released_at=later if effect and effect.stamps == "released_at" else None,
                    deported_at=later if effect and effect.stamps == "deported_at" else None,
                )  # fmt: skip
            )
        detentions = Detention.objects.bulk_create(detentions)
        made = Case.objects.bulk_create(
            Case(
                organisation=org,
                reference=f"BEN-2026-{n:06d}",
                person=p,
                detention=d,
                lead_lawyer=lawyers[n % LAWYERS] if n % 10 else None,
                outcome=outcome_of.get(n, ""),
                outcome_at=arrests[n] + timedelta(hours=6 + n % 90) if n in outcome_of else None,
                # The stage is derived; an outcome that closes the case stamps closed_at.
                closed_at=arrests[n] + timedelta(hours=6 + n % 90)
                if n in outcome_of and OUTCOME_EFFECTS[outcome_of[n]].closes
                else None,
            )  # fmt: skip
            for n, p, d in zip(numbers, persons, detentions, strict=True)
        )
        IdentityDocument.objects.bulk_create(
            IdentityDocument(
                organisation=org,
                person=p,
                kind=KINDS[n % len(KINDS)][0],
                expires_on=KINDS[n % len(KINDS)][1],
                number_normalised=f"BN{n}",
            )  # fmt: skip
            for n, p in zip(numbers, persons, strict=True)
            if n % 5
        )
        hearings = Hearing.objects.bulk_create(
            Hearing(
                organisation=org,
                case=c,
                court=courts[n % len(courts)],
                purpose="bail",
                starts_at=arrests[n] + timedelta(hours=5)
                if n % 50
                else now + timedelta(days=n % 7),
            )  # fmt: skip
            for n, c in zip(numbers, made, strict=True)
            if n % 2 == 0
        )
        hearing_of = {h.case_id: h for h in hearings}
        CaseOutcome.objects.bulk_create(
            CaseOutcome(
                organisation=org,
                case=c,
                outcome=outcome_of[n],
                occurred_at=c.outcome_at,
                hearing=hearing_of.get(c.pk)
                if outcome_of[n] != Outcome.RELEASED_BY_POLICE
                else None,
                reviewed_at=now if n % 40 else None,
            )  # fmt: skip
            for n, c in zip(numbers, made, strict=True)
            if n in outcome_of
        )
        if version is not None:
            Petition.objects.bulk_create(
                Petition(
                    organisation=org,
                    case=c,
                    version=version,
                    court="Court",
                    state=PetitionState.IN_REVIEW if n % 300 == 0 else PetitionState.FILED,
                    created_at=arrests[n] + timedelta(hours=1 + n % 30),
                )  # fmt: skip
                for n, c in zip(numbers, made, strict=True)
                if n % 3 == 0
            )
    # Bulk inserts pass by the services, so the stored papers verdicts are worked out
    # here at once, as the migration that introduced them does for existing cases.
    case_coverage_refresh_all(organisation_id=org.pk)
    return supervisor


def measure(client: Client, url: str, requests: int, cold: bool) -> tuple[float, float, int]:
    """p50, p95 and queries; ``cold`` empties the cache before each request, so the
    analytics figures are counted every time instead of read back."""
    client.get(url)  # warm: the session refresh and first template compile
    timings = []
    for _ in range(requests):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--keep", action="store_true", help="keep the seeded database for the next run"
    )
    parser.add_argument("--slowest", action="store_true", help="print each page's slowest queries")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this benchmark measures PostgreSQL.")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.keep, serialize=False
    )
    try:
        started = time.perf_counter()
        User = get_user_model()
        supervisor = User.objects.filter(username="bench-supervisor").first()
        if supervisor is None:
            supervisor = build(args.cases)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}, cases: {Case.objects.count():,}")
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        # The machine is shared: the load says how much the figures below can be trusted.
        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        client = Client(SERVER_NAME="localhost")  # an allowed host without test mode
        verified_login(client, supervisor)
        one_year = f"/analytics/?since={date.today().year - 1}-01-01&kind=por"
        for label, url, cold in (
            ("today (always live)", "/today/", True),
            ("analytics, counted", "/analytics/", True),
            ("analytics, kept figures", "/analytics/", False),
            ("analytics 1 year PoR, counted", one_year, True),
        ):
            p50, p95, queries = measure(client, url, args.requests, cold)
            print(f"{label:<30} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {queries} queries")
            if args.slowest:
                if cold:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                for query in sorted(captured, key=lambda q: -float(q["time"]))[:4]:
                    print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
        print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
