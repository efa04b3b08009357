from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Event, Role
from detainees.case_list import CaseFilters, case_list
from detainees.models import CustodyStatus, Referral, RiskScreening
from detainees.risk.services import referral_save, risk_screening_reveal, risk_screening_save
from tests.factories import member, open_case

SCREEN = {
    "level": "high",
    "groups": ["minority", "foreign_links"],
    "ethnicity": "Hazara",
    "religion": "Shia",
    "sogi": "",
    "affiliations": "Interpreter for a foreign military unit, 2009-2013",
    "notes": "Brother threatened after return in 2024.",
}


def _urls(case):
    return [
        reverse("detainees:risk-detail", args=[case.reference]),
        reverse("detainees:risk-edit", args=[case.reference]),
        reverse("detainees:referral-create", args=[case.reference]),
    ]


def test_screening_is_saved_and_its_audit_event_counts_fields_without_naming_them(case, lawyer):
    screening = risk_screening_save(case=case, fields=SCREEN, by=lawyer)

    screening.refresh_from_db()
    assert screening.ethnicity == "Hazara"
    assert screening.group_list == ["minority", "foreign_links"]
    event = Event.objects.get(case=case, verb="risk.screened")
    assert event.data["level"] == "high"
    # groups, ethnicity, religion, affiliations, notes: which ones would say too much.
    assert event.data["details_changed"] == 5
    assert "affiliations" not in str(event.data)
    assert "Hazara" not in str(event.data)
    assert "Interpreter" not in str(event.data)


def test_high_risk_needs_a_reason(case, lawyer):
    with pytest.raises(ValidationError) as error:
        risk_screening_save(case=case, fields={"level": "high"}, by=lawyer)
    assert "Say why the risk is high" in str(error.value)
    assert not RiskScreening.objects.exists()


def test_unknown_risk_group_is_refused(case, lawyer):
    with pytest.raises(ValidationError):
        risk_screening_save(case=case, fields={**SCREEN, "groups": ["spy"]}, by=lawyer)


def test_organisation_admin_cannot_screen(case, admin_user):
    with pytest.raises(ValidationError):
        risk_screening_save(case=case, fields=SCREEN, by=admin_user)


def test_each_reveal_writes_one_audit_event(case, lawyer, supervisor):
    risk_screening_save(case=case, fields=SCREEN, by=lawyer)
    risk_screening_reveal(case=case, by=lawyer)
    risk_screening_reveal(case=case, by=supervisor)
    viewers = list(
        Event.objects.filter(case=case, verb="risk.viewed").values_list(
            "actor__username", flat=True
        )
    )
    assert sorted(viewers) == ["lawyer", "supervisor"]


def test_viewing_the_screening_page_is_audited(case, lawyer, login):
    risk_screening_save(case=case, fields=SCREEN, by=lawyer)
    client = login(lawyer)
    url = reverse("detainees:risk-detail", args=[case.reference])

    first = client.get(url)
    client.get(url)

    assert first.status_code == 200
    assert "Hazara" in first.content.decode()
    assert Event.objects.filter(case=case, verb="risk.viewed", actor=lawyer).count() == 2


def test_case_page_shows_level_but_no_special_category_value(case, lawyer, login):
    risk_screening_save(case=case, fields=SCREEN, by=lawyer)
    body = login(lawyer).get(reverse("casework:case-detail", args=[case.reference])).content
    text = body.decode()
    assert "High risk" in text
    assert "Hazara" not in text and "Interpreter" not in text
    assert not Event.objects.filter(verb="risk.viewed").exists()


def test_organisation_admin_gets_404_on_screening(case, admin_user, login):
    client = login(admin_user)
    for url in _urls(case):
        assert client.get(url).status_code == 404


def test_screening_pages_are_hidden_from_strangers(case, lawyer, assert_hidden_from_strangers):
    risk_screening_save(case=case, fields=SCREEN, by=lawyer)
    referral = referral_save(case=case, fields={"body": "unhcr", "status": "planned"}, by=lawyer)
    for url in _urls(case):
        assert_hidden_from_strangers(url)
    assert_hidden_from_strangers(
        reverse("detainees:referral-edit", args=[case.reference, referral.public_id])
    )


def test_supervisor_saves_screening_through_the_form(case, supervisor, login):
    client = login(supervisor)
    response = client.post(
        reverse("detainees:risk-edit", args=[case.reference]),
        {"level": "high", "groups": ["lgbtqi"], "notes": "Outed by a relative."},
    )
    assert response.status_code == 302
    assert RiskScreening.objects.get(case=case).group_list == ["lgbtqi"]


