import pytest

from casework.models import Case
from detainees.models import Detention
from tests.detainees.incident_helpers import record_incident
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "\ufeffname,father_name,gender,document_kind,document_number\r\n"
    "Abdul Wahid,Gul Zaman,male,por,TEST-0000011\r\n"
    "نجیب الله,گل محمد,male,,\r\n"
    "Hamidullah,,male,,\r\n"
).encode()


@pytest.fixture
def incident(lawyer):
    return record_incident(lawyer)


def test_csv_upload_on_a_phone_shows_bad_lines_then_opens_the_cases(
    live_server, incident, phone, artifacts
):
    page = phone
    sign_in(page, live_server.url, "lawyer")
    page.goto(f"{live_server.url}/incidents/{incident.public_id}/")
    page.get_by_role("link", name="Upload a CSV").click()
    page.get_by_label("Police station", exact=True).fill("Police Station Golra, Islamabad")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "raid.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Check and open the cases").click()

    page.get_by_text("Nothing was saved.").wait_for()
    assert "Line 4 (Hamidullah" in page.content()
    assert query(lambda: Case.objects.count()) == 0
    page.screenshot(path=artifacts / "bulk-intake-csv-phone-errors.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The rows came back in the text box: fix the bad line there and submit again.
    box = page.get_by_label("Or paste the rows")
    box.fill(box.input_value().replace("Hamidullah,,male", "Hamidullah,Khan Agha,male"))
    page.get_by_role("button", name="Check and open the cases").click()
    page.get_by_text("3 cases opened").wait_for()
    assert query(lambda: Detention.objects.filter(incident_id=incident.pk).count()) == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "bulk-intake-csv-phone-done.png", full_page=True)

    # The other incident pages fit the phone too.
    for name, path in (
        ("list", "/incidents/"),
        ("rows", f"/incidents/{incident.public_id}/intake/"),
        ("new", "/incidents/new/"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=artifacts / f"incident-{name}-phone.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
