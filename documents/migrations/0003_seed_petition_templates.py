"""Seed the global petition template library from documents/petition_templates/.

Later edits happen in the app and create new versions.
"""

from django.db import migrations

from documents.petitions.library import seed_petition_library


def seed(apps, schema_editor):
    seed_petition_library(
        apps.get_model("documents", "PetitionTemplate"),
        apps.get_model("documents", "PetitionTemplateVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_petitions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
