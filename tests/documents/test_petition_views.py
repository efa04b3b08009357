"""Petition pages: the paralegal's story over HTTP, bad input, and the 404 rule everywhere."""

import pytest
from django.urls import reverse

from casework.models import Event
from documents.models import Petition, PetitionBatch, PetitionState
from documents.petitions import services
from tests.documents.petition_helpers import (
    add_scan,
    case_with_por,
    consent_to_unhcr,
    pdf_text,
    template,
)
from tests.factories import open_case


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


@pytest.fixture
def petition(por_case, paralegal):
    return services.petition_create(case=por_case, template=template("bail-497"), by=paralegal)


@pytest.fixture
def ready_petition(petition, paralegal, supervisor, django_capture_on_commit_callbacks):
    services.petition_submit(petition=petition, by=paralegal)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_approve(petition=petition, by=supervisor)
    petition.refresh_from_db()
    assert petition.state == PetitionState.READY
    return petition


def url(name, petition, *extra):
    return reverse(f"documents:{name}", args=[petition.case.reference, petition.public_id, *extra])


def test_paralegal_drafts_edits_and_sends_for_approval(
    login, por_case, paralegal, django_capture_on_commit_callbacks
):
    client = login(paralegal)
    page = client.get(reverse("casework:case-detail", args=[por_case.reference]))
    assert "New petition" in page.content.decode()
    bail = template("bail-497")
    response = client.post(
        reverse("documents:petition-create", args=[por_case.reference]),
        {"template": bail.public_id, "court": "Court of the Judicial Magistrate, Islamabad"},
    )
    petition = Petition.objects.get(case=por_case)
    assert response.status_code == 302
    assert response["Location"] == url("petition-detail", petition)
    scan = add_scan(por_case, paralegal, name="por-front.png")
    response = client.post(
        url("petition-detail", petition),
        {"court": "Court of the Judicial Magistrate, Islamabad",
         "facts": "the petitioner was arrested at the vegetable market.",
         "grounds": "", "prayer_additions": "", "annexures": [str(scan.public_id)]},
    )  # fmt: skip
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.facts.startswith("the petitioner was arrested")
    with django_capture_on_commit_callbacks(execute=True):  # a worker renders it
        asked = client.get(url("petition-preview", petition))
    preview = client.get(asked["Location"])
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    preview_text = pdf_text(preview.content)
    assert "DRAFT" in preview_text and "vegetable market" in preview_text
    client.post(
        url("petition-detail", petition),
        {"court": petition.court, "facts": petition.facts, "grounds": "",
         "prayer_additions": "", "annexures": [str(scan.public_id)], "then": "submit"},
    )  # fmt: skip
    petition.refresh_from_db()
    assert petition.state == PetitionState.IN_REVIEW
    assert petition.annexures.count() == 1
    page = client.get(url("petition-detail", petition)).content.decode()
    assert "cannot approve a petition you drafted" in page
    assert "A: Scan of an identity document: por-front.png" in page
    assert "Approve and prepare PDF" not in page


def test_supervisor_approves_then_status_polls_until_the_download_appears(
    login, petition, paralegal, supervisor, django_capture_on_commit_callbacks
):
    services.petition_submit(petition=petition, by=paralegal)
    client = login(supervisor)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url("petition-transition", petition, "approve"))
    rendering = client.get(url("petition-status", petition)).content.decode()
    assert 'hx-trigger="every 2s"' in rendering
    assert "Download PDF" not in rendering
    petition.refresh_from_db()
    from documents.petitions.tasks import render_petition

    render_petition(petition.pk, petition.render_token)
    ready = client.get(url("petition-status", petition)).content.decode()
    assert "every 2s" not in ready
    assert "Download PDF" in ready


def test_download_is_an_attachment_and_on_the_timeline(login, ready_petition, lawyer):
    response = login(lawyer).get(url("petition-download", ready_petition))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Event.objects.filter(
        case=ready_petition.case, verb="petition.downloaded", actor=lawyer
    ).exists()


def test_draft_has_no_download_yet(login, petition, lawyer):
    assert login(lawyer).get(url("petition-download", petition)).status_code == 404


def test_empty_court_re_renders_the_form_with_what_was_typed(login, petition, paralegal):
    response = login(paralegal).post(
        url("petition-detail", petition),
        {"court": "", "facts": "my typed facts", "grounds": "", "prayer_additions": ""},
    )
    assert response.status_code == 400
    assert "my typed facts" in response.content.decode()


