"""Sureties, the next friend, the bond, the release order, and the alert when a client
granted bail is still held. Every name and number is fictional."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Event, Notification
from casework.retention import case_anonymise
from casework.timeline import event_sentence as describe
from detainees.bail.contacts import case_contact_remove, case_contact_save
from detainees.bail.release import bail_granted_not_released, release_order_record
from detainees.hearings.application_services import application_record
from detainees.models import CaseContact, Court
from detainees.services import custody_change_record
from detainees.tasks import bail_release_alerts
from tests.clock import KARACHI_IS_TOMORROW, frozen, local_today

# Bail is stalled 24 hours after the start of the order's day in the organisation's zone;
# at this hour Karachi's day began in UTC's yesterday.
pytestmark = frozen(KARACHI_IS_TOMORROW)

SURETY = {
    "name": "Habib Noorzai", "relation": "son_of", "relation_name": "Wali Noorzai",
    "relation_to_detainee": "cousin", "cnic": "6110144556671", "address": "House 3, G-9/2",
    "phone": "", "solvency": "A shop in Sitara Market, Islamabad", "solvency_value": 800000,
}  # fmt: skip
FORM = {k: ("" if v is None else v) for k, v in SURETY.items()}


@pytest.fixture
def court(db):
    return Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (East)",
        defaults={"level": "judicial_magistrate", "seat": "Islamabad"},
    )[0]


@pytest.fixture
def old_case(lawyer, paralegal, supervisor):
    """Arrested four days ago, with the lawyer leading it."""
    from casework.services import case_assign
    from tests.factories import open_case

    opened = open_case(lawyer, hours_ago=4 * 24)
    case_assign(case=opened, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    opened.refresh_from_db()
    return opened


def _grant(case, lawyer, court, *, days_ago: int, bond: int | None = 100000):
    zone = ZoneInfo(case.organisation.time_zone)
    arrested = timezone.localtime(case.detention.arrested_at, zone).date()
    return application_record(
        case=case, by=lawyer, kind="bail", court=court, filed_on=arrested, result="granted",
        order_on=local_today(case.organisation) - timedelta(days=days_ago), bond_amount=bond,
    )  # fmt: skip


# Sureties and the next friend -----------------------------------------------------------


def test_a_surety_is_recorded_with_an_encrypted_cnic_and_audited(case, lawyer):
    contact = case_contact_save(case=case, by=lawyer, role="surety", fields=SURETY)
    assert contact.cnic == "61101-4455667-1"
    with connection.cursor() as cursor:
        cursor.execute("SELECT cnic FROM detainees_casecontact WHERE id = %s", [contact.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc2:") and "4455667" not in stored
    event = Event.objects.get(verb="contact.added", case=case)
    assert "Habib" not in str(event.data) and "4455667" not in str(event.data)
    assert describe(event.verb, event.data) == "added a surety"


def test_a_malformed_cnic_or_a_missing_name_is_refused_with_a_message(case, lawyer):
    with pytest.raises(ValidationError) as error:
        case_contact_save(case=case, by=lawyer, role="surety",
                          fields={**SURETY, "cnic": "12345", "name": " "})  # fmt: skip
    assert set(error.value.message_dict) >= {"cnic", "name"}
    assert "13 digits" in error.value.message_dict["cnic"][0]


def test_a_case_has_one_next_friend(case, lawyer):
    fields = {"name": "Jawed Hotaki", "relation_to_detainee": "brother"}
    case_contact_save(case=case, by=lawyer, role="next_friend", fields=fields)
    with pytest.raises(ValidationError, match="already recorded"):
        case_contact_save(case=case, by=lawyer, role="next_friend", fields=fields)


def test_correcting_and_removing_a_surety_are_audited(case, lawyer):
    contact = case_contact_save(case=case, by=lawyer, role="surety", fields=SURETY)
    case_contact_save(case=case, by=lawyer, role="surety", contact=contact,
                      fields={**SURETY, "address": "House 9, G-10/4"})  # fmt: skip
    updated = Event.objects.get(verb="contact.updated", case=case)
    assert describe(updated.verb, updated.data) == "corrected a surety (address)"
    case_contact_remove(case=case, by=lawyer, contact=contact)
    assert not CaseContact.objects.filter(case=case).exists()
    removed = Event.objects.get(verb="contact.removed", case=case)
    assert describe(removed.verb, removed.data) == "removed a surety"


def test_the_lawyer_adds_a_surety_from_the_case_page(case, lawyer, login):
    client = login(lawyer)
    url = reverse("detainees:contact-create", args=[case.reference, "surety"])
    assert client.get(url).status_code == 200
    assert client.post(url, FORM).status_code == 302
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "Habib Noorzai" in page and "61101-4455667-1" in page


def test_bad_input_re_renders_the_form_with_what_was_typed(case, lawyer, login):
    url = reverse("detainees:contact-create", args=[case.reference, "surety"])
    response = login(lawyer).post(url, {**FORM, "cnic": "35202-12"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "13 digits" in body and "Habib Noorzai" in body
    bad_role = reverse("detainees:contact-create", args=[case.reference, "uncle"])
    assert login(lawyer).get(bad_role).status_code == 404


def test_contact_pages_are_hidden_from_strangers(case, lawyer, assert_hidden_from_strangers):
    contact = case_contact_save(case=case, by=lawyer, role="surety", fields=SURETY)
    assert_hidden_from_strangers(
        reverse("detainees:contact-create", args=[case.reference, "surety"])
    )
    assert_hidden_from_strangers(
        reverse("detainees:contact-edit", args=[case.reference, contact.public_id])
    )
    assert_hidden_from_strangers(
        reverse("detainees:contact-remove", args=[case.reference, contact.public_id])
    )
    assert CaseContact.objects.filter(pk=contact.pk).exists()


def test_retention_wipes_the_surety_and_keeps_that_there_was_one(case, lawyer, court):
    case_contact_save(case=case, by=lawyer, role="surety", fields=SURETY)
    grant = _grant(case, lawyer, court, days_ago=0)
    release_order_record(
        case=case, by=lawyer, application=grant, delivered_at=timezone.now(),
        delivered_to="Superintendent, Central Jail",
    )  # fmt: skip
    days = case.organisation.retention_days
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days + 1))
    assert case_anonymise(case_id=case.pk)
    contact = CaseContact.objects.get(case=case)
    assert (contact.name, contact.cnic, contact.address, contact.solvency) == (
        "(anonymised)", "", "", "",
    )  # fmt: skip
    assert (contact.role, contact.solvency_value) == ("surety", 800000)
    grant.refresh_from_db()
    assert grant.release_order_delivered_to == "" and grant.bond_amount == 100000


# Bond, release order, release -----------------------------------------------------------


def test_a_bond_amount_belongs_only_to_a_granted_bail(case, lawyer, court):
    with pytest.raises(ValidationError) as error:
        application_record(
            case=case, by=lawyer, kind="bail", court=court, filed_on=local_today(case.organisation),
            result="refused", order_on=local_today(case.organisation), bond_amount=50000,
        )  # fmt: skip
    assert "bond_amount" in error.value.message_dict
    grant = _grant(case, lawyer, court, days_ago=0, bond=50000)
    assert "bond Rs. 50,000" in Event.objects.get(verb="application.recorded").data["summary"]
    assert grant.bond_amount == 50000


def test_the_release_order_is_recorded_only_for_a_granted_bail(case, lawyer, court):
    refused = application_record(
        case=case, by=lawyer, kind="bail", court=court, filed_on=local_today(case.organisation),
        result="refused", order_on=local_today(case.organisation),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="granted"):
        release_order_record(case=case, by=lawyer, application=refused,
                             delivered_at=timezone.now(), delivered_to="SHO")  # fmt: skip
    grant = _grant(case, lawyer, court, days_ago=0)
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError) as error:
        release_order_record(
            case=case, by=lawyer, application=grant, delivered_at=later, delivered_to=""
        )
    assert set(error.value.message_dict) == {"delivered_at", "delivered_to"}
    release_order_record(
        case=case, by=lawyer, application=grant, delivered_at=timezone.now(),
        delivered_to="SHO, Police Station Saddar",
    )  # fmt: skip
    event = Event.objects.get(verb="application.release_order_delivered")
    assert describe(event.verb, event.data).startswith(
        "recorded the delivery of the bail release order on "
    )


def test_the_release_order_page_records_delivery_and_is_hidden_from_strangers(
    case, lawyer, court, login, assert_hidden_from_strangers
):
    grant = _grant(case, lawyer, court, days_ago=0)
    url = reverse("detainees:release-order", args=[case.reference, grant.public_id])
    assert_hidden_from_strangers(url)
    client = login(lawyer)
    bad = client.post(url, {"delivered_at": "not a date", "delivered_to": "Jail"})
    assert bad.status_code == 400 and "Jail" in bad.content.decode()
    # Typed as the lawyer reads the clock, in the organisation's zone.
    zone = ZoneInfo(case.organisation.time_zone)
    moment = timezone.localtime(timezone=zone) - timedelta(minutes=5)
    response = client.post(
        url, {"delivered_at": moment.strftime("%Y-%m-%dT%H:%M"), "delivered_to": "Central Jail"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.release_order_delivered_to == "Central Jail"
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "Release order delivered" in page


def test_bail_granted_a_day_ago_and_still_held_is_stalled_until_the_release(
    old_case, lawyer, court
):
    grant = _grant(old_case, lawyer, court, days_ago=2)
    now = timezone.now()
    [stalled] = bail_granted_not_released(Case.objects.all(), now=now)
    zone = ZoneInfo(old_case.organisation.time_zone)
    since = datetime.combine(grant.order_on, time.min, tzinfo=zone)
    assert (stalled.application, stalled.hours) == (
        grant,
        int((now - since).total_seconds() // 3600),
    )
    custody_change_record(
        case=old_case, kind="released_on_bail", occurred_at=now - timedelta(minutes=1),
        by=lawyer,
    )  # fmt: skip
    assert bail_granted_not_released(Case.objects.all(), now=timezone.now()) == []


def test_bail_granted_today_is_not_yet_stalled(case, lawyer, court):
    _grant(case, lawyer, court, days_ago=0)
    assert bail_granted_not_released(Case.objects.all(), now=timezone.now()) == []


def test_the_alert_goes_once_to_the_lead_lawyer_and_supervisors(
    old_case, lawyer, supervisor, court
):
    grant = _grant(old_case, lawyer, court, days_ago=2)
    assert bail_release_alerts() == 1
    assert bail_release_alerts() == 1  # a second run sends nothing more
    sent = Notification.objects.filter(key__startswith=f"bail-not-released:{grant.pk}:")
    assert sorted(sent.values_list("recipient__username", flat=True)) == [
        lawyer.username, supervisor.username,
    ]  # fmt: skip
    body = sent.first().body + sent.first().subject
    assert old_case.reference in body
    assert old_case.person.given_name not in body and old_case.person.family_name not in body
    assert all(old_case.person.given_name not in m.body for m in mail.outbox)


def test_the_case_page_shows_the_bail_card_with_stalled_release(old_case, lawyer, court, login):
    _grant(old_case, lawyer, court, days_ago=2)
    page = login(lawyer).get(reverse("casework:case-detail", args=[old_case.reference]))
    body = page.content.decode()
    assert "Bail and sureties" in body and "Not released" in body
    assert "?kind=released_on_bail" in body


def test_opening_a_surety_or_the_release_order_page_is_a_read(case, lawyer, court, login):
    contact = case_contact_save(case=case, by=lawyer, role="surety", fields=SURETY)
    grant = _grant(case, lawyer, court, days_ago=0)
    client = login(lawyer)
    for url, page in (
        (reverse("detainees:contact-edit", args=[case.reference, contact.public_id]), "contact"),
        (
            reverse("detainees:release-order", args=[case.reference, grant.public_id]),
            "release_order",
        ),
    ):
        mark = Event.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(url).status_code == 200
        event = Event.objects.filter(pk__gt=mark, verb="case.viewed").get()
        assert event.data == {"page": page} and "4455667" not in str(event.data)
