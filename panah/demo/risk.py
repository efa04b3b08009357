"""Fictional risk screenings for the demo, so the case list shows high-risk cases first.

Idempotent: an organisation that has any screening is left alone.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.models import Case
from detainees.models import CustodyStatus, Gender, RiskScreening
from detainees.risk.services import referral_save, risk_screening_save

User = get_user_model()

SCREENINGS = [
    (
        {"level": "high", "groups": ["woman_without_guardian"],
         "notes": "Widowed; no male relative left in Afghanistan."},
        {"body": "unhcr", "status": "sent"},
    ),
    (
        {"level": "high", "groups": ["minority"], "ethnicity": "Hazara", "religion": "Shia",
         "notes": "Family home in Ghazni was attacked in 2022."},
        {"body": "resettle_ca", "status": "acknowledged"},
    ),
    (
        {"level": "medium", "groups": ["former_government"],
         "affiliations": "Clerk in a district office before 2021."},
        None,
    ),
]  # fmt: skip


def seed_risk_screenings(organisation) -> int:
    if RiskScreening.objects.filter(organisation=organisation).exists():
        return 0  # seeded before; later cases must not change which ones are screened
    supervisor = User.objects.get(username="supervisor")
    held = Case.objects.filter(
        organisation=organisation, detention__status=CustodyStatus.IN_CUSTODY
    ).select_related("person", "organisation")
    candidates = [
        held.filter(person__gender=Gender.FEMALE).order_by("reference").first(),
        held.filter(person__gender=Gender.MALE).order_by("-reference").first(),
        held.filter(person__gender=Gender.MALE).order_by("reference").first(),
    ]
    made = 0
    for case, (screening, referral) in zip(candidates, SCREENINGS, strict=True):
        if case is None or RiskScreening.objects.filter(case=case).exists():
            continue
        risk_screening_save(case=case, fields=screening, by=supervisor)
        if referral:
            referral_save(
                case=case,
                fields={**referral, "referred_on": timezone.localdate() - timedelta(days=3)},
                by=supervisor,
            )
        made += 1
    return made
