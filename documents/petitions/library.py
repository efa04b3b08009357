"""The seeded template library, read from documents/petition_templates/.

One function for the data migration (with historical models) and for tests, whose
transactional neighbours flush seeded rows. Only the standard library is imported here,
so the migration stays valid whatever the app's code becomes. Idempotent: a template
that exists, even edited since, is left alone.
"""

import json
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "petition_templates"


def seed_petition_library(Template, Version) -> int:
    common_css = (LIBRARY / "common.css").read_text()
    urdu_css = (LIBRARY / "urdu.css").read_text()
    made = 0
    for entry in json.loads((LIBRARY / "catalogue.json").read_text()):
        template, created = Template.objects.get_or_create(
            organisation=None,
            key=entry["key"],
            language=entry["language"],
            defaults={
                "title": entry["title"],
                "description": entry["description"],
                "default_court": entry["default_court"],
                "for_review_by_counsel": True,
            },
        )
        if created:
            css = common_css + (urdu_css if entry["language"] == "ur" else "")
            Version.objects.create(
                template=template,
                number=1,
                html=(LIBRARY / entry["html"]).read_text(),
                css=css,
                note="Seeded wording, for review by counsel",
            )
            made += 1
    return made
