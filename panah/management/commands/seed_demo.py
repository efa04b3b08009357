"""Fictional demo data: two organisations, their users and about seventy cases.

Idempotent: users and organisations are found or created, and a seeded case is
skipped when its fictional detainee already exists. Every name, FIR and number
here is invented.
"""

import os
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casework.models import Membership, Organisation, Role
from casework.services import case_assign
from detainees.intake.services import IntakeRow, cases_open
from detainees.models import Person
from detainees.normalise import match_key
from detainees.services import detention_update
from panah.demo.accounts import demo_totp_device_ensure
from panah.demo.bail import seed_bail_follow_through
from panah.demo.coverage import seed_coverage_examples
from panah.demo.hearings import run_periodic_once, seed_hearings
from panah.demo.incidents import seed_incidents
from panah.demo.petitions import seed_demo_petition
from panah.demo.risk import seed_risk_screenings

User = get_user_model()

GIVEN = [
    ("Ahmad", "احمد"), ("Mohammad Nasir", "محمد ناصر"), ("Abdul Rahim", "عبدالرحیم"),
    ("Gul Agha", "گل آغا"), ("Najibullah", "نجیب‌الله"), ("Zarghuna", "زرغونه"),
    ("Farida", "فریده"), ("Hamid", "حمید"), ("Rahmatullah", "رحمت‌الله"), ("Shabnam", "شبنم"),
    ("Khalid", "خالد"), ("Nasrin", "نسرین"), ("Sayed Ali", "سید علی"), ("Mirwais", "میرویس"),
    ("Bashir", "بشیر"), ("Hakim", "حکیم"), ("Laila", "لیلا"), ("Nazir", "نذیر"),
    ("Wahid", "وحید"), ("Samiullah", "سمیع‌الله"), ("Habiba", "حبیبه"), ("Jawad", "جواد"),
]  # fmt: skip
FEMALE = {"Zarghuna", "Farida", "Shabnam", "Nasrin", "Laila", "Habiba"}
FAMILY = [
    ("Ahmadi", "احمدی"), ("Haidari", "حیدری"), ("Rahimi", "رحیمی"), ("Sultani", "سلطانی"),
    ("Karimi", "کریمی"), ("Noori", "نوری"), ("Safi", "صافی"), ("Wardak", "وردک"),
    ("Hotak", "هوتک"), ("Stanikzai", "ستانکزی"), ("Mohammadi", "محمدی"), ("Jafari", "جعفری"),
]  # fmt: skip
FATHERS = [
    ("Abdul Ghani", "عبدالغنی"), ("Mohammad Nabi", "محمد نبی"), ("Gul Mohammad", "گل محمد"),
    ("Sher Ali", "شیر علی"), ("Haji Qadir", "حاجی قدیر"), ("Abdul Wahab", "عبدالوهاب"),
    ("Nazar Mohammad", "نظر محمد"), ("Din Mohammad", "دین محمد"), ("Ghulam Sakhi", "غلام سخی"),
]  # fmt: skip
STATIONS = [
    ("Islamabad", "Police Station Shahzad Town"), ("Islamabad", "Police Station Golra"),
    ("Islamabad", "Police Station Tarnol"), ("Islamabad", "Police Station Bhara Kahu"),
    ("Rawalpindi", "Police Station Pirwadhai"), ("Rawalpindi", "Police Station Westridge"),
    ("Peshawar", "Police Station Hayatabad"), ("Peshawar", "Police Station Faqirabad"),
    ("Karachi", "Police Station Sohrab Goth"), ("Karachi", "Police Station Manghopir"),
    ("Quetta", "Police Station Satellite Town"), ("Quetta", "Police Station Pashtunabad"),
    ("Lahore", "Police Station Shadbagh"), ("Lahore", "Police Station Ravi Road"),
]  # fmt: skip
PLACES = [
    ("home", "Katchi Abadi, sector I-11"), ("market", "Sabzi Mandi"),
    ("school", "Community school"),
    ("checkpoint", "Motorway toll plaza"), ("workplace", "Brick kiln"), ("home", "Afghan Basti"),
]  # fmt: skip
PROVINCES = ["Kabul", "Nangarhar", "Kunduz", "Ghazni", "Bamyan", "Herat", "Balkh", "Logar"]
LANGUAGES = ["Dari", "Pashto", "Dari, Urdu", "Pashto, Urdu", "Hazaragi, Dari"]
# Hours since arrest for detainees not yet produced: spread across the 24-hour clock.
UNPRODUCED_HOURS = [2, 6, 11, 15, 19, 20.5, 22, 23.5, 26, 31, 47, 70]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str


