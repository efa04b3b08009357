"""Drafting, four eyes, rendering and templates, through the services."""

import hashlib

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from guardian.shortcuts import assign_perm

from casework.models import Event
from detainees.models import Detention
from documents.models import Petition, PetitionState, PetitionTemplate
from documents.petitions import services
from documents.petitions.engine import TemplateProblem, compile_template, render_source
from documents.petitions.selectors import template_for, templates_for_organisation
from documents.petitions.tasks import render_petition
from tests.documents.petition_helpers import FIR_NUMBER, add_scan, case_with_por, template
from tests.factories import open_case


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


@pytest.fixture
def drafted(por_case, paralegal):
    return services.petition_create(case=por_case, template=template("bail-497"), by=paralegal)


@pytest.fixture
def in_review(drafted, paralegal):
    return services.petition_submit(petition=drafted, by=paralegal)


@pytest.fixture
def approve(django_capture_on_commit_callbacks):
    """Approve as the app does: the render task is enqueued when the transaction commits."""

    def _approve(petition, by):
        with django_capture_on_commit_callbacks(execute=True):
            return services.petition_approve(petition=petition, by=by)

    return _approve


def verbs(case) -> list[str]:
    return list(
        Event.objects.filter(case=case, verb__startswith="petition.")
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )


def test_draft_snapshots_the_case_as_plain_values(drafted):
    assert drafted.state == PetitionState.DRAFT
    assert drafted.context["detention"]["fir_number"] == FIR_NUMBER
    assert drafted.context["documents"][0]["covered"] is True
    assert drafted.context["person"]["father_name_native"] == "نظر گل"
    assert drafted.court == "Court of the Judicial Magistrate"


def test_later_case_edits_do_not_change_the_draft_until_it_is_refreshed(drafted, paralegal):
    Detention.objects.filter(pk=drafted.case.detention_id).update(fir_number="999/2024")
    drafted.refresh_from_db()
    assert drafted.context["detention"]["fir_number"] == FIR_NUMBER
    drafted.case.refresh_from_db()
    services.petition_refresh_context(petition=drafted, by=paralegal)
    drafted.refresh_from_db()
    assert drafted.context["detention"]["fir_number"] == "999/2024"


def test_colleague_not_on_the_case_cannot_draft(por_case, colleague):
    with pytest.raises(ValidationError):
        services.petition_create(case=por_case, template=template("bail-497"), by=colleague)


def test_annexures_must_be_files_of_the_same_case(drafted, paralegal, lawyer):
    other = open_case(lawyer, person={"given_name": "Other", "father_name": "Someone"})
    foreign = add_scan(other, lawyer)
    with pytest.raises(ValidationError, match="files of this case"):
        services.petition_update(
            petition=drafted, by=paralegal, court="Court", facts="", grounds="",
            prayer_additions="", annexures=[(foreign.pk, "Not ours")],
        )  # fmt: skip


def test_drafter_cannot_approve_their_own_petition(in_review, paralegal):
    with pytest.raises(ValidationError, match="neither drafted nor edited"):
        services.petition_approve(petition=in_review, by=paralegal)
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.IN_REVIEW


def test_supervisor_who_drafted_cannot_approve_either(por_case, supervisor):
    petition = services.petition_create(case=por_case, template=template("bail-497"), by=supervisor)
    services.petition_submit(petition=petition, by=supervisor)
    with pytest.raises(ValidationError):
        services.petition_approve(petition=petition, by=supervisor)


def test_lawyer_on_the_case_approves_only_when_granted_approval(in_review, lawyer, approve):
    with pytest.raises(ValidationError, match="Only a supervisor"):
        services.petition_approve(petition=in_review, by=lawyer)
    assign_perm("casework.approve_petition", lawyer, in_review.case)
    approve(in_review, lawyer)
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.READY


def test_organisation_admin_does_not_approve_petitions(in_review, admin_user):
    with pytest.raises(ValidationError):
        services.petition_approve(petition=in_review, by=admin_user)


