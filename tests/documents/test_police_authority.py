"""The province → respondent police authority table is data: an edit by platform staff
changes what the next rendering of a petition says."""

import pytest

from detainees.models import PoliceAuthority
from documents.models import PetitionTemplate
from documents.petitions.render import petition_html
from tests.documents.petition_helpers import ensure_seeded
from tests.documents.pleading_cases import SITUATION, draft, make_case

pytestmark = pytest.mark.django_db


def _habeas_html(lawyer, paralegal, supervisor) -> str:
    lahore = SITUATION["uncertain"]
    case = make_case(lahore, lawyer=lawyer, paralegal=paralegal, supervisor=supervisor)
    template = PetitionTemplate.objects.get(organisation=None, key="habeas-corpus", language="en")
    petition = draft(case, template, paralegal, situation=lahore)
    return petition_html(petition, [])


def test_an_edit_of_the_police_authority_changes_the_petition_text(lawyer, paralegal, supervisor):
    assert "The Inspector General of Police, Punjab, Lahore" in _habeas_html(
        lawyer, paralegal, supervisor
    )
    PoliceAuthority.objects.filter(province="Punjab").update(
        name="The Provincial Police Officer, Punjab, Lahore"
    )
    html = _habeas_html(lawyer, paralegal, supervisor)
    assert "The Provincial Police Officer, Punjab, Lahore" in html
    assert "Inspector General of Police, Punjab" not in html


def test_the_table_is_kept_in_the_django_admin_not_an_organisation_screen():
    from django.contrib import admin

    assert admin.site.is_registered(PoliceAuthority)
    ensure_seeded()  # a transactional test elsewhere may have flushed the seeded rows
    assert {a.province for a in PoliceAuthority.objects.all()} >= {
        "Islamabad Capital Territory", "Punjab", "Sindh", "Khyber Pakhtunkhwa", "Balochistan",
    }  # fmt: skip
