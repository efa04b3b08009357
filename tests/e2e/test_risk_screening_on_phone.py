import pytest

from casework.models import Event
from tests.e2e.helpers import follow_nav, query, sign_in
from tests.factories import open_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_lawyer_screens_a_case_on_a_phone_and_it_leads_the_supervisors_list(
    live_server, case, lawyer, supervisor, phone, artifacts
):
    older = query(
        lambda: open_case(
            lawyer, hours_ago=20, person={"given_name": "Bashir", "father_name": "Ali"}
        )
    )
    page = phone
    sign_in(page, live_server.url, "lawyer")
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.get_by_role("link", name="Open screening").click()
    page.get_by_role("link", name="Screen this case").click()

    page.get_by_label("Risk level if returned").select_option("high")
    page.get_by_label("Ethnic or religious minority (e.g. Hazara)").check()
    page.get_by_label("Ethnicity").fill("Hazara")
    page.get_by_label("Risk notes").fill("Relatives were targeted in 2023.")
    page.screenshot(path=artifacts / "risk-phone-form.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Risk screening saved.").wait_for()
    assert "Hazara" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Add referral").click()
    page.get_by_label("Referred to").select_option("unhcr")
    page.get_by_role("combobox", name="Status").select_option("sent")
    page.get_by_label("Date referred").fill("2026-11-20")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Referral saved.").wait_for()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/cases/")
    first_row = page.locator("table.cases tbody tr").first
    assert case.reference in first_row.inner_text()
    assert "High risk" in first_row.inner_text()
    assert older.reference in page.locator("table.cases tbody tr").nth(1).inner_text()
    assert "Hazara" not in page.content()
    page.screenshot(path=artifacts / "risk-phone-list.png", full_page=True)

    follow_nav(page, "Audit")
    page.get_by_label("What").select_option("risk.viewed")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("opened the confidential risk screening").first.wait_for()
    viewed = query(lambda: Event.objects.filter(verb="risk.viewed", actor=lawyer).count())
    assert viewed >= 2