def test_supervisor_approval_renders_the_pdf_and_stores_its_hash(in_review, supervisor, approve):
    approve(in_review, supervisor)
    petition = Petition.objects.get(pk=in_review.pk)
    assert petition.state == PetitionState.READY
    assert petition.approved_by == supervisor
    with default_storage.open(petition.pdf.name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert petition.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert petition.pdf_pages >= 2


def test_every_transition_is_on_the_case_timeline(in_review, supervisor, lawyer, approve):
    approve(in_review, supervisor)
    petition = Petition.objects.get(pk=in_review.pk)
    services.petition_downloaded(petition=petition, by=lawyer)
    services.petition_mark_filed(petition=petition, by=lawyer)
    assert verbs(in_review.case) == [
        "petition.drafted", "petition.submitted", "petition.approved", "petition.rendering",
        "petition.ready", "petition.downloaded", "petition.filed",
    ]  # fmt: skip


def test_returned_petition_goes_back_to_draft_with_the_comment(in_review, supervisor):
    services.petition_return(petition=in_review, by=supervisor, comment="Add the UNHCR letter.")
    petition = Petition.objects.get(pk=in_review.pk)
    assert petition.state == PetitionState.DRAFT
    assert petition.review_comment == "Add the UNHCR letter."
    assert verbs(in_review.case)[-1] == "petition.returned"


def test_returning_needs_a_comment(in_review, supervisor):
    with pytest.raises(ValidationError):
        services.petition_return(petition=in_review, by=supervisor, comment="  ")


def test_approved_petition_can_no_longer_be_edited(in_review, supervisor, paralegal, approve):
    approve(in_review, supervisor)
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.petition_update(
            petition=Petition.objects.get(pk=in_review.pk), by=paralegal, court="Other court",
            facts="", grounds="", prayer_additions="",
        )  # fmt: skip


def test_render_task_twice_leaves_one_result(
    in_review, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.petition_approve(petition=in_review, by=supervisor)
    petition = Petition.objects.get(pk=in_review.pk)
    render_petition(petition.pk, petition.render_token)
    first = Petition.objects.get(pk=petition.pk)
    render_petition(petition.pk, petition.render_token)
    again = Petition.objects.get(pk=petition.pk)
    assert first.state == again.state == PetitionState.READY
    assert (first.pdf.name, first.pdf_sha256) == (again.pdf.name, again.pdf_sha256)
    assert verbs(petition.case).count("petition.ready") == 1


def test_superseded_render_request_is_ignored(
    in_review, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.petition_approve(petition=in_review, by=supervisor)
    render_petition(in_review.pk, "an-older-token")
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.RENDERING


def test_broken_template_fails_with_its_reason_and_can_be_rendered_again(
    in_review, supervisor, paralegal, approve, django_capture_on_commit_callbacks
):
    version = in_review.version
    version.html = "<p>{% if %}</p>"  # saved around the editor's syntax check
    version.save(update_fields=["html"])
    approve(in_review, supervisor)
    failed = Petition.objects.get(pk=in_review.pk)
    assert failed.state == PetitionState.FAILED
    assert "template has an error" in failed.failure_reason
    assert verbs(in_review.case)[-1] == "petition.failed"
    version.html = "<p>Fixed {{ person.name }}</p>"
    version.save(update_fields=["html"])
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_rerender(petition=failed, by=paralegal)
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.READY


def test_transient_storage_failure_is_retried_then_stored(
    in_review, supervisor, settings, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.petition_approve(petition=in_review, by=supervisor)
    token = Petition.objects.get(pk=in_review.pk).render_token
    media = settings.MEDIA_ROOT
    # The media folder is unusable (a file where its folder should be): writes really fail.
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    # Called directly the task re-raises the cause; under a worker the same call is a Retry.
    with pytest.raises((Retry, OSError)):
        render_petition(in_review.pk, token)
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.RENDERING
    settings.MEDIA_ROOT = media
    render_petition(in_review.pk, token)  # the retry
    assert Petition.objects.get(pk=in_review.pk).state == PetitionState.READY


def test_filing_needs_a_ready_pdf(drafted, lawyer):
    with pytest.raises(ValidationError):
        services.petition_mark_filed(petition=drafted, by=lawyer)


# Templates


def test_syntax_error_is_reported_with_its_line():
    with pytest.raises(TemplateProblem) as problem:
        compile_template("<p>one</p>\n<p>two</p>\n{% for x in %}")
    assert problem.value.line == 3
    assert str(problem.value).startswith("Line 3:")


@pytest.mark.parametrize(
    "source",
    ['{% include "/etc/passwd" %}', '{% extends "base.html" %}', "{% load static %}",
     "{% debug %}", '{% url "home" %}', "{% csrf_token %}"],
)  # fmt: skip
def test_edited_templates_cannot_reach_files_urls_or_the_context_dump(source):
    with pytest.raises(TemplateProblem):
        compile_template(source)


def test_templates_cannot_change_the_values_they_are_given():
    context = {"person": {"name": "Zarif"}, "documents": [{"number": "1"}]}
    rendered = render_source(
        "{{ person.clear }}{{ documents.pop }}{{ person.name }}{{ documents|length }}", context
    )
    assert rendered.endswith("Zarif1")
    assert context == {"person": {"name": "Zarif"}, "documents": [{"number": "1"}]}


def test_templates_render_plain_values_autoescaped():
    assert render_source("{{ x }}", {"x": "<script>"}) == "&lt;script&gt;"


def test_editing_a_global_template_creates_the_organisations_override(admin_user, org, other_org):
    global_bail = template("bail-497")
    version = services.petition_template_save(
        template=global_bail, by=admin_user, html="<p>Our wording {{ person.name }}</p>", css=""
    )
    override = version.template
    assert override.organisation == org and override.key == "bail-497"
    assert template_for(org, "bail-497") == override
    assert template_for(other_org, "bail-497") == global_bail
    assert override not in templates_for_organisation(other_org)


def test_a_used_version_never_changes(admin_user, por_case, paralegal):
    first = services.petition_template_save(
        template=template("bail-497"), by=admin_user, html="<p>First</p>", css=""
    )
    petition = services.petition_create(case=por_case, template=first.template, by=paralegal)
    second = services.petition_template_save(
        template=first.template, by=admin_user, html="<p>Second</p>", css=""
    )
    petition.refresh_from_db()
    assert second.number == first.number + 1
    assert petition.version.html == "<p>First</p>"


def test_template_save_refuses_bad_syntax_and_non_admins(admin_user, supervisor):
    with pytest.raises(ValidationError, match="Line 1"):
        services.petition_template_save(
            template=template("bail-497"), by=admin_user, html="{% if %}", css=""
        )
    with pytest.raises(ValidationError, match="organisation admin"):
        services.petition_template_save(
            template=template("bail-497"), by=supervisor, html="<p>x</p>", css=""
        )
    assert not PetitionTemplate.objects.exclude(organisation=None).exists()
