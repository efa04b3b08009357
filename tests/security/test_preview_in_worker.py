"""Finding 4 (second half): a petition's draft preview, with its annexures merged, is
rendered by a PDF worker, never in the web process that answers the request."""

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import OutboxMessage
from documents.petitions import previews
from documents.petitions import services as petitions
from tests.documents.petition_helpers import add_scan, case_with_por, template
from tests.signin import verified_login


class Queued:
    """What the web process handed to the workers instead of rendering: the outbox's
    messages for one task (nothing is delivered here: the test's transaction never
    commits)."""

    def __init__(self, task):
        self.name = task.name

    def _sent(self) -> list[tuple]:
        messages = OutboxMessage.objects.filter(task=self.name).order_by("pk")
        return [tuple(args) for args in messages.values_list("args", flat=True)]

    def __iter__(self):
        return iter(self._sent())

    def __len__(self):
        return len(self._sent())

    def __getitem__(self, index):
        return self._sent()[index]


@pytest.fixture
def queued(db):
    return Queued(previews.render_preview)


@pytest.fixture
def petition(lawyer, paralegal, supervisor):
    case = case_with_por(lawyer, paralegal, supervisor)
    drafted = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
    scan = add_scan(case, paralegal)
    petitions.petition_update(
        petition=drafted, by=paralegal, court="Court", facts="", grounds="",
        prayer_additions="", annexures=[(scan.pk, "PoR card")],
    )  # fmt: skip
    return drafted


def _url(petition):
    return reverse("documents:petition-preview", args=[petition.case.reference, petition.public_id])


def test_the_web_process_only_queues_the_preview(petition, paralegal, login, queued, monkeypatch):
    def rendered_in_the_web_process(*args, **kwargs):
        raise AssertionError("the preview was rendered in the web process")

    client = login(paralegal)
    with monkeypatch.context() as patched:
        patched.setattr(previews, "preview_pdf", rendered_in_the_web_process)
        asked = client.get(_url(petition))
        assert asked.status_code == 302 and "?token=" in asked["Location"]
        waiting = client.get(asked["Location"])
    assert waiting.status_code == 200 and waiting["Refresh"] == "2"
    assert "Preparing the preview" in waiting.content.decode()
    ((petition_id, token),) = queued
    assert petition_id == petition.pk

    previews.render_preview(petition_id, token)  # as the PDF worker runs it
    ready = client.get(asked["Location"])
    assert ready["Content-Type"] == "application/pdf"
    assert ready.content.startswith(b"%PDF-")
    # Served once, then gone.
    assert client.get(asked["Location"]).status_code == 302


def test_another_session_cannot_fetch_the_preview(petition, paralegal, lawyer, login, queued):
    asked = login(paralegal).get(_url(petition))
    ((petition_id, token),) = queued
    previews.render_preview(petition_id, token)
    other = Client()
    verified_login(other, lawyer)
    response = other.get(asked["Location"])
    assert response.status_code == 302  # a new preview of its own, not the other's
    assert len(queued) == 2


# An admin's template preview PDF (findings 4 and 9) -------------------------------------


@pytest.fixture
def template_queued(db):
    return Queued(previews.render_template_preview)


@pytest.fixture
def override(admin_user):
    return petitions.petition_template_save(
        template=template("bail-497"), by=admin_user, html="<p>{{ person.name }}</p>", css=""
    ).template


def _template_pdf(client, override, case, html):
    return client.post(
        reverse("documents:petition-template-preview", args=[override.public_id]),
        {"html": html, "css": "", "case": case.reference, "pdf": "1"},
    )


def test_the_web_process_only_queues_the_template_preview(
    login, admin_user, override, lawyer, paralegal, supervisor, template_queued, monkeypatch
):
    case = case_with_por(lawyer, paralegal, supervisor)
    client = login(admin_user)

    def rendered_in_the_web_process(*args, **kwargs):
        raise AssertionError("the template preview was rendered in the web process")

    with monkeypatch.context() as patched:
        patched.setattr(previews, "template_preview", rendered_in_the_web_process)
        asked = _template_pdf(client, override, case, "<p>PDF of {{ person.name }}</p>")
        assert asked.status_code == 302 and "?token=" in asked["Location"]
        waiting = client.get(asked["Location"])
    assert waiting.status_code == 200 and waiting["Refresh"] == "2"
    assert "Preparing the preview" in waiting.content.decode()
    ((template_id, case_id, user_id, token, html, css),) = template_queued
    assert (template_id, case_id, user_id) == (override.pk, case.pk, admin_user.pk)

    previews.render_template_preview(template_id, case_id, user_id, token, html, css)
    ready = client.get(asked["Location"])
    assert ready["Content-Type"] == "application/pdf"
    assert ready.content.startswith(b"%PDF-")
    assert override.versions.count() == 1  # the preview kept nothing
    # Served once, to this session only.
    assert client.get(asked["Location"]).status_code == 404


def test_a_runtime_error_in_a_template_preview_pdf_is_a_message_not_a_500(
    login, admin_user, override, lawyer, paralegal, supervisor, template_queued
):
    case = case_with_por(lawyer, paralegal, supervisor)
    client = login(admin_user)
    asked = _template_pdf(client, override, case, "{% for a, b in person.name %}{% endfor %}")
    previews.render_template_preview(*template_queued[0])
    response = client.get(asked["Location"])
    assert response.status_code == 400
    assert "failed while being filled in" in response.content.decode()


def test_another_session_cannot_fetch_the_template_preview(
    login, admin_user, override, lawyer, paralegal, supervisor, template_queued, org
):
    from casework.models import Role
    from tests.factories import member

    case = case_with_por(lawyer, paralegal, supervisor)
    asked = _template_pdf(login(admin_user), override, case, "<p>x</p>")
    previews.render_template_preview(*template_queued[0])
    other = Client()
    verified_login(other, member(org, Role.ADMIN, "second-admin"))
    assert other.get(asked["Location"]).status_code == 404


def test_fetching_the_template_preview_pdf_is_a_download_of_the_case(
    login, admin_user, override, lawyer, paralegal, supervisor, template_queued
):
    from casework.models import Event

    case = case_with_por(lawyer, paralegal, supervisor)
    client = login(admin_user)
    asked = _template_pdf(client, override, case, "<p>PDF of {{ person.name }}</p>")
    previews.render_template_preview(*template_queued[0])
    before = Event.objects.count()
    assert client.get(asked["Location"])["Content-Type"] == "application/pdf"
    (event,) = Event.objects.filter(pk__gt=0).order_by("-pk")[: Event.objects.count() - before]
    assert (event.verb, event.case_id, event.actor_id) == (
        "petition_template.previewed",
        case.pk,
        admin_user.pk,
    )
    assert case.person.given_name not in str(event.data)
    # Nothing more leaves on a second fetch, so nothing more is recorded.
    assert client.get(asked["Location"]).status_code == 404
    assert Event.objects.count() == before + 1