DEMO_ORG = ("Demo Legal Aid", "ISB")
OTHER_ORG = ("Other Chambers", "PEW")
DEMO_USERS = [
    DemoUser("admin", "Amina", "Qureshi", Role.ADMIN),
    DemoUser("supervisor", "Saima", "Rauf", Role.SUPERVISOR),
    DemoUser("lawyer", "Lubna", "Yousafzai", Role.LAWYER),
    DemoUser("lawyer2", "Tariq", "Mehmood", Role.LAWYER),
    DemoUser("paralegal", "Pervaiz", "Akhtar", Role.PARALEGAL),
]
OTHER_USERS = [
    DemoUser("other-admin", "Owais", "Khattak", Role.ADMIN),
    DemoUser("other-supervisor", "Sadia", "Gillani", Role.SUPERVISOR),
    DemoUser("other-lawyer", "Omar", "Bangash", Role.LAWYER),
    DemoUser("other-paralegal", "Rubina", "Shah", Role.PARALEGAL),
]


class Command(BaseCommand):
    help = "Load fictional demo organisations, users and cases (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=60, help="cases for Demo Legal Aid")
        parser.add_argument("--other-cases", type=int, default=10)

    def handle(self, *args, cases: int, other_cases: int, **options):
        if not settings.DEBUG:
            # It creates accounts with a published password and second-factor secrets
            # derivable from the source, and resets existing demo users' to them.
            raise CommandError("seed_demo only runs with DEBUG on; it is never for production.")
        password = os.environ.get("DEMO_PASSWORD", "demo-password")
        # Assignment emails of the seed would flood the console; in-app notifications stay.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            demo = self._organisation(*DEMO_ORG, DEMO_USERS, password)
            other = self._organisation(*OTHER_ORG, OTHER_USERS, password)
            made = self._cases(demo, DEMO_USERS, cases, seed=1)
            made_other = self._cases(other, OTHER_USERS, other_cases, seed=2)
            seed_hearings(demo)
            seed_bail_follow_through(demo)  # sureties, bail not followed by release, UNHCR
            seed_risk_screenings(demo)  # high-risk cases lead the case list
            # Covered / not covered / unknown on the day of arrest, as in issue 3.
            staff = {u.username: u for u in User.objects.filter(username__in=[
                "paralegal", "supervisor", "lawyer"])}  # fmt: skip
            seed_coverage_examples(
                demo, opener=staff["paralegal"], supervisor=staff["supervisor"],
                lawyer=staff["lawyer"],
            )  # fmt: skip
            seed_demo_petition(demo, paralegal=staff["paralegal"])  # the paralegal's draft
            seed_incidents(demo, staff=staff)  # two raids, their detainees logged in bulk
            run_periodic_once()  # the clock alerts and reminders beat would have sent by now
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {made} new cases for {demo}, {made_other} for {other}."
            )
        )

    def _organisation(self, name, prefix, users, password) -> Organisation:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "reference_prefix": prefix,
                "letterhead": f"{name}\nLegal aid for refugees and migrants\nIslamabad, Pakistan",
            },
        )
        for spec in users:
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@{prefix.lower()}.example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, defaults={"organisation": organisation, "role": spec.role}
            )
            # A fixed, published secret so a tester can add it to any authenticator app
            # (`manage.py demo_logins`); demo accounts only, never real ones.
            demo_totp_device_ensure(user=user)
        return organisation

    @transaction.atomic
    def _cases(self, organisation, users, count, *, seed) -> int:
        rng = random.Random(seed)
        by_role = {spec.role: User.objects.get(username=spec.username) for spec in users}
        lawyers = [User.objects.get(username=s.username) for s in users if s.role == Role.LAWYER]
        supervisor = by_role[Role.SUPERVISOR]
        now = timezone.now().replace(second=0, microsecond=0)
        made = 0
        for index, spec in enumerate(_case_specs(rng, count, now)):
            person_fields, detention_fields, hours_ago, produced_after = spec
            key = match_key(
                person_fields["given_name"], person_fields["family_name"],
                person_fields["father_name"],
            )  # fmt: skip
            if Person.objects.filter(organisation=organisation, match_key=key).exists():
                continue
            opener = lawyers[index % len(lawyers)] if index % 3 else by_role[Role.PARALEGAL]
            (case,) = cases_open(
                membership=opener.membership,
                rows=[IntakeRow(person_fields=person_fields, detention_fields=detention_fields)],
            )
            if produced_after is not None:
                detention_update(
                    case=case,
                    fields={"produced_at": detention_fields["arrested_at"] + produced_after},
                    by=opener,
                )
            if index % 4 != 3:
                lead = lawyers[index % len(lawyers)]
                case_assign(
                    case=case,
                    lead_lawyer=lead,
                    team=[by_role[Role.PARALEGAL]] if index % 2 else [],
                    by=supervisor.membership,
                )
            made += 1
        return made


