import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]


def run(*args) -> str:
    out = StringIO()
    call_command("coverage", *args, stdout=out)
    return out.getvalue()


def test_command_prints_verdict_rule_and_source():
    out = run("--kind", "por", "--expiry", "2023-06-30", "--on", "2024-05-01")
    assert out.startswith("COVERED:")
    assert "Rule: Federal cabinet decision of Apr 2024" in out
    assert "Source: The Nation, 27 Apr 2024" in out


def test_command_json_for_scripts():
    data = json.loads(
        run("--kind", "por", "--expiry", "2023-06-30", "--on", "2025-08-05", "--json")
    )
    assert data["status"] == "not_covered"
    assert data["previous_rule"]["valid_until"] == "2025-06-30"
    assert data["rule"]["valid_from"] == "2025-07-31"


def test_command_reports_unknown():
    assert run("--kind", "acc", "--on", "2024-01-10").startswith("UNKNOWN:")


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="Not a date"):
        run("--kind", "por", "--on", "2024-13-01")
