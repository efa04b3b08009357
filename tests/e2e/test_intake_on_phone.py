import pytest

from casework.models import Case
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_lawyer_logs_a_detainee_from_a_phone(live_server, lawyer, supervisor, phone, artifacts):
    page = phone
    sign_in(page, live_server.url, "lawyer")
    page.get_by_role("heading", name="Cases").wait_for()

    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Name", exact=True).fill("Mirwais")
    page.get_by_label("Family name", exact=True).fill("Hotak")
    page.get_by_label("Father's name", exact=True).fill("Nazar Mohammad")
    page.get_by_label("Arrested at (date and time)").fill("2026-11-25T08:15")
    page.get_by_label("Police station", exact=True).fill("Police Station Sohrab Goth, Karachi")
    page.get_by_label("FIR number").fill("602/2026")
    page.screenshot(path=artifacts / "intake-phone-form.png", full_page=True)
    page.get_by_role("button", name="Open case").click()

    page.get_by_role("heading", name="Mirwais Hotak").wait_for()
    page.screenshot(path=artifacts / "intake-phone-case.png", full_page=True)
    case = query(Case.objects.get)
    assert case.reference in page.content()
    assert "602/2026" in page.content()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The supervisor sees it at once in the case list.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=case.reference).wait_for()
