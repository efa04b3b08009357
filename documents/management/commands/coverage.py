"""Ask the coverage engine from the command line: for supervisors and scripts."""

import json as jsonlib
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from documents.coverage import evaluate
from documents.models import DocumentKind
from documents.selectors import rules_for


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (use YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Was a document of this kind and printed expiry valid on a date, and by which rule?"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=DocumentKind.values)
        parser.add_argument("--on", required=True, help="the date to check, e.g. 2024-05-01")
        parser.add_argument("--expiry", help="printed expiry, YYYY-MM-DD")
        parser.add_argument("--issued", help="issue date, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")

    def handle(self, *args, kind, on, expiry, issued, json: bool, **options):
        result = evaluate(
            kind=kind,
            on_date=_date(on),
            rules=rules_for([kind]),
            expires_on=_date(expiry) if expiry else None,
            issued_on=_date(issued) if issued else None,
        )
        if json:
            self.stdout.write(_dumps({"kind": kind, **result.as_dict()}))
            return
        self.stdout.write(f"{result.label.upper()}: {result.explanation}")
        for line in (*result.assumptions, *result.confirm_notes):
            self.stdout.write(f"  - {line}")
        if result.citation:
            c = result.citation
            self.stdout.write(
                f"Rule: {c.decision} (rule {c.rule_id}, "
                f"revision {c.revision_number}, {c.certainty})"
            )
            self.stdout.write(f"Source: {c.source}")


def _dumps(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)
