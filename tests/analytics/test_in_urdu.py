"""Today, Analytics, their charts and CSV files, and the monthly report, for a supervisor
who reads Panah in Urdu: the computed cells, the charts' words and the files' headers are
in Urdu too, while an English reader of the same figures still gets English."""

import base64
import csv
import io
import re

import pytest
from django.utils import translation

from analytics.csv_export import BOM
from analytics.selectors import AnalyticsFilters, recent_analytics_figures
from casework.models import Membership, Role
from tests.analytics.fixture import build
from tests.factories import member, open_case

pytestmark = pytest.mark.django_db

URDU = re.compile(r"[\u0600-\u06ff]")


def _reads_urdu(user):
    Membership.objects.filter(user=user).update(language="ur")


def _chart_words(html: str) -> str:
    """The text drawn inside the page's charts (SVG carried in data: URIs)."""
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found, "the page shows no chart"
    return " ".join(base64.b64decode(data).decode() for data in found)


def _csv_rows(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(raw.decode("utf-8").removeprefix(BOM))))


def test_analytics_in_urdu_words_its_cells_and_charts_in_urdu(client, login, supervisor, lawyer):
    build(lawyer)
    _reads_urdu(supervisor)
    login(supervisor)
    html = client.get("/analytics/").content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    # "3 of 7 …" and "too few cases" were computed in English before.
    assert "too few cases" not in html and "no cases" not in html
    assert "میں سے" in html  # "… of …": a share worded in Urdu
    assert "گرفتاری سے پہلی درخواست کے مسودے تک" in html  # "Arrest to first petition drafted"
    assert "ابھی کوئی نتیجہ نہیں" in html  # "No outcome yet"
    drawn = _chart_words(html)
    assert "رہا نہیں ہوئے" in drawn  # the legend "Not released"
    assert "Not released" not in drawn and ">Cases<" not in drawn


def test_the_same_figures_are_counted_and_drawn_once_per_language(supervisor, lawyer, org):
    build(lawyer)
    filters = AnalyticsFilters()
    with translation.override("en-gb"):
        english = recent_analytics_figures(org, filters)
    with translation.override("ur"):
        urdu = recent_analytics_figures(org, filters)
    with translation.override("en-gb"):
        again = recent_analytics_figures(org, filters)
    assert again.computed_at == english.computed_at  # still the cached English figures
    first_cells = [row.cells[-1] for row in urdu.tables["coverage"].rows]
    assert all(URDU.search(str(cell)) for cell in first_cells), first_cells
    english_chart = english.charts["release_by_coverage"].svg
    urdu_chart = urdu.charts["release_by_coverage"].svg
    assert "Not released" in english_chart
    assert "رہا نہیں ہوئے" in urdu_chart and "Not released" not in urdu_chart


def test_today_in_urdu_words_its_computed_cells_and_titles_in_urdu(
    client, login, supervisor, lawyer, org
):
    open_case(lawyer, hours_ago=30)
    departed = member(org, Role.LAWYER)
    open_case(departed)
    departed.is_active = False  # left the organisation: their cases count as "Former members"
    departed.save(update_fields=["is_active"])
    _reads_urdu(supervisor)
    login(supervisor)
    html = client.get("/today/").content.decode()
    assert "UNHCR referrals with no reply" not in html
    assert "Bail granted but not released after" not in html
    assert "ضمانت منظور لیکن 24 گھنٹے بعد بھی رہائی نہیں" in html
    assert "سابق ارکان" in html and "Former members" not in html
    drawn = _chart_words(html)
    assert "سابق ارکان" in drawn and "Former members" not in drawn


def test_a_csv_export_has_its_header_row_in_the_readers_language(
    client, login, supervisor, lawyer, org
):
    open_case(lawyer, hours_ago=30, person={"given_name": "=1+1", "family_name": ""})
    _reads_urdu(supervisor)
    login(supervisor)
    rows = _csv_rows(client.get("/today/export/?table=custody"))
    assert rows[0] == [
        "مقدمہ",
        "زیر حراست شخص",
        "زیر حراست بمقام",
        "زیر حراست گھنٹے",
        "مرکزی وکیل",
        "لنک",
    ]
    assert rows[1][1].startswith("'=1+1")  # still defused, whatever the language
    cases = _csv_rows(client.get("/analytics/cases.csv"))
    assert cases[0][0] == "حوالہ" and cases[0][-1] == "لنک"
    # The same table for a supervisor who reads English, in the same browser.
    english = member(org, Role.SUPERVISOR)
    Membership.objects.filter(user=english).update(language="en-gb")
    login(english)
    rows = _csv_rows(client.get("/today/export/?table=custody"))
    assert rows[0] == ["Case", "Detainee", "Held at", "Hours held", "Lead lawyer", "Link"]


@pytest.fixture
def rendered_reports(monkeypatch):
    """What the PDF worker lays out, and in which language (the PDF's own text would need
    the Urdu fonts of a production worker to read back)."""
    from analytics import report

    seen = []
    render = report.report_html

    def capture(monthly_report):
        html = render(monthly_report)
        seen.append((translation.get_language(), html))
        return html

    monkeypatch.setattr(report, "report_html", capture)
    return seen


def test_the_monthly_report_is_written_in_the_language_of_whoever_asked(
    client, login, supervisor, lawyer, rendered_reports, django_capture_on_commit_callbacks
):
    build(lawyer)
    _reads_urdu(supervisor)
    login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/analytics/reports/", {"month": "2026-03-01"}).status_code == 302
    language, html = rendered_reports[-1]
    assert language == "ur"
    assert '<html lang="ur" dir="rtl">' in html
    assert "ماہانہ رپورٹ" in html and "Monthly report" not in html
    assert "میں سے" in html and "too few cases" not in html


def test_a_monthly_report_asked_for_in_english_stays_english(
    client, login, supervisor, lawyer, rendered_reports, django_capture_on_commit_callbacks
):
    build(lawyer)
    login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/analytics/reports/", {"month": "2026-03-01"})
    language, html = rendered_reports[-1]
    assert language == "en-gb"
    assert "Monthly report: March 2026" in html and 'dir="ltr"' in html
