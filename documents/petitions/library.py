"""The seeded template library, read from documents/petition_templates/.

One function for the data migrations (with historical models) and for tests, whose
transactional neighbours flush seeded rows. Only the standard library is imported here,
so the migrations stay valid whatever the app's code becomes.
"""

import json
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "petition_templates"
SEED_NOTE = "Seeded wording, for review by counsel"
REVISED_NOTE = "Revised seeded wording: pleads only what the record establishes; full formal frame"
META_FIELDS = ("title", "description", "default_court", "default_level", "offered_when")


def _meta_fields(Template) -> tuple[str, ...]:
    # An early migration passes a historical model that predates some of these fields.
    known = {field.name for field in Template._meta.get_fields()}
    return tuple(name for name in META_FIELDS if name in known)


def _css(language: str) -> str:
    css = (LIBRARY / "common.css").read_text()
    return css + ((LIBRARY / "urdu.css").read_text() if language == "ur" else "")


def seed_petition_library(Template, Version) -> int:
    """Add the catalogue's global templates that are missing. Idempotent: a template that
    exists, even edited since, is left alone."""
    made = 0
    for entry in json.loads((LIBRARY / "catalogue.json").read_text()):
        template, created = Template.objects.get_or_create(
            organisation=None,
            key=entry["key"],
            language=entry["language"],
            defaults={
                **{f: entry[f] for f in _meta_fields(Template)},
                "for_review_by_counsel": True,
            },
        )
        if created:
            Version.objects.create(
                template=template,
                number=1,
                html=(LIBRARY / entry["html"]).read_text(),
                css=_css(entry["language"]),
                note=SEED_NOTE,
            )
            made += 1
    return made


def refresh_petition_library(Template, Version) -> int:
    """Bring the global templates to the catalogue's wording as a new version, unless an
    administrator has edited them since seeding (then their wording stays theirs). Petitions
    already drafted keep the version they were drafted from."""
    seed_petition_library(Template, Version)
    revised = 0
    for entry in json.loads((LIBRARY / "catalogue.json").read_text()):
        template = Template.objects.get(
            organisation=None, key=entry["key"], language=entry["language"]
        )
        fields = _meta_fields(Template)
        for field in fields:
            setattr(template, field, entry[field])
        template.save(update_fields=list(fields))
        latest = Version.objects.filter(template=template).order_by("-number").first()
        html = (LIBRARY / entry["html"]).read_text()
        # A version this library wrote (seeded or revised) is nobody's edit: it follows.
        if latest.note in (SEED_NOTE, REVISED_NOTE) and latest.html != html:
            Version.objects.create(
                template=template, number=latest.number + 1, html=html,
                css=_css(entry["language"]), note=REVISED_NOTE,
            )  # fmt: skip
            revised += 1
    return revised
