"""A hearing from the lawyer's phone to the supervisor's review, in real Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone

from detainees.models import CaseOutcome, Court, Hearing
from tests.e2e.helpers import follow_nav, query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_lawyer_records_a_hearing_on_a_phone_and_the_supervisor_reviews_the_outcome(
    live_server, case, lawyer, supervisor, browser, artifacts
):
    # Transactional tests empty the tables the data migration filled; put the court back.
    court = query(lambda: Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (West)",
        defaults={"level": "judicial_magistrate", "seat": "Islamabad"},
    )[0])  # fmt: skip
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, live_server.url, "lawyer")
    phone.goto(f"{live_server.url}/cases/{case.reference}/")
    phone.get_by_role("link", name="Add hearing").click()
    phone.get_by_label("Court").select_option(str(court.pk))
    hearing_at = timezone.localtime(
        timezone.now() - timedelta(hours=1), timezone.get_fixed_timezone(5 * 60)
    )
    phone.get_by_label("Date and time").fill(hearing_at.strftime("%Y-%m-%dT%H:%M"))
    phone.get_by_label("Purpose").select_option("bail")
    # The lawyer adding the hearing is ticked as attending already.
    phone.get_by_role("button", name="Add hearing").click()
    phone.get_by_role("heading", name="Hearings").wait_for()
    assert "Judicial Magistrate, Islamabad (West)" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=artifacts / "hearing-case-phone.png", full_page=True)

    phone.get_by_role("link", name="Record result").click()
    phone.get_by_label("What the court did").fill("Bail granted against surety of Rs 50,000")
    phone.get_by_label("Outcome for the detainee").select_option("bail_magistrate")
    phone.get_by_role("button", name="Save result").click()
    phone.get_by_text("Result recorded.").wait_for()
    assert query(lambda: CaseOutcome.objects.get().outcome) == "bail_magistrate"

    phone.get_by_role("link", name="Hearings", exact=True).click()
    phone.get_by_role("heading", name="My hearings").wait_for()
    assert case.reference in phone.content()
    phone.screenshot(path=artifacts / "hearing-my-hearings-phone.png", full_page=True)
    phone.context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(desk, live_server.url, "supervisor")
    follow_nav(desk, "Outcome review")
    desk.get_by_role("link", name="Review", exact=True).click()
    desk.get_by_label("Comment (optional)").fill("Ask the family to bring the surety papers")
    desk.get_by_role("button", name="Mark reviewed").click()
    desk.get_by_text("Nothing to review").wait_for()
    desk.screenshot(path=artifacts / "hearing-outcome-review.png", full_page=True)
    assert query(lambda: CaseOutcome.objects.get().reviewed_by_id) == supervisor.pk
    follow_nav(desk, "Court diary")
    desk.get_by_role("heading", name="Court diary").wait_for()
    assert query(lambda: Hearing.objects.count()) == 1
    desk.context.close()