def test_unknown_template_choice_is_a_400_not_a_500(login, por_case, paralegal):
    response = login(paralegal).post(
        reverse("documents:petition-create", args=[por_case.reference]), {"template": "99999"}
    )
    assert response.status_code == 400


def test_unknown_action_is_404(login, petition, paralegal):
    response = login(paralegal).post(url("petition-transition", petition, "explode"))
    assert response.status_code == 404


def test_drafter_posting_approve_is_refused_with_a_message(login, petition, paralegal):
    services.petition_submit(petition=petition, by=paralegal)
    response = login(paralegal).post(url("petition-transition", petition, "approve"), follow=True)
    assert "neither drafted nor edited" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == PetitionState.IN_REVIEW


def test_return_without_comment_is_a_400(login, petition, paralegal, supervisor):
    services.petition_submit(petition=petition, by=paralegal)
    response = login(supervisor).post(url("petition-transition", petition, "return"), {})
    assert response.status_code == 400


def test_case_page_lists_petitions_in_constant_queries(
    login, por_case, paralegal, django_assert_max_num_queries
):
    client = login(paralegal)
    page = reverse("casework:case-detail", args=[por_case.reference])
    client.get(page)
    services.petition_create(case=por_case, template=template("bail-497"), by=paralegal)
    with django_assert_max_num_queries(60) as few:
        client.get(page)
    consent_to_unhcr(por_case, paralegal)
    for _ in range(5):
        services.petition_create(case=por_case, template=template("unhcr-letter"), by=paralegal)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(page).content.decode()
    assert body.count(">Letter to UNHCR requesting verification and intervention</a>") == 5


def test_every_petition_view_hides_the_case_from_strangers(
    ready_petition, assert_hidden_from_strangers
):
    case_ref = ready_petition.case.reference
    assert_hidden_from_strangers(reverse("documents:petition-create", args=[case_ref]))
    for name in ("petition-detail", "petition-status", "petition-preview", "petition-download"):
        assert_hidden_from_strangers(url(name, ready_petition))
    for action in ("refresh", "submit", "approve", "return", "render", "file"):
        assert_hidden_from_strangers(url("petition-transition", ready_petition, action))


def test_another_cases_petition_id_under_my_case_is_404(login, petition, lawyer, paralegal):
    mine = open_case(lawyer, person={"given_name": "Mine", "father_name": "Father"})
    response = login(lawyer).get(
        reverse("documents:petition-detail", args=[mine.reference, petition.public_id])
    )
    assert response.status_code == 404


# Templates


@pytest.fixture
def override(admin_user):
    return services.petition_template_save(
        template=template("bail-497"), by=admin_user, html="<p>{{ person.name }}</p>", css=""
    ).template


def test_admin_edits_a_template_and_gets_the_line_of_a_syntax_error(login, admin_user, override):
    client = login(admin_user)
    assert client.get(reverse("documents:petition-template-list")).status_code == 200
    response = client.post(
        reverse("documents:petition-template-edit", args=[override.public_id]),
        {"html": "<p>ok</p>\n{% if %}", "css": "", "note": ""},
    )
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    response = client.post(
        reverse("documents:petition-template-edit", args=[override.public_id]),
        {"html": "<p>Better {{ person.name }}</p>", "css": "", "note": "shorter"},
    )
    assert response.status_code == 302
    assert override.versions.count() == 2


