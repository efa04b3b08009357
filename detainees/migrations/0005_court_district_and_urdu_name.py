"""Courts carry their judicial district and their Urdu name, which petitions print in the
heading; the seeded courts are filled in. Re-running is harmless."""

from django.db import migrations, models

DISTRICT_UR = {
    "Islamabad (East)": "اسلام آباد (شرقی)", "Islamabad (West)": "اسلام آباد (غربی)",
    "Rawalpindi": "راولپنڈی", "Lahore": "لاہور", "Peshawar": "پشاور", "Quetta": "کوئٹہ",
    "Karachi South": "کراچی جنوبی", "Karachi East": "کراچی شرقی", "Karachi West": "کراچی غربی",
    "Karachi Central": "کراچی وسطی", "Karachi Malir": "کراچی ملیر",
    "Karachi Korangi": "کراچی کورنگی", "Karachi Keamari": "کراچی کیماڑی",
}  # fmt: skip

SUPERIOR_UR = {
    "Islamabad High Court": "اسلام آباد ہائی کورٹ، اسلام آباد",
    "Lahore High Court": "لاہور ہائی کورٹ، لاہور",
    "Lahore High Court, Rawalpindi Bench": "لاہور ہائی کورٹ، راولپنڈی بنچ، راولپنڈی",
    "Peshawar High Court": "پشاور ہائی کورٹ، پشاور",
    "Sindh High Court": "سندھ ہائی کورٹ، کراچی",
    "Balochistan High Court": "بلوچستان ہائی کورٹ، کوئٹہ",
    "Supreme Court of Pakistan": "سپریم کورٹ آف پاکستان، اسلام آباد",
}

PREFIXES = {
    "Judicial Magistrate, ": "جوڈیشل مجسٹریٹ، ",
    "District and Sessions Court, ": "سیشن جج، ",
}


def fill(apps, schema_editor):
    Court = apps.get_model("detainees", "Court")
    for court in Court.objects.all():
        changed = []
        for prefix, prefix_ur in PREFIXES.items():
            if court.name.startswith(prefix):
                district = court.name.removeprefix(prefix)
                if not court.district:
                    court.district = district
                    changed.append("district")
                if not court.name_ur and district in DISTRICT_UR:
                    court.name_ur = prefix_ur + DISTRICT_UR[district]
                    changed.append("name_ur")
        if court.name in SUPERIOR_UR:
            if not court.district:
                court.district = court.seat
                changed.append("district")
            if not court.name_ur:
                court.name_ur = SUPERIOR_UR[court.name]
                changed.append("name_ur")
        if changed:
            court.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("detainees", "0004_seed_courts")]

    operations = [
        migrations.AddField(
            model_name="court",
            name="district",
            field=models.CharField(
                blank=True, help_text="Judicial district, e.g. Islamabad (East)", max_length=80
            ),
        ),
        migrations.AddField(
            model_name="court",
            name="name_ur",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Urdu"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
