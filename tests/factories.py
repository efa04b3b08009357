"""Factories for the personas and the case graph. Every name here is fictional."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import Membership, Organisation, Role
from detainees.intake.services import IntakeRow, RowsInvalid, cases_open

User = get_user_model()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Legal Aid Org {n}")
    reference_prefix = factory.Sequence(lambda n: f"O{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(organisation: Organisation, role: str, username: str | None = None):
    user = UserFactory(username=username) if username else UserFactory()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def open_case(opened_by, *, hours_ago: float = 3, person=None, detention=None):
    """Open a case through the intake service, with fictional defaults."""
    person_fields = {
        "given_name": "Gul Ahmad",
        "family_name": "Safi",
        "father_name": "Sher Mohammad",
        "given_name_native": "گل احمد",
        "family_name_native": "صافی",
        "father_name_native": "شیر محمد",
        **(person or {}),
    }
    detention_fields = {
        "arrested_at": timezone.now() - timedelta(hours=hours_ago),
        "custody_location": "Lock-up, Police Station Golra, Islamabad",
        "police_station": "Police Station Golra",
        "fir_number": "311/2026",
        **(detention or {}),
    }
    # Tests open the same made-up person many times: confirmed as different people.
    try:
        (case,) = cases_open(
            membership=opened_by.membership,
            rows=[IntakeRow(person_fields=person_fields, detention_fields=detention_fields)],
            confirmed={0},
        )
    except RowsInvalid as invalid:
        # As the intake form does: the one row's error, field by field.
        raise invalid.errors[0] if invalid.errors else ValidationError(invalid.shared) from None
    return case


__all__ = ["OrganisationFactory", "UserFactory", "member", "open_case", "Role"]
