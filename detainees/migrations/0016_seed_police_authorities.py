"""Seed the province → respondent police authority table (detainees/police_seed.py)."""

from django.db import migrations

from detainees.police_seed import seed_police_authorities


def seed(apps, schema_editor):
    seed_police_authorities(apps.get_model("detainees", "PoliceAuthority"))


class Migration(migrations.Migration):
    dependencies = [("detainees", "0015_sureties_next_friend_unhcr_requests_police_authorities")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
