"""CSV exports: what the table shows, a link back to each case, formulas defused, Excel-safe
UTF-8, and an audit event for every file that leaves."""

import csv
import io

import pytest

from analytics.csv_export import BOM, neutralise, table_csv
from analytics.tables import Row, Table
from casework.models import Event
from tests.factories import open_case
from tests.security.test_reauth import make_stale

pytestmark = pytest.mark.django_db


def parse(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(raw.decode("utf-8").removeprefix(BOM))))


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil")', "+92 300", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_cells_a_spreadsheet_would_run_become_text(text):
    assert neutralise(text) == "'" + text


def test_ordinary_cells_and_numbers_stay_as_they_are():
    assert neutralise("Gul Ahmad") == "Gul Ahmad"
    assert neutralise("گل احمد") == "گل احمد"
    assert neutralise(12) == "12"
    assert neutralise(None) == ""


def test_a_table_about_cases_gets_a_link_column_and_an_aggregate_does_not():
    cases = Table("t", "T", ["Case", "Name"], [Row(["ISB-1", "=1+1"], reference="ISB-1")])
    data = table_csv(cases, lambda ref: f"https://panah.example/cases/{ref}/").decode()
    assert data.startswith(BOM)
    assert list(csv.reader(io.StringIO(data.removeprefix(BOM)))) == [
        ["Case", "Name", "Link"],
        ["ISB-1", "'=1+1", "https://panah.example/cases/ISB-1/"],
    ]
    totals = Table("t", "T", ["Court", "Cases"], [Row(["Court A", 3])])
    assert table_csv(totals, str).decode().removeprefix(BOM).splitlines()[0] == "Court,Cases"


def test_today_queue_export_has_the_rows_shown_with_links_and_is_audited(
    client, login, supervisor, lawyer
):
    case = open_case(
        lawyer, hours_ago=30,
        person={"given_name": "=HYPERLINK(\"http://x\")", "family_name": ""},
    )  # fmt: skip
    login(supervisor)
    response = client.get("/today/export/?table=custody")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = parse(response)
    assert lines[0] == ["Case", "Detainee", "Held at", "Hours held", "Lead lawyer", "Link"]
    assert lines[1][0] == case.reference
    assert lines[1][1] == '\'=HYPERLINK("http://x")'
    assert lines[1][-1] == f"http://testserver/cases/{case.reference}/"
    assert len(lines) == 2
    event = Event.objects.get(verb="analytics.exported")
    assert event.actor == supervisor
    assert event.data == {"page": "today", "table": "custody", "rows": 1, "filters": []}


def test_urdu_names_survive_the_round_trip(client, login, supervisor, lawyer):
    case = open_case(
        lawyer, hours_ago=30,
        person={"given_name": "", "family_name": "", "given_name_native": "گل احمد",
                "family_name_native": "صافی"},
    )  # fmt: skip
    login(supervisor)
    lines = parse(client.get("/today/export/?table=custody"))
    assert lines[1][:2] == [case.reference, "گل احمد صافی"]


def test_analytics_export_follows_the_filters_and_records_their_names(
    client, login, supervisor, lawyer
):
    open_case(lawyer)
    login(supervisor)
    response = client.get("/analytics/export/?table=coverage&kind=passport&since=2026-01-01")
    lines = parse(response)
    assert lines[0] == ["Verdict", "Cases", "Share of cases"]
    assert [line[1] for line in lines[1:]] == ["0", "0", "0", "0"]
    event = Event.objects.get(verb="analytics.exported")
    assert event.data["filters"] == ["kind", "since"]
    assert event.data["page"] == "analytics"


def test_case_list_export_keeps_the_lists_filters_and_columns(client, login, supervisor, lawyer):
    held = open_case(lawyer, hours_ago=30, person={"given_name": "Held"})
    produced = open_case(lawyer, hours_ago=2, person={"given_name": "Produced"})
    type(produced.detention).objects.filter(pk=produced.detention_id).update(
        produced_at=produced.detention.arrested_at
    )
    login(supervisor)
    everything = parse(client.get("/analytics/cases.csv"))
    assert everything[0] == [
        "Reference", "Detainee", "Held", "Hours without production", "Papers on arrest day",
        "Stage", "Lead lawyer", "Link",
    ]  # fmt: skip
    assert [line[0] for line in everything[1:]] == [held.reference, produced.reference]
    awaiting = parse(client.get("/analytics/cases.csv?custody=awaiting&q=Held"))
    assert [line[0] for line in awaiting[1:]] == [held.reference]
    assert awaiting[1][3] == "30 h habeas corpus candidate"
    assert awaiting[1][4] == "No documents"
    # The search term may be a name: only the filters' names reach the trail.
    event = Event.objects.filter(verb="analytics.exported").order_by("-id").first()
    assert event.data["filters"] == ["custody", "q"]
    assert "Held" not in str(event.data)


def test_the_case_list_offers_the_export_to_supervisors_only(client, login, supervisor, lawyer):
    open_case(lawyer)
    login(supervisor)
    assert (
        "/analytics/cases.csv?stage=intake" in client.get("/cases/?stage=intake").content.decode()
    )
    login(lawyer)
    assert "/analytics/cases.csv" not in client.get("/cases/").content.decode()


@pytest.mark.parametrize(
    "url", ["/today/export/?table=custody", "/analytics/export/?table=coverage",
            "/analytics/cases.csv"],
)  # fmt: skip
def test_an_old_sign_in_must_be_confirmed_before_exporting(client, login, supervisor, url):
    login(supervisor)
    make_stale(client)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not Event.objects.filter(verb="analytics.exported").exists()
