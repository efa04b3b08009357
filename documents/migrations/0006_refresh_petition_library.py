"""The revised template library: new templates (bail after refusal, Sessions Court habeas,
vakalatnama, Urdu versions) and a new version of each seeded one an admin has not edited."""

from django.db import migrations

from documents.petitions.library import refresh_petition_library


def refresh(apps, schema_editor):
    refresh_petition_library(
        apps.get_model("documents", "PetitionTemplate"),
        apps.get_model("documents", "PetitionTemplateVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_petition_forum_offers_settings_advocate_profile"),
        ("detainees", "0005_court_district_and_urdu_name"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
