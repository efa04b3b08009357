"""The partner intake inbox, end to end: a hotline posts, a lawyer accepts or dismisses."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import InboxEntry, InboxEntryState, InboxToken
from api.services import inbox_entries_purge, inbox_entry_receive, inbox_token_create
from api.tasks import inbox_purge
from casework.models import Case, Event
from tests.clock import KARACHI_IS_TOMORROW, frozen

# Reports say when the person was taken, which must not be in the future, and entries are
# purged by age.
pytestmark = frozen(KARACHI_IS_TOMORROW)

REPORT = {
    "name": "Noor Agha",
    "father_name": "Haji Lal",
    "taken_at": (KARACHI_IS_TOMORROW - timedelta(hours=4)).isoformat(),
    "place_taken": "Fruit market, Peshawar",
    "held_at": "Police Station Faqirabad",
    "family_phone": "0300-0000000",
    "notes": "Taken with two cousins during the morning raid.",
}


def test_admin_makes_an_inbox_token_shown_once(login, admin_user):
    client = login(admin_user)
    response = client.post(reverse("api_web:inbox-token-list"), {"name": "Peshawar hotline"})
    assert response.status_code == 200
    raw = response.context["created"]
    token = InboxToken.objects.get()
    assert raw.startswith(token.prefix) and token.token_hash != raw
    assert raw not in client.get(reverse("api_web:inbox-token-list")).content.decode()


def test_only_admins_manage_inbox_tokens(login, supervisor, lawyer, outsiders, admin_user):
    token, _ = inbox_token_create(by=admin_user, name="Hotline")
    revoke = reverse("api_web:inbox-token-revoke", kwargs={"inbox_token_id": token.public_id})
    for user in [supervisor, lawyer, *outsiders]:
        client = login(user)
        if user.membership.role != "admin":
            assert client.get(reverse("api_web:inbox-token-list")).status_code == 404
        else:  # the other organisation's admin sees their own tokens, never ours
            assert "Hotline" not in client.get(reverse("api_web:inbox-token-list")).content.decode()
        assert client.post(revoke).status_code == 404


def test_hotline_posts_and_learns_nothing_about_existing_records(inbox_client, case):
    # The same name as an existing client: the answer must not differ.
    known = inbox_client.post(
        "/api/v1/intake/", {"name": "Gul Ahmad Safi", "father_name": "Sher Mohammad"},
        format="json",
    )  # fmt: skip
    unknown = inbox_client.post("/api/v1/intake/", REPORT, format="json")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert InboxEntry.objects.filter(state=InboxEntryState.NEW).count() == 2
    event = Event.objects.filter(verb="inbox.entry_received").first()
    assert "Noor" not in str(event.data) and "Gul" not in str(event.data)


def test_inbox_token_reads_nothing_and_writes_nothing_else(inbox_client, case):
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.reference}/", "/api/v1/incidents/",
                "/api/v1/coverage/?kind=por&on=2024-01-01", "/api/v1/intake/"):  # fmt: skip
        assert inbox_client.get(url).status_code in (403, 405), url
    response = inbox_client.post(
        "/api/v1/incidents/", {"occurred_at": REPORT["taken_at"], "place": "x"}, format="json"
    )
    assert response.status_code == 403
    assert "inbox token" in response.json()["message"]


def test_personal_tokens_and_no_token_cannot_post_to_the_inbox(lawyer, api_as):
    assert api_as(lawyer).post("/api/v1/intake/", REPORT, format="json").status_code == 403
    assert APIClient().post("/api/v1/intake/", REPORT, format="json").status_code == 401
    assert not InboxEntry.objects.exists()


def test_revoked_inbox_token_stops(login, admin_user, inbox_client):
    token = InboxToken.objects.get()
    login(admin_user).post(
        reverse("api_web:inbox-token-revoke", kwargs={"inbox_token_id": token.public_id})
    )
    assert inbox_client.post("/api/v1/intake/", REPORT, format="json").status_code == 401


@override_settings(
    API_THROTTLE_RATES={"token": "100/minute", "user": "100/minute", "inbox": "2/hour",
                        "anonymous": "100/minute"}
)  # fmt: skip
def test_inbox_token_is_rate_limited(inbox_client):
    statuses = [
        inbox_client.post("/api/v1/intake/", REPORT, format="json").status_code for _ in range(3)
    ]
    assert statuses == [202, 202, 429]
    assert InboxEntry.objects.count() == 2


def test_lawyer_accepts_an_entry_into_a_case(inbox_client, login, lawyer):
    inbox_client.post("/api/v1/intake/", REPORT, format="json")
    entry = InboxEntry.objects.get()
    client = login(lawyer)
    inbox = client.get(reverse("api_web:inbox-list")).content.decode()
    assert "Noor Agha" in inbox and "Peshawar hotline" in inbox
    accept = reverse("api_web:inbox-accept", kwargs={"entry_id": entry.public_id})
    form = client.get(accept)
    assert form.status_code == 200
    prefilled = form.context["form"].initial
    assert prefilled["given_name"] == "Noor Agha" and prefilled["father_name"] == "Haji Lal"
    assert prefilled["custody_location"] == "Police Station Faqirabad"
    response = client.post(
        accept,
        {"given_name": "Noor Agha", "father_name": "Haji Lal",
         "arrested_at": timezone.localtime(entry.taken_at).strftime("%Y-%m-%dT%H:%M"),
         "custody_location": "Police Station Faqirabad",
         "family_contact": "Brother, 0300-0000000"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{case.reference}/")
    assert case.person.given_name == "Noor Agha" and case.opened_by == lawyer
    entry.refresh_from_db()
    assert entry.state == InboxEntryState.ACCEPTED and entry.case == case
    # The case holds the details now; the partner's copy keeps none of them.
    assert (entry.name, entry.father_name, entry.family_phone, entry.notes) == ("", "", "", "")
    verbs = set(case.events.values_list("verb", flat=True))
    assert {"case.opened", "inbox.entry_accepted"} <= verbs
    assert client.get(accept).status_code == 302  # dealt with: back to the inbox


def test_accepting_warns_of_a_possible_duplicate_first(inbox_client, login, lawyer, case):
    inbox_client.post(
        "/api/v1/intake/", {"name": "Gul Ahmad Safi", "father_name": "Sher Mohammad"},
        format="json",
    )  # fmt: skip
    entry = InboxEntry.objects.get()
    client = login(lawyer)
    accept = reverse("api_web:inbox-accept", kwargs={"entry_id": entry.public_id})
    shown = client.get(accept)
    assert [c.reference for c in shown.context["warning"].cases] == [case.reference]
    data = {
        "given_name": "Gul Ahmad", "family_name": "Safi", "father_name": "Sher Mohammad",
        "arrested_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "custody_location": "Central Jail Peshawar",
    }  # fmt: skip
    held = client.post(accept, data)
    assert held.status_code == 200 and Case.objects.count() == 1
    assert client.post(accept, {**data, "confirm_new": "1"}).status_code == 302
    assert Case.objects.count() == 2


def test_supervisor_dismisses_with_a_reason(inbox_client, login, supervisor):
    inbox_client.post("/api/v1/intake/", REPORT, format="json")
    entry = InboxEntry.objects.get()
    client = login(supervisor)
    url = reverse("api_web:inbox-dismiss", kwargs={"entry_id": entry.public_id})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Already our client"}).status_code == 302
    entry.refresh_from_db()
    assert entry.state == InboxEntryState.DISMISSED and entry.decided_by == supervisor
    event = Event.objects.get(verb="inbox.entry_dismissed")
    assert "Already" not in str(event.data)


def test_paralegals_admins_and_outsiders_do_not_see_the_inbox(
    inbox_client, login, paralegal, admin_user, outsiders
):
    inbox_client.post("/api/v1/intake/", REPORT, format="json")
    entry = InboxEntry.objects.get()
    for user in [paralegal, admin_user, *outsiders]:
        client = login(user)
        inbox = client.get(reverse("api_web:inbox-list"))
        if user.membership.role in ("lawyer", "supervisor"):  # the other organisation's own
            assert "Noor" not in inbox.content.decode()
        else:
            assert inbox.status_code == 404
        for name in ("api_web:inbox-accept", "api_web:inbox-dismiss"):
            url = reverse(name, kwargs={"entry_id": entry.public_id})
            assert client.get(url).status_code == 404
            assert client.post(url, {"reason": "x"}).status_code == 404


@override_settings(INBOX_RETENTION_DAYS=30)
def test_entries_never_accepted_are_purged_after_the_period(admin_user, lawyer):
    token, _ = inbox_token_create(by=admin_user, name="Hotline")
    old = inbox_entry_receive(token=token, fields={"name": "Old Entry"})
    dismissed = inbox_entry_receive(token=token, fields={"name": "Dismissed Entry"})
    fresh = inbox_entry_receive(token=token, fields={"name": "Fresh Entry"})
    long_ago = timezone.now() - timedelta(days=31)
    InboxEntry.objects.filter(pk__in=[old.pk, dismissed.pk]).update(received_at=long_ago)
    InboxEntry.objects.filter(pk=dismissed.pk).update(state=InboxEntryState.DISMISSED)
    assert inbox_purge() == 2
    assert list(InboxEntry.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert inbox_entries_purge() == 0  # running again finds nothing
    assert Event.objects.get(verb="inbox.entries_purged").data == {"entries": 2, "days": 30}
