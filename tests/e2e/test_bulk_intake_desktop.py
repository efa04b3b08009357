import re

import pytest

from casework.models import Case
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DETAINEES = [
    ("Abdul Wahid", "Gul Zaman"),
    ("Noor Agha", "Sayed Karim"),
    ("نجیب الله", "گل محمد"),
    ("Zabihullah", "Mohammad Rafiq"),
]


def test_lawyer_logs_four_detainees_of_one_raid_on_a_desktop(
    live_server, lawyer, supervisor, desktop, artifacts
):
    page = desktop
    sign_in(page, live_server.url, "lawyer")

    page.get_by_role("link", name="Incidents").click()
    page.get_by_role("link", name="New incident").click()
    page.get_by_label("Date and time of the raid").fill("2026-11-25T05:30")
    page.get_by_label(re.compile(r"^Place")).fill("Afghan Basti, Tarnol, Islamabad")
    page.get_by_label("Agency").select_option("police")
    page.get_by_label("Reported by").fill("Community contact (fictional), by phone")
    page.get_by_label("Estimated number detained").fill("12")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Log detainees").click()
    # Shared arrest details come from the incident; where they are held is typed once.
    assert page.get_by_label("Arrested at (date and time)").input_value() == "2026-11-25T05:30"
    page.get_by_label("Police station", exact=True).fill("Police Station Tarnol, Islamabad")
    page.get_by_label("FIR number").fill("811/2026")
    for row, (name, father) in enumerate(DETAINEES, start=1):
        page.get_by_label(f"Name, row {row}", exact=True).fill(name)
        page.get_by_label(f"Father's name, row {row}", exact=True).fill(father)
    page.get_by_label("Document, row 1", exact=True).select_option("por")
    page.get_by_label("Document number, row 1", exact=True).fill("TEST-0000001")
    page.screenshot(path=artifacts / "bulk-intake-desktop-form.png", full_page=True)
    page.get_by_role("button", name="Open the cases").click()

    page.get_by_text("4 cases opened").wait_for()
    page.screenshot(path=artifacts / "bulk-intake-desktop-incident.png", full_page=True)
    cases = query(lambda: list(Case.objects.select_related("detention").order_by("reference")))
    assert len(cases) == 4
    assert len({c.detention.incident_id for c in cases}) == 1
    assert {c.detention.fir_number for c in cases} == {"811/2026"}
    html = page.content()
    assert all(case.reference in html for case in cases)
    assert "نجیب الله" in html

    # The case page shows the raid it came from.
    page.get_by_role("link", name=cases[0].reference).click()
    page.get_by_role("heading", name="Incident").wait_for()
    assert "Afghan Basti, Tarnol, Islamabad" in page.content()
