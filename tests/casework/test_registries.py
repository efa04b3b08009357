"""The core's registries: a feature app that registers its parts gets them used, without
the core knowing it. Each test registers a fake app's part and takes it away again."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from casework import registry
from casework.export import case_export
from casework.models import Case
from casework.registry import Anonymiser, CaseSection, ExportFile, ExportPart
from casework.retention import case_anonymise
from casework.timeline import event_sentence
from tests.factories import open_case

FAKE_TEMPLATES = {
    "fake/_export.html": "<h2>Fake part</h2><p>{{ fake_fact }}</p>",
    "fake/_section.html": (
        '<section id="fake-card">{{ fake_fact }} for {{ case.reference }}</section>'
    ),
}
WITH_FAKE_TEMPLATES = override_settings(
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [apps.get_app_config("panah").path + "/../templates"],
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                    "casework.context_processors.membership",
                ],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", FAKE_TEMPLATES),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
)


@pytest.fixture
def registered(monkeypatch):
    """Register a fake app's part for one test only."""

    def _register(listing, item):
        monkeypatch.setattr(registry, listing, [*getattr(registry, listing), item])
        # The modules that read a registry hold their own reference to the list.
        for module in ("casework.retention", "casework.export", "panah.views"):
            target = __import__(module, fromlist=["_"])
            if hasattr(target, listing):
                monkeypatch.setattr(target, listing, getattr(registry, listing))

    return _register


def test_a_registered_verb_reads_as_its_sentence(monkeypatch):
    monkeypatch.setitem(registry.timeline_sentences, "fake.waved", lambda d: f"waved {d['n']}x")
    assert event_sentence("fake.waved", {"n": 3}) == "waved 3x"
    assert event_sentence("fake.unknown", {"summary": "hi"}) == "fake.unknown: hi"


def test_a_verb_registered_twice_is_refused():
    with pytest.raises(ValueError, match="case.opened"):
        registry.register_sentences({"case.opened": "again"})


def test_retention_runs_a_registered_anonymiser_and_deletes_its_files(
    lawyer, registered, django_capture_on_commit_callbacks
):
    case = open_case(lawyer)
    name = default_storage.save("fake/letter.txt", ContentFile(b"names"))
    wiped = []
    registered(
        "anonymisers",
        Anonymiser(
            name="fake",
            wipe=lambda case, person_too: wiped.append((case.pk, person_too)),
            files=lambda case: [SimpleNamespace(storage=default_storage, name=name)],
        ),
    )
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timezone.timedelta(days=3650))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_anonymise(case_id=case.pk) is True
    assert wiped == [(case.pk, True)]
    assert not default_storage.exists(name)


@WITH_FAKE_TEMPLATES
def test_an_export_includes_a_registered_part_and_its_files(case, lawyer, registered):
    registered(
        "export_parts",
        ExportPart(
            key="fake",
            template="fake/_export.html",
            context=lambda case: {"fake_fact": "forty-two"},
            files=lambda case: [ExportFile(name="fake/note.txt", file=ContentFile(b"x", "n"))],
        ),
    )
    export = case_export(case=case, by=lawyer)
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert "fake/note.txt" in archive.namelist()
    summary = PdfReader(io.BytesIO(archive.read(f"{case.reference}-summary.pdf")))
    assert "forty-two" in "".join(page.extract_text() for page in summary.pages)


@WITH_FAKE_TEMPLATES
def test_the_case_page_shows_a_registered_section(case, lawyer, login, registered):
    registered(
        "case_sections",
        CaseSection("fake", "fake/_section.html", lambda case, *, user, now: {"fake_fact": "7"}),
    )
    page = login(lawyer).get(f"/cases/{case.reference}/").content.decode()
    assert f'<section id="fake-card">7 for {case.reference}</section>' in page


def test_a_section_whose_context_is_none_is_left_out(case, lawyer, login, registered):
    registered(
        "case_sections",
        CaseSection("hidden", "casework/_case_team.html", lambda case, *, user, now: None),
    )
    page = login(lawyer).get(f"/cases/{case.reference}/").content.decode()
    assert page.count('aria-labelledby="team-h"') == 1


# Fields that can hold a name, a place or free text.
PERSONAL_OR_FREE_TEXT = (models.CharField, models.TextField, models.JSONField, models.FileField)
PROJECT_APPS = ("casework", "accounts", "detainees", "documents", "api", "analytics")


def _claimed() -> dict[str, set[str]]:
    claimed: dict[str, set[str]] = {}
    for anonymiser in registry.anonymisers:
        for label, names in [*anonymiser.claims.items(), *anonymiser.keeps.items()]:
            claimed.setdefault(label, set()).update(names)
    return claimed


def test_every_personal_or_free_text_field_is_wiped_or_kept_on_purpose():
    claimed = _claimed()
    unclaimed = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            if label in registry.retention_exempt:
                continue
            for f in model._meta.concrete_fields:
                personal = isinstance(f, PERSONAL_OR_FREE_TEXT) and not f.choices
                if personal and f.name not in claimed.get(label, set()):
                    unclaimed.append(f"{label}.{f.name}")
    assert unclaimed == []


def test_every_claimed_field_exists():
    for label, names in _claimed().items():
        model = apps.get_model(label)
        assert names <= {f.name for f in model._meta.concrete_fields}, label
