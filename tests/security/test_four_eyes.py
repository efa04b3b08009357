"""Finding 5: whoever edited a draft could approve it when someone else had started it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from documents.models import Petition, PetitionState
from documents.petitions import services
from documents.petitions.selectors import may_approve
from tests.documents.petition_helpers import case_with_por, template


@pytest.fixture
def drafted(lawyer, paralegal, supervisor):
    case = case_with_por(lawyer, paralegal, supervisor)
    return services.petition_create(case=case, template=template("bail-497"), by=paralegal)


def _edit(petition, by):
    services.petition_update(
        petition=petition, by=by, court="Court of the Judicial Magistrate",
        facts="Facts rewritten by the reviewer.", grounds="", prayer_additions="",
    )  # fmt: skip


def test_a_lawyer_who_edited_the_draft_cannot_approve_it(drafted, lawyer, paralegal):
    assign_perm("casework.approve_petition", lawyer, drafted.case)
    _edit(drafted, lawyer)
    services.petition_submit(petition=drafted, by=paralegal)
    assert not may_approve(lawyer, drafted)
    with pytest.raises(ValidationError, match="neither drafted nor edited"):
        services.petition_approve(petition=drafted, by=lawyer)
    with pytest.raises(ValidationError, match="neither drafted nor edited"):
        services.petition_return(petition=drafted, by=lawyer, comment="Fine by me")
    assert Petition.objects.get(pk=drafted.pk).state == PetitionState.IN_REVIEW


def test_a_supervisor_who_refreshed_the_case_details_cannot_approve(drafted, supervisor, paralegal):
    services.petition_refresh_context(petition=drafted, by=supervisor)
    services.petition_submit(petition=drafted, by=paralegal)
    with pytest.raises(ValidationError, match="neither drafted nor edited"):
        services.petition_approve(petition=drafted, by=supervisor)


def test_an_edit_after_a_return_also_disqualifies(drafted, supervisor, lawyer, paralegal):
    assign_perm("casework.approve_petition", lawyer, drafted.case)
    services.petition_submit(petition=drafted, by=paralegal)
    services.petition_return(petition=drafted, by=supervisor, comment="Add the grounds")
    _edit(drafted, lawyer)
    services.petition_submit(petition=drafted, by=paralegal)
    with pytest.raises(ValidationError):
        services.petition_approve(petition=drafted, by=lawyer)
    assert may_approve(supervisor, drafted)


def test_the_approve_button_is_hidden_from_an_editor(drafted, lawyer, paralegal, login):
    assign_perm("casework.approve_petition", lawyer, drafted.case)
    _edit(drafted, lawyer)
    services.petition_submit(petition=drafted, by=paralegal)
    url = reverse(
        "documents:petition-detail",
        kwargs={"reference": drafted.case.reference, "petition": drafted.public_id},
    )
    page = login(lawyer).get(url)
    assert page.status_code == 200
    assert page.context["may_approve"] is False
