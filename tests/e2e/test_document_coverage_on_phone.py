"""A paralegal adds a PoR card from a phone and sees whether it covered the day of arrest."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from documents.models import IdentityDocument, ValidityRule, ValidityRuleRevision
from documents.seed_timeline import seed_validity_timeline
from tests.documents.samples import png_bytes
from tests.e2e.helpers import query, sign_in
from tests.factories import open_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_paralegal_adds_a_por_card_and_sees_coverage_on_the_arrest_date(
    live_server, lawyer, paralegal, supervisor, phone, artifacts
):
    # Transactional tests empty the tables the data migration filled; put the timeline back.
    query(lambda: seed_validity_timeline(ValidityRule, ValidityRuleRevision))
    arrested = datetime(2024, 10, 1, 9, 0, tzinfo=ZoneInfo("Asia/Karachi"))

    def make_case():
        from casework.services import case_assign

        case = open_case(lawyer, detention={"arrested_at": arrested})
        case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
        return case

    case = query(make_case)
    page = phone
    sign_in(page, live_server.url, "paralegal")
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.get_by_role("link", name="Add document").click()
    page.get_by_label("Kind").select_option("por")
    page.get_by_label("Number as printed").fill("zz-000 0042")
    page.get_by_label("Printed expiry").fill("2023-06-30")
    page.get_by_label("Original seen").check()
    # htmx shows the verdict before anything is saved: without the issue date nobody can
    # tell whether the 2021-22 renewal covers the card, so it asks for it.
    page.locator("#coverage-preview").get_by_text("Record the issue date").wait_for()
    page.get_by_label("Issued on").fill("2021-09-20")
    page.get_by_label("Issued on").dispatch_event("change")
    page.locator("#coverage-preview").get_by_text("Covered on 1 Oct 2024").wait_for()
    page.get_by_label("Photos or scans (both sides)").set_input_files(
        [{"name": "front.png", "mimeType": "image/png", "buffer": png_bytes(with_gps=True)}]
    )
    page.screenshot(path=artifacts / "document-add-phone.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Documents").wait_for()
    section = page.locator("section.documents")
    text = section.inner_text()
    assert "Day of arrest 1 Oct 2024" in text
    assert "Covered on 1 Oct 2024" in text
    assert "Federal cabinet decision of 10 Jul 2024 and SAFRON notification" in text
    assert "front.png" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "document-coverage-phone.png", full_page=True)
    assert query(lambda: IdentityDocument.objects.get().number_normalised) == "ZZ0000042"

    page.get_by_role("link", name="Record a check").click()
    page.get_by_label("How was it checked?").select_option("unhcr")
    page.get_by_label("Result").select_option("genuine")
    page.get_by_role("button", name="Record the check").click()
    page.get_by_text("Verified genuine").wait_for()

    page.goto(f"{live_server.url}/cases/?papers=covered")
    page.get_by_role("link", name=case.reference).wait_for()
    page.goto(f"{live_server.url}/cases/?papers=not_covered")
    assert page.get_by_role("link", name=case.reference).count() == 0
