"""Seed the global petition template library from documents/petition_templates/.

The files are read as they stand when the migration runs; later edits to the library
happen in the app and create new versions.
"""

import json
from pathlib import Path

from django.db import migrations

LIBRARY = Path(__file__).resolve().parent.parent / "petition_templates"


def seed(apps, schema_editor):
    Template = apps.get_model("documents", "PetitionTemplate")
    Version = apps.get_model("documents", "PetitionTemplateVersion")
    common_css = (LIBRARY / "common.css").read_text()
    urdu_css = (LIBRARY / "urdu.css").read_text()
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


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_petitions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