def test_live_preview_fills_the_template_from_a_chosen_case(login, admin_user, override, por_case):
    response = login(admin_user).post(
        reverse("documents:petition-template-preview", args=[override.public_id]),
        {"html": "<p>Preview of {{ person.name }}</p>", "css": "", "case": por_case.reference},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<iframe" in body and "sandbox" in body
    # The filled template is never part of the editor page itself, only of its frame.
    assert "Preview of Zarif Hotaki" not in body
    frame = login(admin_user).get(
        reverse("documents:petition-template-preview-frame", args=[override.public_id])
    )
    assert frame.status_code == 200
    assert "<p>Preview of Zarif Hotaki</p>" in frame.content.decode()
    policy = frame["Content-Security-Policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "style-src 'unsafe-inline'" in policy and "sandbox" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert override.versions.count() == 1  # the preview kept nothing
    assert not Petition.objects.exists()


def test_preview_frame_without_a_draft_asks_for_a_case(login, admin_user, override):
    frame = login(admin_user).get(
        reverse("documents:petition-template-preview-frame", args=[override.public_id])
    )
    assert frame.status_code == 200
    assert "Choose a case" in frame.content.decode()


def test_live_preview_reports_syntax_errors_with_the_line(login, admin_user, override, por_case):
    response = login(admin_user).post(
        reverse("documents:petition-template-preview", args=[override.public_id]),
        {"html": "a\nb\n{% for %}", "css": "", "case": por_case.reference},
    )
    assert response.status_code == 400
    assert "Line 3" in response.content.decode()


def test_pdf_preview_of_unsaved_template_text(
    login, admin_user, override, por_case, django_capture_on_commit_callbacks
):
    client = login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # a worker renders it
        asked = client.post(
            reverse("documents:petition-template-preview", args=[override.public_id]),
            {"html": "<p>{{ person.name }}</p>", "css": "", "case": por_case.reference, "pdf": "1"},
        )
    response = client.get(asked["Location"])  # the page that waits for the worker
    assert response["Content-Type"] == "application/pdf"
    assert not Petition.objects.exists()


def test_template_pages_are_for_admins_of_the_organisation_only(
    override, assert_hidden_from_strangers, login, supervisor
):
    assert login(supervisor).get(reverse("documents:petition-template-list")).status_code == 404
    assert_hidden_from_strangers(
        reverse("documents:petition-template-edit", args=[override.public_id])
    )
    assert_hidden_from_strangers(
        reverse("documents:petition-template-preview", args=[override.public_id])
    )


def test_another_organisations_admin_sees_only_the_shared_library(login, override, outsiders):
    other_admin = next(u for u in outsiders if u.username == "other-admin")
    page = login(other_admin).get(reverse("documents:petition-template-list")).content.decode()
    assert "Shared library" in page
    assert "Your organisation" not in page
    assert reverse("documents:petition-template-edit", args=[override.public_id]) not in page


# Batches


def test_batch_drafts_one_petition_per_detainee_and_shows_progress(
    login, raid, supervisor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from casework.models import Role
    from tests.factories import member

    second = member(raid.organisation, Role.SUPERVISOR, "second-supervisor")
    client = login(supervisor)
    response = client.post(
        reverse("raid-petitions", args=[raid.public_id]),
        {"template": template("release-registration").public_id},
    )
    batch = PetitionBatch.objects.get(incident=raid)
    assert response.status_code == 302
    assert batch.petitions.filter(state=PetitionState.DRAFT).count() == 3
    page = client.get(reverse("documents:petition-batch-detail", args=[batch.public_id]))
    assert "0 of 3 ready" in page.content.decode()
    client.post(reverse("documents:petition-batch-action", args=[batch.public_id, "submit"]))
    assert batch.petitions.filter(state=PetitionState.IN_REVIEW).count() == 3
    again = client.get(reverse("raid-petitions", args=[raid.public_id])).content
    assert reverse("documents:petition-batch-detail", args=[batch.public_id]) in again.decode()
    client = login(second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:petition-batch-action", args=[batch.public_id, "approve"]))
    with django_assert_max_num_queries(20):
        progress = client.get(reverse("documents:petition-batch-progress", args=[batch.public_id]))
    assert "3 of 3 ready" in progress.content.decode()
    assert "every 2s" not in progress.content.decode()


def test_batch_lists_failures_with_reasons_and_retries_them(
    login, raid, supervisor, django_capture_on_commit_callbacks
):
    client = login(supervisor)
    client.post(
        reverse("raid-petitions", args=[raid.public_id]),
        {"template": template("release-registration").public_id},
    )
    batch = PetitionBatch.objects.get(incident=raid)
    failing = batch.petitions.order_by("id").first()
    Petition.objects.filter(pk=failing.pk).update(
        state=PetitionState.FAILED, failure_reason="Scan file missing on disk"
    )
    page = client.get(reverse("documents:petition-batch-detail", args=[batch.public_id])).content
    assert "Scan file missing on disk" in page.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:petition-batch-action", args=[batch.public_id, "retry"]))
    assert Petition.objects.get(pk=failing.pk).state == PetitionState.READY


def test_batch_pages_are_hidden_from_strangers(
    login, raid, supervisor, assert_hidden_from_strangers
):
    login(supervisor).post(
        reverse("raid-petitions", args=[raid.public_id]),
        {"template": template("bail-497").public_id},
    )
    batch = PetitionBatch.objects.get(incident=raid)
    assert_hidden_from_strangers(reverse("raid-petitions", args=[raid.public_id]))
    assert_hidden_from_strangers(reverse("documents:petition-batch-detail", args=[batch.public_id]))
    assert_hidden_from_strangers(
        reverse("documents:petition-batch-progress", args=[batch.public_id])
    )
    for action in ("approve", "retry"):
        assert_hidden_from_strangers(
            reverse("documents:petition-batch-action", args=[batch.public_id, action])
        )
