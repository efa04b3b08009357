"""Advocate details in the signature block; the organisation's Urdu digits and letterhead."""

import pytest
from django.urls import reverse

from documents.models import AdvocateProfile, PetitionSettings
from documents.petitions import services
from documents.petitions.profile_services import petition_settings_save
from documents.petitions.render import PetitionRenderer
from tests.documents.petition_helpers import case_with_por, pdf_text, template
from tests.documents.test_petition_pleadings import plain


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


def test_a_member_records_their_own_advocate_details(lawyer, login):
    client = login(lawyer)
    url = reverse("documents:advocate-profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "enrolment_number": "Advocate High Court, ICTBC/1234", "bar_council": "",
        "office_address": "Office 3, F-8 Markaz, Islamabad", "phone": "", "name_ur": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert AdvocateProfile.objects.get(user=lawyer).enrolment_number.endswith("ICTBC/1234")


def test_only_an_organisation_admin_changes_petition_settings(lawyer, admin_user, login):
    assert login(lawyer).get(reverse("documents:petition-settings")).status_code == 404
    client = login(admin_user)
    response = client.post(
        reverse("documents:petition-settings"),
        {"urdu_digits": "western", "letterhead_ur": "ڈیمو قانونی امداد"},
    )
    assert response.status_code == 302
    settings = PetitionSettings.objects.get(organisation=admin_user.membership.organisation)
    assert (settings.urdu_digits, settings.letterhead_ur) == ("western", "ڈیمو قانونی امداد")


def test_urdu_petitions_use_the_organisations_digits_and_urdu_letterhead(
    por_case, paralegal, admin_user
):
    petition = services.petition_create(
        case=por_case, template=template("bail-497", "ur"), by=paralegal
    )
    urdu = plain(pdf_text(PetitionRenderer().generate(petition)[2]))
    # The FIR and the dates of the Urdu text; an English citation keeps its own digits.
    assert "۲۱۹/۲۰۲۴" in urdu and "219/2024" not in urdu and "اگست" in urdu
    petition_settings_save(by=admin_user, urdu_digits="western", letterhead_ur="ڈیمو قانونی امداد")
    western = plain(pdf_text(PetitionRenderer().generate(petition)[2]))
    assert "219/2024" in western and "۲۰۲۴" not in western
    assert "قانونی امداد" in western