def test_bad_screening_form_re_renders_with_what_was_typed(case, lawyer, login):
    response = login(lawyer).post(
        reverse("detainees:risk-edit", args=[case.reference]),
        {"level": "high", "ethnicity": "Hazara"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Say why the risk is high" in text
    assert 'value="Hazara"' in text


def test_malformed_screening_post_is_a_400_not_a_500(case, lawyer, login):
    response = login(lawyer).post(
        reverse("detainees:risk-edit", args=[case.reference]), {"level": "extreme"}
    )
    assert response.status_code == 400


def test_referral_added_and_updated_through_the_case(case, lawyer, login):
    client = login(lawyer)
    client.post(
        reverse("detainees:referral-create", args=[case.reference]),
        {"body": "unhcr", "status": "sent", "referred_on": "2026-01-10"},
    )
    referral = case.referrals.get()
    client.post(
        reverse("detainees:referral-edit", args=[case.reference, referral.public_id]),
        {"body": "unhcr", "status": "accepted", "referred_on": "2026-01-10",
         "status_on": "2026-02-01", "their_reference": "UN-0001-FICT"},
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == "accepted"
    verbs = list(Event.objects.filter(case=case, verb__startswith="referral.").values_list(
        "verb", flat=True
    ))  # fmt: skip
    assert sorted(verbs) == ["referral.added", "referral.updated"]


def test_referral_of_another_case_is_404(case, lawyer, login):
    other = open_case(lawyer, person={"given_name": "Wali", "father_name": "Nabi"})
    referral = referral_save(case=other, fields={"body": "unhcr", "status": "planned"}, by=lawyer)
    url = reverse("detainees:referral-edit", args=[case.reference, referral.public_id])
    assert login(lawyer).get(url).status_code == 404


def test_referral_sent_without_a_date_is_refused(case, lawyer):
    with pytest.raises(ValidationError):
        referral_save(case=case, fields={"body": "unhcr", "status": "sent"}, by=lawyer)
    with pytest.raises(ValidationError):
        referral_save(
            case=case,
            fields={"body": "unhcr", "status": "sent",
                    "referred_on": date.today() + timedelta(days=5)},
        by=lawyer)  # fmt: skip
    assert not Referral.objects.exists()


def test_high_risk_case_still_held_leads_the_list_then_longest_held(org, lawyer, supervisor):
    oldest = open_case(lawyer, hours_ago=30, person={"given_name": "Oldest", "father_name": "A"})
    middle = open_case(lawyer, hours_ago=10, person={"given_name": "Middle", "father_name": "B"})
    risky = open_case(lawyer, hours_ago=2, person={"given_name": "Risky", "father_name": "C"})
    released = open_case(lawyer, hours_ago=50, person={"given_name": "Gone", "father_name": "D"})
    released.detention.status = CustodyStatus.RELEASED
    released.detention.save(update_fields=["status"])
    for c in (risky, released):
        risk_screening_save(case=c, fields=SCREEN, by=lawyer)

    order = [c.pk for c in case_list(supervisor, CaseFilters())]

    assert order == [risky.pk, oldest.pk, middle.pk, released.pk]


def test_case_list_query_count_does_not_grow_with_screenings(
    org, lawyer, supervisor, login, django_assert_max_num_queries
):
    for i in range(6):
        c = open_case(lawyer, person={"given_name": f"Name{i}", "father_name": "F"})
        risk_screening_save(case=c, fields=SCREEN, by=lawyer)
    client = login(supervisor)
    # Three of these are the page's read event: lock the chain head, append, move the head.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("casework:case-list"))
    assert response.content.decode().count("High risk") == 6
    assert "Hazara" not in response.content.decode()


def test_search_does_not_match_special_category_values(org, lawyer, supervisor):
    c = open_case(lawyer)
    risk_screening_save(case=c, fields=SCREEN, by=lawyer)
    assert not case_list(supervisor, CaseFilters(q="Hazara")).exists()


def test_paralegal_on_team_may_screen_but_colleague_may_not(case, paralegal, org, login):
    colleague = member(org, Role.PARALEGAL, "para2")
    assert login(paralegal).get(
        reverse("detainees:risk-edit", args=[case.reference])
    ).status_code == 200  # fmt: skip
    assert login(colleague).get(
        reverse("detainees:risk-edit", args=[case.reference])
    ).status_code == 404  # fmt: skip
