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
    out = run(
        "--kind", "por", "--expiry", "2023-06-30", "--issued", "2021-09-20", "--on", "2024-05-01"
    )  # fmt: skip
    assert out.startswith("COVERED:")
    assert "Rule: Federal cabinet decision extending PoR cards from 1 Apr 2024" in out
    assert "Source: The Nation, 27 Apr 2024" in out


def test_command_shows_assumptions_and_what_to_confirm():
    out = run("--kind", "por", "--expiry", "2015-12-31", "--issued", "2014-06-10",
              "--on", "2018-08-15")  # fmt: skip
    assert out.startswith("UNKNOWN:")
    assert "  - Start date of Federal cabinet decision extending PoR cards to 30 Jun 2019 " in out
    assert "assumed from 1 Jul 2018; confirm" in out
    assert "Record the issue date" in run("--kind", "por", "--on", "2024-10-01")


def test_command_json_for_scripts():
    data = json.loads(
        run("--kind", "por", "--expiry", "2023-06-30", "--on", "2025-08-05", "--json")
    )
    assert data["status"] == "not_covered"
    assert data["basis"] == "ended"
    assert data["previous_rule"]["valid_until"] == "2025-07-31"
    assert data["rule"]["valid_from"] == "2025-07-31"
    assert data["pleadable"] is False and data["assumptions"] == []


def test_command_reports_unknown():
    assert run("--kind", "acc", "--on", "2020-01-10").startswith("UNKNOWN:")


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="Not a date"):
        run("--kind", "por", "--on", "2024-13-01")


def test_timeline_editor_command_grants_and_revokes(lawyer):
    from django.contrib.auth import get_user_model

    from documents.selectors import may_edit_shared_timeline

    out = StringIO()
    call_command("timeline_editor", "lawyer", stdout=out)
    assert "may now edit" in out.getvalue()
    assert may_edit_shared_timeline(get_user_model().objects.get(pk=lawyer.pk))
    call_command("timeline_editor", "lawyer", "--revoke", stdout=out)
    assert not may_edit_shared_timeline(get_user_model().objects.get(pk=lawyer.pk))
    with pytest.raises(CommandError, match="No user"):
        call_command("timeline_editor", "nobody-here", stdout=out)
