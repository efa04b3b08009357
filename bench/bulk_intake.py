"""Bulk intake: seconds and queries to import a CSV of detainees, permissions included.

Run on PostgreSQL (a throwaway database is created and dropped; real data is never
touched):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah .venv/bin/python bench/bulk_intake.py

The clock covers what the upload view does after receiving the file: reading the CSV,
validating every row, the duplicate checks (names and document numbers), and the
all-or-nothing write (persons, detentions, cases, assignments, guardian permissions,
identity documents for half the rows, one audit event per case and per document). The
query count must be the same for every size. It prints figures; it asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.models import Case, CaseUserObjectPermission, Membership, Organisation, Role  # noqa: E402
from detainees.incidents.forms import IntakeRowForm  # noqa: E402
from detainees.incidents.services import incident_create  # noqa: E402
from detainees.intake.csv_rows import parse_intake_csv  # noqa: E402
from detainees.intake.rows import prepare_rows  # noqa: E402
from detainees.intake.services import cases_open  # noqa: E402
from documents.models import IdentityDocument  # noqa: E402

GIVEN = ["Abdul Wahid", "Noor Agha", "Hamidullah", "Zabihullah", "Shir Khan", "Faridun"]
FATHERS = ["Gul Zaman", "Sayed Karim", "Khan Agha", "Mohammad Rafiq", "Baz Mohammad"]


def _letters(n: int) -> str:
    # Names must differ after normalisation, which drops digits: spell the number.
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
        if n == 0:
            return out.capitalize()
        n -= 1


def csv_text(rows: int, offset: int) -> str:
    lines = ["name,father_name,gender,document_kind,document_number"]
    for i in range(offset, offset + rows):
        # Every other detainee carries a PoR card, recorded with its number.
        document = f"por,BENCH-{i:08d}" if i % 2 else ","
        lines.append(
            f"{GIVEN[i % len(GIVEN)]} {_letters(i)},{FATHERS[i % len(FATHERS)]},male,{document}"
        )
    return "\n".join(lines) + "\n"


def import_csv(user, incident, text: str) -> int:
    csv_rows = parse_intake_csv(text)
    checked = [IntakeRowForm(data=row.values) for row in csv_rows]
    prepared = prepare_rows(
        user,
        [form.cleaned_data if form.is_valid() else None for form in checked],
        labels=[f"Line {row.line}" for row in csv_rows],
        confirmed=set(),
    )
    if not prepared.ready:
        raise SystemExit(f"bench data is not importable: {prepared.items[:3]}")
    cases = cases_open(
        incident=incident,
        membership=user.membership,
        detention_fields={
            "arrested_at": timezone.now() - timedelta(hours=3),
            "custody_location": "Lock-up, Police Station Tarnol",
        },
        rows=prepared.rows,
    )
    return len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    # A name of its own, so it never collides with the test suite's database.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"panah_bench_intake_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        org = Organisation.objects.create(name="Bench Legal Aid", reference_prefix="BEN")
        lawyer = get_user_model().objects.create(username="bench-lawyer")
        Membership.objects.create(user=lawyer, organisation=org, role=Role.LAWYER)
        incident = incident_create(
            created_by=lawyer,
            fields={"occurred_at": timezone.now() - timedelta(hours=4), "place": "Bench raid"},
        )
        import_csv(lawyer, incident, csv_text(1, 10**6))  # first use creates counters
        print(f"database: {connection.vendor}, importing as a lawyer (permissions granted)")
        offset = 0
        for size in args.sizes:
            timings, queries = [], set()
            for _ in range(args.repeats):
                text = csv_text(size, offset)
                offset += size
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    import_csv(lawyer, incident, text)
                    timings.append(time.perf_counter() - started)
                queries.add(len(captured.captured_queries))
            print(
                f"{size:>5} rows  {statistics.median(timings):6.3f} s median "
                f"(best {min(timings):.3f} s)  {', '.join(map(str, sorted(queries)))} queries"
            )
        grants = CaseUserObjectPermission.objects.filter(user=lawyer).count()
        documents = IdentityDocument.objects.count()
        print(f"cases: {Case.objects.count():,}, documents: {documents:,}, permissions: {grants:,}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
