#!/usr/bin/env python3
"""From intake to a downloaded petition PDF, using nothing but the JSON API.

Standard library only, as a partner organisation's script would be. Set:

    PANAH_URL             e.g. http://127.0.0.1:8000
    PANAH_TOKEN           a lawyer's read-and-write token (drafts the petition)
    PANAH_APPROVER_TOKEN  a supervisor's read-and-write token (four eyes: approves it)
    PANAH_INBOX_TOKEN     optional: an inbox token, to show what a partner hotline posts

then ``python scripts/api_walkthrough.py [out.pdf]``. Every name here is fictional.
"""

import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

BASE = os.environ.get("PANAH_URL", "http://127.0.0.1:8000").rstrip("/")
if not BASE.startswith(("http://", "https://")):
    sys.exit("PANAH_URL must be an http:// or https:// address")


def call(method: str, path: str, token: str, body: dict | None = None, raw: bool = False):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{BASE}{path}", data=data, method=method)  # noqa: S310
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (checked)
            payload = response.read()
            return response.status, payload if raw else json.loads(payload)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def step(title: str, status: int, detail: str = "") -> None:
    print(f"{status}  {title}{': ' + detail if detail else ''}")


def expect(status: int, body, *wanted: int) -> None:
    if status not in wanted:
        print(f"unexpected {status}: {json.dumps(body, indent=2, ensure_ascii=False)}")
        sys.exit(1)


def main() -> None:
    drafter, approver = os.environ["PANAH_TOKEN"], os.environ["PANAH_APPROVER_TOKEN"]
    out = sys.argv[1] if len(sys.argv) > 1 else "petition.pdf"
    arrested = (datetime.now(UTC) - timedelta(hours=7)).replace(microsecond=0)

    if inbox := os.environ.get("PANAH_INBOX_TOKEN"):
        status, body = call("POST", "/api/v1/intake/", inbox, {
            "name": "Wali Khan", "father_name": "Sardar Khan", "taken_at": arrested.isoformat(),
            "place_taken": "Board Bazaar, Peshawar", "held_at": "Police Station Tatara",
            "family_phone": "0300-0000001",
        })  # fmt: skip
        expect(status, body, 202)
        step("partner hotline posts to the intake inbox", status, body["message"])
        status, body = call("GET", "/api/v1/cases/", inbox)
        step("the inbox token tries to read cases", status, body["message"])

    status, body = call("GET", "/api/v1/coverage/?kind=por&expiry=2023-06-30&on="
                        f"{arrested.date().isoformat()}", drafter)  # fmt: skip
    expect(status, body, 200)
    step("coverage check: PoR card, printed expiry 30 Jun 2023", status,
         f"{body['status']} — {body['explanation'][:120]}")  # fmt: skip

    intake = {
        "given_name": "Wali", "family_name": "Khan", "father_name": "Sardar Khan",
        "arrested_at": arrested.isoformat(), "custody_location": "Police Station Tatara",
        "police_station": "Police Station Tatara", "fir_number": "88/2026",
        "document_kind": "por", "document_number": f"PK-{int(time.time()) % 10**7:07d}",
    }  # fmt: skip
    status, body = call("POST", "/api/v1/cases/", drafter, intake)
    if status == 409:  # the same person was logged on an earlier run
        step("intake reports a possible duplicate", status, body["message"][:100])
        status, body = call("POST", "/api/v1/cases/", drafter, {**intake, "confirm_new": True})
    expect(status, body, 201)
    reference = body["reference"]
    step("case opened", status, f"{reference}, lead lawyer {body['lead_lawyer']}")
    case = f"/api/v1/cases/{reference}"

    status, body = call("POST", f"{case}/documents/", drafter, {
        "kind": "unhcr_refugee", "number": "UNHCR-PSH-00-0000", "expires_on": "2030-12-31",
        "original_seen": True,
    })  # fmt: skip
    expect(status, body, 201)
    step("UNHCR certificate added", status, body["coverage_on_arrest_day"]["status"])
    status, body = call("GET", f"{case}/documents/", drafter)
    verdicts = ", ".join(f"{r['document']['kind']}={r['coverage_on_arrest_day']['status']}"
                         for r in body["results"])  # fmt: skip
    step("documents with coverage on the day of arrest", status, verdicts)

    status, body = call("GET", "/api/v1/petition-templates/?page_size=100", drafter)
    keys = sorted({t["key"] for t in body["results"]})
    step("petition templates", status, ", ".join(keys))
    status, body = call("POST", f"{case}/petitions/", drafter, {"template": "bail-497"})
    expect(status, body, 201)
    petition = f"{case}/petitions/{body['id']}"
    step("petition drafted", status, f"{body['title']} ({body['state']})")
    status, body = call("PATCH", petition + "/", drafter, {
        "court": "Court of the Judicial Magistrate, Peshawar",
        "facts": "The petitioner was arrested at Board Bazaar and holds a UNHCR certificate.",
    })  # fmt: skip
    expect(status, body, 200)
    step("petition edited", status, body["court"])
    status, body = call("POST", petition + "/submit/", drafter)
    expect(status, body, 200)
    step("sent for approval", status, body["state"])
    status, body = call("POST", petition + "/approve/", drafter)
    step("the drafter tries to approve", status, body["message"])
    status, body = call("POST", petition + "/approve/", approver)
    expect(status, body, 200)
    step("approved by the supervisor", status, body["state"])

    for _ in range(120):
        status, body = call("GET", petition + "/", drafter)
        if body["state"] in ("ready", "failed"):
            break
        time.sleep(1)
    expect(status, body, 200)
    step("rendering polled", status, f"{body['state']}, {body['pdf_pages']} pages")
    if body["state"] != "ready":
        print(body["failure_reason"])
        sys.exit(1)
    status, pdf = call("GET", petition + "/pdf/", drafter, raw=True)
    expect(status, pdf, 200)
    with open(out, "wb") as handle:
        handle.write(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    same = "matches" if digest == body["pdf_sha256"] else "DOES NOT match"
    step("PDF downloaded", status, f"{out}, {len(pdf)} bytes, SHA-256 {same} the petition's")


if __name__ == "__main__":
    main()
