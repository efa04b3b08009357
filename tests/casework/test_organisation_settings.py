"""Organisation settings: retention period, time zone and letterhead, for the organisation's
admins only, after re-authentication."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import sessions
from casework.models import Case, Event, Role
from casework.organisation_services import organisation_update
from tests.factories import member, open_case


def settings_url(organisation) -> str:
    return reverse(
        "accounts:organisation-settings", kwargs={"organisation_id": organisation.public_id}
    )


SETTINGS = {"retention_days": 730, "time_zone": "Asia/Karachi", "letterhead": ""}


def close_case(lawyer, *, days_ago: int) -> Case:
    case = open_case(lawyer)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    return case


def update(org, by, **changes):
    return organisation_update(organisation=org, by=by, **{**SETTINGS, **changes})


def make_stale(client):
    session = client.session
    session[sessions.AUTHENTICATED_AT] = sessions.now() - 3600
    session.save()


# The service -----------------------------------------------------------------------------


def test_update_saves_and_audits_the_changed_field_names_not_the_letterhead(org, admin_user):
    changed = update(
        org, admin_user, retention_days=365, time_zone="Asia/Kabul",
        letterhead="Fictional Aid Chambers\r\nBlue Area, Islamabad",
    )  # fmt: skip
    org.refresh_from_db()
    assert (org.retention_days, org.time_zone) == (365, "Asia/Kabul")
    assert org.letterhead == "Fictional Aid Chambers\nBlue Area, Islamabad"
    assert changed == ["retention_days", "time_zone", "letterhead"]
    event = Event.objects.get(verb="organisation.updated")
    assert event.actor == admin_user
    assert event.organisation == org
    assert event.case is None
    assert event.data["fields"] == ["retention_days", "time_zone", "letterhead"]
    assert event.data["retention_days"] == {"from": 730, "to": 365}
    assert event.data["time_zone"] == {"from": "Asia/Karachi", "to": "Asia/Kabul"}
    assert "Fictional Aid Chambers" not in str(event.data)


def test_update_with_nothing_changed_writes_no_event(org, admin_user):
    assert update(org, admin_user) == []
    assert not Event.objects.filter(verb="organisation.updated").exists()


def test_update_only_names_the_fields_that_changed(org, admin_user):
    update(org, admin_user, letterhead="Fictional Aid Chambers")
    event = Event.objects.get(verb="organisation.updated")
    assert event.data == {"fields": ["letterhead"]}


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "asia/karachi", "PKT"])
def test_update_refuses_a_time_zone_that_does_not_exist(org, admin_user, zone):
    with pytest.raises(ValidationError) as error:
        update(org, admin_user, time_zone=zone, retention_days=400)
    assert "Choose a time zone from the list" in str(error.value)
    org.refresh_from_db()
    assert (org.time_zone, org.retention_days) == ("Asia/Karachi", 730)


@pytest.mark.parametrize("days", [0, 29, 36501])
def test_update_refuses_a_retention_period_out_of_bounds(org, admin_user, days):
    with pytest.raises(ValidationError) as error:
        update(org, admin_user, retention_days=days)
    assert "between 30 and 36500 days" in str(error.value)
    org.refresh_from_db()
    assert org.retention_days == 730


def test_update_refuses_an_overlong_letterhead(org, admin_user):
    with pytest.raises(ValidationError):
        update(org, admin_user, letterhead="x" * 1001)


def test_shortening_that_would_anonymise_closed_cases_needs_confirmation(org, admin_user, lawyer):
    close_case(lawyer, days_ago=100)
    close_case(lawyer, days_ago=200)
    close_case(lawyer, days_ago=10)
    with pytest.raises(ValidationError) as error:
        update(org, admin_user, retention_days=90)
    assert "2 closed cases would be anonymised" in str(error.value)
    org.refresh_from_db()
    assert org.retention_days == 730

    update(org, admin_user, retention_days=90, confirm_shorter_retention=True)
    org.refresh_from_db()
    assert org.retention_days == 90


def test_shortening_that_catches_no_closed_case_needs_no_confirmation(org, admin_user, lawyer):
    close_case(lawyer, days_ago=10)
    update(org, admin_user, retention_days=90)
    org.refresh_from_db()
    assert org.retention_days == 90


def test_lengthening_needs_no_confirmation_even_with_old_closed_cases(org, admin_user, lawyer):
    close_case(lawyer, days_ago=100)
    update(org, admin_user, retention_days=60, confirm_shorter_retention=True)
    update(org, admin_user, retention_days=3650)
    org.refresh_from_db()
    assert org.retention_days == 3650


def test_only_an_admin_of_the_organisation_may_update(org, supervisor, outsiders):
    other_admin = next(u for u in outsiders if u.membership.role == Role.ADMIN)
    for user in (supervisor, other_admin):
        with pytest.raises(ValidationError):
            update(org, user, retention_days=365)
    org.refresh_from_db()
    assert org.retention_days == 730
    assert not Event.objects.filter(verb="organisation.updated").exists()


# The page --------------------------------------------------------------------------------


def test_admin_sees_the_settings_and_what_retention_does(login, admin_user, org):
    response = login(admin_user).get(settings_url(org))
    html = response.content.decode()
    assert response.status_code == 200
    assert "anonymises each closed case" in html
    assert "730 days" in html
    assert "Kept, for the organisation" in html
    assert 'value="Asia/Karachi" selected' in html
    assert 'name="retention_days"' in html and 'name="letterhead"' in html


def test_admin_saves_the_settings_through_the_page(login, admin_user, org):
    client = login(admin_user)
    response = client.post(
        settings_url(org),
        {"retention_days": "365", "time_zone": "Asia/Kabul", "letterhead": "Fictional Aid"},
    )
    assert response.status_code == 302
    assert response["Location"] == settings_url(org)
    org.refresh_from_db()
    assert (org.retention_days, org.time_zone, org.letterhead) == (
        365,
        "Asia/Kabul",
        "Fictional Aid",
    )
    page = client.get(settings_url(org)).content.decode()
    assert "Saved: retention period, time zone, letterhead." in page
    # The middleware shows times in the new zone from the next request on.
    assert "Times are shown in Asia/Kabul" in page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"retention_days": "two years", "time_zone": "Asia/Karachi"}, "whole number of days"),
        ({"retention_days": "5", "time_zone": "Asia/Karachi"}, "greater than or equal to 30"),
        ({"retention_days": "365", "time_zone": "Mars/Olympus_Mons"}, "Choose a time zone"),
        ({}, "This field is required"),
    ],
)
def test_bad_input_re_renders_with_what_was_typed_and_a_message(
    login, admin_user, org, posted, message
):
    response = login(admin_user).post(
        settings_url(org), {**posted, "letterhead": "Typed letterhead text"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Typed letterhead text" in html
    org.refresh_from_db()
    assert (org.retention_days, org.letterhead) == (730, "")


def test_page_asks_to_confirm_a_shorter_period_that_anonymises_at_once(
    login, admin_user, lawyer, org
):
    close_case(lawyer, days_ago=100)
    client = login(admin_user)
    posted = {"retention_days": "90", "time_zone": "Asia/Karachi", "letterhead": ""}
    response = client.post(settings_url(org), posted)
    assert response.status_code == 400
    assert "1 closed case would be anonymised" in response.content.decode()
    org.refresh_from_db()
    assert org.retention_days == 730
    response = client.post(settings_url(org), {**posted, "confirm_shorter_retention": "on"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.retention_days == 90


def test_stale_sign_in_must_re_authenticate_before_seeing_or_saving(login, admin_user, org):
    client = login(admin_user)
    make_stale(client)
    for response in (
        client.get(settings_url(org)),
        client.post(settings_url(org), {"retention_days": "60", "time_zone": "Asia/Karachi"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        assert f"next=%2Forganisations%2F{org.public_id}%2Fsettings%2F" in response["Location"]
    org.refresh_from_db()
    assert org.retention_days == 730


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LAWYER, Role.PARALEGAL])
def test_members_who_are_not_admins_get_404(login, org, role):
    client = login(member(org, role, f"someone-{role}"))
    assert client.get(settings_url(org)).status_code == 404
    posted = {"retention_days": "60", "time_zone": "Asia/Karachi", "letterhead": ""}
    assert client.post(settings_url(org), posted).status_code == 404
    org.refresh_from_db()
    assert org.retention_days == 730


def test_settings_are_hidden_from_every_role_of_the_other_organisation(
    admin_user, assert_hidden_from_strangers, org
):
    assert_hidden_from_strangers(settings_url(org))
    org.refresh_from_db()
    assert org.retention_days == 730


def test_other_organisations_admin_gets_404_for_ours_and_changes_only_their_own(
    login, outsiders, org, other_org
):
    other_admin = next(u for u in outsiders if u.membership.role == Role.ADMIN)
    client = login(other_admin)
    posted = {"retention_days": "400", "time_zone": "Asia/Kabul", "letterhead": ""}
    assert client.get(settings_url(org)).status_code == 404
    assert client.post(settings_url(org), posted).status_code == 404
    assert client.post(settings_url(other_org), posted).status_code == 302
    org.refresh_from_db()
    other_org.refresh_from_db()
    assert (org.retention_days, org.time_zone) == (730, "Asia/Karachi")
    assert (other_org.retention_days, other_org.time_zone) == (400, "Asia/Kabul")


def test_an_organisation_id_that_does_not_exist_reads_as_missing(login, admin_user, org):
    missing = reverse("accounts:organisation-settings", kwargs={"organisation_id": uuid.uuid4()})
    assert login(admin_user).get(missing).status_code == 404


def test_settings_link_is_in_the_navigation_for_admins_only(login, admin_user, supervisor, org):
    assert (
        settings_url(org) in login(admin_user).get(reverse("accounts:member-list")).content.decode()
    )
    assert (
        settings_url(org)
        not in login(supervisor).get(reverse("casework:case-list")).content.decode()
    )


def test_settings_page_refuses_other_methods_after_the_access_check(login, admin_user, org):
    assert login(admin_user).put(settings_url(org)).status_code == 405
