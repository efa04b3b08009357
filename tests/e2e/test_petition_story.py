"""The paralegal's story in the browser: draft on a phone, a supervisor approves, download."""

import pytest

from detainees.models import Court, CourtLevel
from documents.models import Petition
from tests.documents.petition_helpers import case_with_por
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    # Earlier transactional tests flush the tables, seeded courts included.
    Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (East)",
        defaults={"level": CourtLevel.JUDICIAL_MAGISTRATE, "seat": "Islamabad",
                  "district": "Islamabad (East)", "province": "Islamabad Capital Territory"},
    )  # fmt: skip
    return case_with_por(lawyer, paralegal, supervisor)


def test_paralegal_drafts_on_a_phone_and_the_lawyer_downloads_the_approved_pdf(
    live_server, por_case, lawyer, paralegal, supervisor, phone, desktop, artifacts
):
    page = phone
    sign_in(page, live_server.url, "paralegal")
    page.goto(f"{live_server.url}/cases/{por_case.reference}/")
    page.get_by_role("link", name="New petition").click()
    page.get_by_label("Petition").select_option(
        label="Bail application (CrPC s.497) — English (for review by counsel)"
    )
    page.get_by_label("Court", exact=True).select_option(
        label="Judicial Magistrate, Islamabad (East)"
    )
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Edit the draft").wait_for()
    page.get_by_label("Facts").fill("the petitioner was arrested outside the mosque after prayers.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Petition saved.").wait_for()
    page.screenshot(path=artifacts / "petition-draft-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Typed, then leaving the page: the browser asks first, and staying keeps the text.
    page.get_by_label("Grounds").press_sequentially("The card was covered")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name=por_case.reference).first.click()
    assert asked == ["beforeunload"]
    # Then sent at once without "Save draft": the text is saved before it is sent.
    page.get_by_label("Grounds").fill("The card was covered on the date of arrest.")
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("cannot approve a petition you drafted").wait_for()
    petition = query(lambda: Petition.objects.get(case__reference=por_case.reference))
    assert petition.grounds == "The card was covered on the date of arrest."
    detail = f"{live_server.url}/cases/{por_case.reference}/petitions/{petition.public_id}/"

    sign_in(desktop, live_server.url, "supervisor")
    desktop.get_by_role("link", name="Awaiting my approval 1").click()
    desktop.get_by_role("link", name=por_case.reference).click()
    desktop.get_by_role("button", name="Approve and prepare PDF").click()
    desktop.get_by_role("link", name="Download PDF").wait_for()
    desktop.screenshot(path=artifacts / "petition-ready.png", full_page=True)
    desktop.get_by_role("button", name="Sign out").click()

    sign_in(desktop, live_server.url, "lawyer")
    desktop.goto(detail)
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert query(lambda: Petition.objects.get(pk=petition.pk).state) == "ready"