def _case_specs(rng: random.Random, count: int, now):
    """Every random draw for every case, made up front so that a re-run sees the same cases."""
    seen = set()
    for index in range(count):
        while True:
            given, family, father = rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(FATHERS)
            if (given, family, father) not in seen:
                seen.add((given, family, father))
                break
        city, station = rng.choice(STATIONS)
        place_kind, place = rng.choice(PLACES)
        unproduced = index < len(UNPRODUCED_HOURS)
        hours_ago = UNPRODUCED_HOURS[index] if unproduced else rng.randint(30, 24 * 60)
        arrested_at = now - timedelta(hours=hours_ago)
        produced_after = (
            None if unproduced else timedelta(hours=rng.randint(6, min(40, hours_ago - 1)))
        )
        person_fields = {
            "given_name": given[0], "family_name": family[0],
            "given_name_native": given[1], "family_name_native": family[1],
            "father_name": father[0], "father_name_native": father[1],
            "gender": "female" if given[0] in FEMALE else "male",
            "estimated_age": rng.randint(17, 64),
            "province_of_origin": rng.choice(PROVINCES),
            "languages": rng.choice(LANGUAGES),
            "year_of_arrival": rng.choice([1986, 1992, 1998, 2001, 2009, 2015, 2021, 2022]),
            "family_contact": f"Brother, 03{rng.randint(0, 49):02d}-{rng.randint(1, 9999999):07d}",
            "address_in_pakistan": f"House {rng.randint(1, 400)}, {place}, {city}",
        }  # fmt: skip
        detention_fields = {
            "arrested_at": arrested_at,
            "arrest_place": f"{place}, {city}",
            "arrest_place_kind": place_kind,
            "arresting_agency": rng.choice(["police", "police", "police", "fia"]),
            "police_station": f"{station}, {city}",
            "fir_number": f"{rng.randint(100, 999)}/{arrested_at.year}",
            "fir_date": arrested_at.date(),
            "sections_charged": "s.14 Foreigners Act 1946",
            "custody_location": f"Lock-up, {station}, {city}",
        }
        yield person_fields, detention_fields, hours_ago, produced_after
