"""Seed the courts where defence teams meet IFRP cases (domain.md, "Court ladder").

Courts are data: superusers add others in the Django admin. Re-running is harmless.
"""

from django.db import migrations

ICT = "Islamabad Capital Territory"
MAGISTRATE = "judicial_magistrate"
SESSIONS = "sessions"
HIGH = "high_court"
SUPREME = "supreme_court"

DISTRICTS = [
    # (seat, province, court-complex names): Islamabad and Karachi are split into districts.
    ("Islamabad", ICT, ["Islamabad (East)", "Islamabad (West)"]),
    ("Rawalpindi", "Punjab", ["Rawalpindi"]),
    ("Lahore", "Punjab", ["Lahore"]),
    ("Peshawar", "Khyber Pakhtunkhwa", ["Peshawar"]),
    ("Karachi", "Sindh", [
        "Karachi South", "Karachi East", "Karachi West", "Karachi Central",
        "Karachi Malir", "Karachi Korangi", "Karachi Keamari",
    ]),
    ("Quetta", "Balochistan", ["Quetta"]),
]

SUPERIOR = [
    ("Islamabad High Court", HIGH, "Islamabad", ICT),
    ("Lahore High Court", HIGH, "Lahore", "Punjab"),
    ("Lahore High Court, Rawalpindi Bench", HIGH, "Rawalpindi", "Punjab"),
    ("Peshawar High Court", HIGH, "Peshawar", "Khyber Pakhtunkhwa"),
    ("Sindh High Court", HIGH, "Karachi", "Sindh"),
    ("Balochistan High Court", HIGH, "Quetta", "Balochistan"),
    ("Supreme Court of Pakistan", SUPREME, "Islamabad", ICT),
]


def courts():
    for seat, province, districts in DISTRICTS:
        for district in districts:
            yield f"Judicial Magistrate, {district}", MAGISTRATE, seat, province
            yield f"District and Sessions Court, {district}", SESSIONS, seat, province
    yield from SUPERIOR


def seed(apps, schema_editor):
    Court = apps.get_model("detainees", "Court")
    for name, level, seat, province in courts():
        Court.objects.update_or_create(
            name=name, defaults={"level": level, "seat": seat, "province": province}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("detainees", "0003_courts_hearings_outcomes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
