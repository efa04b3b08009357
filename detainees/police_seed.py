"""The respondent police authority of each province, as petitions named it when the table
was Python code. One function for the data migration (with the historical model) and for
tests whose transactional neighbours flush seeded rows; only the standard library here."""

POLICE = [
    (
        "Islamabad Capital Territory",
        "The Inspector General of Police, Islamabad Capital Territory, Islamabad",
        "انسپکٹر جنرل پولیس، اسلام آباد کیپیٹل ٹیریٹری، اسلام آباد",
    ),
    (
        "Punjab",
        "The Inspector General of Police, Punjab, Lahore",
        "انسپکٹر جنرل پولیس پنجاب، لاہور",
    ),
    (
        "Sindh",
        "The Inspector General of Police, Sindh, Karachi",
        "انسپکٹر جنرل پولیس سندھ، کراچی",
    ),
    (
        "Khyber Pakhtunkhwa",
        "The Inspector General of Police, Khyber Pakhtunkhwa, Peshawar",
        "انسپکٹر جنرل پولیس خیبر پختونخوا، پشاور",
    ),
    (
        "Balochistan",
        "The Inspector General of Police, Balochistan, Quetta",
        "انسپکٹر جنرل پولیس بلوچستان، کوئٹہ",
    ),
]


def seed_police_authorities(PoliceAuthority) -> None:
    """Add the provinces that are missing; an edited row stays as platform staff left it."""
    for province, name, name_ur in POLICE:
        PoliceAuthority.objects.get_or_create(
            province=province, defaults={"name": name, "name_ur": name_ur}
        )
