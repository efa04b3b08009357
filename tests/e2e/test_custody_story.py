"""A case from arrest to release on bail, in real Chromium, every hand-off a notification.

A lawyer logs a detainee on a phone at the police station (the supervisor is told), adds
a paralegal to the team (the paralegal is told), the paralegal drafts a bail application
and sends it for approval (the supervisor is told), the supervisor approves it from the
queue (the paralegal and the lawyer are told), the magistrate refuses bail, the lawyer
records the refusal, the Sessions Court is offered the bail-after-refusal petition citing
the refused order, grants bail with a bond, and the release on bail is recorded.
Every name and number is fictional.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case, Notification
from detainees.models import Application, Court, CourtLevel, CustodyChange
from documents.models import Petition
from tests.documents.petition_helpers import ensure_seeded
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1}
DESK = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def courts():
    """Earlier transactional tests flush what the data migrations seeded: put it back."""
    ensure_seeded()
    place = {"seat": "Islamabad", "district": "Islamabad (East)",
             "province": "Islamabad Capital Territory"}  # fmt: skip
    magistrate, _ = Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (East)",
        defaults={"level": CourtLevel.JUDICIAL_MAGISTRATE, **place},
    )
    sessions, _ = Court.objects.get_or_create(
        name="Sessions Court, Islamabad (East)", defaults={"level": CourtLevel.SESSIONS, **place}
    )
    return magistrate, sessions


def notified(page, base_url: str, reference: str, subject: str) -> None:
    """The hand-off is waiting on the recipient's notifications page, linked to the case."""
    page.goto(f"{base_url}/notifications/")
    page.get_by_role("link", name=re.compile(re.escape(subject))).first.wait_for()
    assert reference in page.content()


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_from_a_phone_at_the_police_station_to_release_on_bail(
    live_server, courts, lawyer, paralegal, supervisor, browser, artifacts
):
    magistrate, sessions = courts
    base = live_server.url
    arrested = timezone.now() - timedelta(days=3)

    # 1. The lawyer logs the detainee from a phone; the supervisor is told.
    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, base, "lawyer")
    phone.get_by_role("link", name="New case").first.click()
    phone.get_by_label("Name", exact=True).fill("Sardar")
    phone.get_by_label("Family name", exact=True).fill("Wardak")
    phone.get_by_label("Father's name", exact=True).fill("Gul Ahmad")
    phone.get_by_label("Arrested at (date and time)").fill(local(arrested))
    phone.get_by_label("Police station", exact=True).fill("Police Station Shalimar, Islamabad")
    phone.get_by_label("FIR number").fill("733/2026")
    phone.get_by_role("button", name="Open case").click()
    phone.get_by_role("heading", name="Sardar Wardak").wait_for()
    case = query(Case.objects.get)
    reference = case.reference
    assert case.lead_lawyer_id == lawyer.pk

    # 2. The lead lawyer adds the paralegal to the team from the phone.
    phone.get_by_role("link", name="Assign").click()
    phone.get_by_label(re.compile("^Para Legal|paralegal", re.I)).first.check()
    phone.get_by_role("button", name="Save assignment").click()
    phone.get_by_text("Assignment saved.").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=artifacts / "story-case-phone.png", full_page=True)

    desk = browser.new_context(**DESK).new_page()
    sign_in(desk, base, "supervisor")
    notified(desk, base, reference, f"case {reference}")
    desk.get_by_role("button", name="Sign out").click()

    # 3. The paralegal is told, drafts the bail application and sends it without saving.
    sign_in(desk, base, "paralegal")
    notified(desk, base, reference, f"assigned to case {reference}")
    desk.get_by_role("link", name=re.compile(f"assigned to case {reference}")).first.click()
    desk.get_by_role("link", name="New petition").click()
    desk.get_by_label("Petition").select_option(
        label="Bail application (CrPC s.497) — English (for review by counsel)"
    )
    desk.get_by_label("Court", exact=True).select_option(label=magistrate.name)
    desk.get_by_role("button", name="Create draft").click()
    desk.get_by_role("heading", name="Edit the draft").wait_for()
    desk.get_by_label("Facts").fill("The petitioner was stopped at a checkpoint on his way home.")
    desk.get_by_role("button", name="Send for approval").click()
    desk.get_by_text("cannot approve a petition you drafted").wait_for()
    petition = query(lambda: Petition.objects.get(case__reference=reference))
    assert "checkpoint" in petition.facts
    desk.get_by_role("button", name="Sign out").click()

    # 4. The supervisor is told, approves from the queue; the drafter and lawyer are told.
    sign_in(desk, base, "supervisor")
    notified(desk, base, reference, "awaits your approval")
    desk.get_by_role("link", name="Awaiting my approval 1").click()
    desk.get_by_role("link", name=reference).click()
    desk.get_by_role("button", name="Approve and prepare PDF").click()
    desk.get_by_role("link", name="Download PDF").wait_for()
    desk.get_by_role("button", name="Sign out").click()
    sign_in(desk, base, "paralegal")
    notified(desk, base, reference, "was approved")
    desk.get_by_role("button", name="Sign out").click()
    notified(phone, base, reference, "was approved")

    # 5. The magistrate refuses bail: the lawyer records the hearing and the refusal.
    phone.goto(f"{base}/cases/{reference}/")
    phone.get_by_role("link", name="Add hearing").click()
    phone.get_by_label("Court").select_option(str(magistrate.pk))
    phone.get_by_label("Date and time").fill(local(arrested + timedelta(hours=20)))
    phone.get_by_label("Purpose").select_option("bail")
    phone.get_by_role("button", name="Add hearing").click()
    phone.get_by_role("heading", name="Hearings").wait_for()
    refused_on = timezone.localdate(arrested + timedelta(hours=20))
    phone.goto(f"{base}/cases/{reference}/")
    phone.get_by_role("link", name="Record an application").click()
    phone.get_by_label("Application").select_option("bail")
    phone.get_by_label("Court").select_option(str(magistrate.pk))
    phone.get_by_label("Date filed").fill(refused_on.isoformat())
    phone.get_by_label("Number").fill("118/2026")
    phone.get_by_label("Result").select_option("refused")
    phone.get_by_label("Date of the order").fill(refused_on.isoformat())
    phone.get_by_role("button", name=re.compile("Save|Record")).first.click()
    phone.get_by_role("heading", name="Sardar Wardak").wait_for()

    # 6. Bail after refusal goes to the Sessions Court and cites the refused order.
    phone.get_by_role("link", name="New petition").click()
    phone.get_by_label("Petition").select_option(
        label="Bail application after refusal (Sessions Court, then High Court)"
        " — English (for review by counsel)"
    )
    phone.get_by_label("Court", exact=True).select_option(label=sessions.name)
    phone.get_by_role("button", name="Create draft").click()
    phone.get_by_role("heading", name="Edit the draft").wait_for()
    after_refusal = query(lambda: Petition.objects.filter(case__reference=reference).latest("pk"))
    cited = after_refusal.context["applications"]["earlier"]
    assert [(a["number"], a["result"]) for a in cited] == [("118/2026", "refused")]

    # 7. The Sessions Court grants bail with a bond; the release on bail is recorded.
    phone.goto(f"{base}/cases/{reference}/")
    phone.get_by_role("link", name="Record an application").click()
    phone.get_by_label("Application").select_option("bail")
    phone.get_by_label("Court").select_option(str(sessions.pk))
    phone.get_by_label("Date filed").fill(refused_on.isoformat())
    phone.get_by_label("Number").fill("77/2026")
    phone.get_by_label("Result").select_option("granted")
    phone.get_by_label("Date of the order").fill(timezone.localdate().isoformat())
    phone.get_by_label("Bond amount (Rs.)").fill("50000")
    phone.get_by_role("button", name=re.compile("Save|Record")).first.click()
    phone.get_by_text("Bail granted").first.wait_for()
    phone.get_by_role("link", name="Record the release").click()
    phone.get_by_label("When").fill(local(timezone.now() - timedelta(minutes=30)))
    phone.get_by_role("button", name=re.compile("Save|Record")).first.click()
    phone.get_by_role("heading", name="Sardar Wardak").wait_for()
    phone.screenshot(path=artifacts / "story-released-phone.png", full_page=True)

    granted = query(lambda: Application.objects.get(case__reference=reference, number="77/2026"))
    assert (granted.result, granted.bond_amount) == ("granted", 50000)
    assert query(
        lambda: CustodyChange.objects.filter(
            detention__case__reference=reference, kind="released_on_bail"
        ).exists()
    )
    assert query(lambda: Notification.objects.filter(case__reference=reference).count()) >= 5
    phone.context.close()
    desk.context.close()
